import { FIREWATCH } from '../domain/actors.js';
import { FirewatchError } from '../domain/errors.js';
import { dueReminders, scheduleReminders } from '../domain/reminders.js';
import { toInstant } from '../domain/time.js';
import type { Deps } from './context.js';
import { changeIncident } from './incident-change.js';

/**
 * Sends every reminder that is due. The versioned commit is the claim: if two workers nudge the same
 * incident at once, one commit wins and the other sees a changed incident with nothing due.
 */
export async function sendDueReminders(deps: Deps, limit = 50): Promise<number> {
  const ids = await deps.store.dueReminders(toInstant(deps.clock.now()), limit);
  let sent = 0;
  for (const id of ids) {
    try {
      const { events } = await changeIncident(deps, id, FIREWATCH, (incident, now) =>
        dueReminders(scheduleReminders(incident, deps.settings.reminders), now).map((reminder) => ({
          kind: 'reminder_sent' as const,
          reminder,
        })),
      );
      sent += events.length;
    } catch (error) {
      // Someone else sent it, or the incident moved on; the next tick looks again.
      if (!FirewatchError.is(error, 'CONFLICT')) throw error;
    }
  }
  return sent;
}
