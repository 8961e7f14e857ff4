import type { FromChild, ToChild, Usage } from './child-protocol.js';

export type Calls = Record<string, (args: unknown) => Promise<unknown> | unknown>;

function send(message: FromChild): void {
  process.send?.(message);
}

export function usage(): Usage {
  const cpu = process.cpuUsage();
  return {
    rssBytes: process.memoryUsage.rss(),
    cpuMicros: cpu.user + cpu.system,
  };
}

/**
 * The child's half: announce the port, answer usage questions and named calls, stop when asked or
 * when the parent goes away (so a crashed bench never leaves servers behind).
 */
export function serveParent(
  ready: { port: number; url: string; info?: Record<string, unknown> },
  stop: () => Promise<void>,
  calls: Calls = {},
): void {
  const shutdown = async () => {
    await stop().catch(() => undefined);
    send({ type: 'stopped' });
    process.disconnect?.();
    process.exit(0);
  };
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToChild) => {
    if (message.type === 'usage') send({ type: 'usage', usage: usage() });
    else if (message.type === 'stop') void shutdown();
    else if (message.type === 'call') {
      const call = calls[message.name];
      Promise.resolve()
        .then(() => {
          if (!call) throw new Error(`no call named ${message.name}`);
          return call(message.args);
        })
        .then(
          (value) => send({ type: 'result', name: message.name, value }),
          (error: unknown) => send({ type: 'result', name: message.name, error: String(error) }),
        );
    }
  });
  send({ type: 'ready', ...ready });
}

/** `--name=value` arguments of a target script. */
export function argument(name: string, fallback?: string): string {
  const prefix = `--${name}=`;
  const found = process.argv.find((arg) => arg.startsWith(prefix));
  if (found) return found.slice(prefix.length);
  if (fallback === undefined) throw new Error(`missing --${name}=…`);
  return fallback;
}
