/** Messages between the bench (parent) and a target it runs in its own process. */
export type ToChild = { type: 'usage' } | { type: 'call'; name: string; args?: unknown } | { type: 'stop' };

export interface Usage {
  rssBytes: number;
  /** CPU time used since the process started, user + system. */
  cpuMicros: number;
}

export type FromChild =
  | { type: 'ready'; port: number; url: string; info?: Record<string, unknown> }
  | { type: 'usage'; usage: Usage }
  | { type: 'result'; name: string; value?: unknown; error?: string }
  | { type: 'stopped' };
