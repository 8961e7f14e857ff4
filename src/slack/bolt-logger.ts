import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

const TO_PINO: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt's own log lines, through our pino (and so through its redaction). */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let name = 'bolt';
  return {
    debug: (...messages: unknown[]) => child.debug({ name }, messages.map(String).join(' ')),
    info: (...messages: unknown[]) => child.info({ name }, messages.map(String).join(' ')),
    warn: (...messages: unknown[]) => child.warn({ name }, messages.map(String).join(' ')),
    error: (...messages: unknown[]) => child.error({ name }, messages.map(String).join(' ')),
    setLevel: (level: LogLevel) => {
      child.level = TO_PINO[level] ?? 'info';
    },
    getLevel: () =>
      (Object.entries(TO_PINO).find(([, pino]) => pino === child.level)?.[0] as LogLevel | undefined) ??
      LogLevel.INFO,
    setName: (value: string) => {
      name = value;
    },
  };
}
