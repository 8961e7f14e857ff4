import { afterEach, describe, expect, it } from 'vitest';
import { type Firewatch, startFirewatch } from '../support/slack-harness.js';

let firewatch: Firewatch | undefined;
afterEach(async () => {
  await firewatch?.stop();
  firewatch = undefined;
});

/** One sample's value from a Prometheus text exposition, by its name and labels as written. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics, scraped over HTTP from the running server', () => {
  it('exposes the process, slash-command ack latency, the outbox and open incidents', async () => {
    firewatch = await startFirewatch();
    const metricsUrl = new URL('/metrics', firewatch.url).href;
    expect((await firewatch.command('declare sev2 Checkout is down')).status).toBe(200);
    expect((await firewatch.command('help')).status).toBe(200);

    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();

    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(sample(text, 'firewatch_slash_command_ack_seconds_count{command="/incident"}')).toBe(2);
    expect(sample(text, 'firewatch_slash_command_ack_seconds_bucket{le="3",command="/incident"}')).toBe(2);
    expect(sample(text, 'firewatch_slash_command_ack_seconds_sum{command="/incident"}')).toBeGreaterThan(0);
    expect(sample(text, 'firewatch_incidents_open{severity="SEV2"}')).toBe(1);
    expect(sample(text, 'firewatch_incidents_open{severity="SEV1"}')).toBe(0);
    expect(sample(text, 'firewatch_outbox_failed_effects')).toBe(0);
    expect(sample(text, 'firewatch_outbox_pending_effects')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'firewatch_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);

    // Once the worker has set the incident up, nothing waits.
    await firewatch.settle();
    const settled = await (await fetch(metricsUrl)).text();
    expect(sample(settled, 'firewatch_outbox_pending_effects')).toBe(0);
    expect(sample(settled, 'firewatch_outbox_oldest_pending_age_seconds')).toBe(0);
  });

  it('times slash commands only, not events or other routes', async () => {
    firewatch = await startFirewatch();
    await firewatch.event({ type: 'member_joined_channel', user: 'UBOB', channel: 'CGENERAL' });
    await fetch(new URL('/healthz', firewatch.url));
    const text = await (await fetch(new URL('/metrics', firewatch.url))).text();
    expect(text).not.toContain('firewatch_slash_command_ack_seconds_count');
  });
});
