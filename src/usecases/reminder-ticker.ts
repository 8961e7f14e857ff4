import type { Logger } from 'pino';
import type { Deps } from './context.js';
import { sendDueReminders } from './send-reminders.js';

export interface ReminderTicker {
  stop(): void;
}

/**
 * Every `everyMs`, turns the reminders that are due into effects (their commits wake the outbox to
 * deliver them). A tick that fails is logged and the next one tries again; a tick still running when the
 * next is due (a slow database) is not started twice.
 */
export function startReminderTicker(options: {
  deps: Deps;
  logger: Logger;
  everyMs?: number;
}): ReminderTicker {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await sendDueReminders(options.deps);
    } catch (error) {
      options.logger.error({ err: error }, 'reminders: tick failed; trying again on the next one');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, options.everyMs ?? 15_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
