import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import { quantile } from './numbers.js';

export interface LoadRun {
  /** Acknowledged (2xx) requests per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  acked: number;
  failed: number;
}

/**
 * A fixed number of connections posting requests for a fixed time, each made by `request` as it is
 * sent (Slack gives every request its own trigger_id and signs it, and Firewatch refuses a replayed
 * one). Latencies are kept from autocannon's per-response event (sub-millisecond), not its
 * whole-millisecond histogram.
 */
export async function loadRun(options: {
  url: string;
  request: () => { body: string; headers: Record<string, string> };
  connections: number;
  seconds: number;
}): Promise<LoadRun> {
  const latencies: number[] = [];
  let failed = 0;
  const instance = autocannon({
    url: options.url,
    method: 'POST',
    requests: [{ setupRequest: (request) => ({ ...request, ...options.request() }) }],
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
  });
  // The instance emits (client, status, bytes, ms); @types/autocannon describes the client's event.
  (instance as unknown as EventEmitter).on('response', (_client, status: number, _bytes, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
    else failed += 1;
  });
  const result = await instance;
  failed += result.errors + result.timeouts;
  if (latencies.length === 0) throw new Error(`no request to ${options.url} was acknowledged`);
  return {
    rps: latencies.length / result.duration,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    acked: latencies.length,
    failed,
  };
}
