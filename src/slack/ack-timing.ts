import type { IncomingMessage, Server } from 'node:http';
import type { AnyMiddlewareArgs, Context } from '@slack/bolt';

/** Told how long Slack waited for a slash command's ack. */
export type AckObserver = (command: string, seconds: number) => void;

interface Timing {
  start: bigint;
  command?: string;
}

/**
 * Times slash commands as Slack waits for them: from the request's arrival (before Bolt reads the
 * body and checks the signature) to the end of the HTTP response that carries the ack. The HTTP
 * server marks the arrival; Bolt hands the mark to a global middleware through the context, and
 * the global middleware names the command, so only slash commands are observed.
 */
export function ackTiming(observe: AckObserver) {
  const arrivals = new WeakMap<IncomingMessage, Timing>();
  return {
    /** For HTTPReceiver's customPropertiesExtractor (it is given the same request object). */
    customProperties: (request: IncomingMessage) => ({ ackTiming: arrivals.get(request) }),
    /** Names the command a request carries (from the global middleware), so that it is observed. */
    note(body: AnyMiddlewareArgs['body'], context: Context) {
      const timing = context.ackTiming as Timing | undefined;
      if (timing && 'command' in body && typeof body.command === 'string') timing.command = body.command;
    },
    attach(server: Server) {
      server.prependListener('request', (request: IncomingMessage, response) => {
        if (request.method !== 'POST') return;
        const timing: Timing = { start: process.hrtime.bigint() };
        arrivals.set(request, timing);
        response.once('finish', () => {
          if (timing.command) observe(timing.command, Number(process.hrtime.bigint() - timing.start) / 1e9);
        });
      });
    },
  };
}
