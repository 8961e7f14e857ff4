import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock, IncidentStore } from '../domain/ports.js';
import { SEVERITIES } from '../domain/severity.js';

export interface Metrics {
  /** The Prometheus exposition, for GET /metrics. */
  scrape(): Promise<{ contentType: string; body: string }>;
  /** A slash command was acknowledged `seconds` after its request arrived. */
  observeAck(command: string, seconds: number): void;
}

/**
 * Slack gives a slash command 3 s for its ack; the buckets are dense well below that, where a
 * healthy bot lives, and reach past it to show what Slack refused.
 */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];

/**
 * Firewatch's Prometheus registry: the process (CPU, memory, event loop lag, GC), slash-command
 * ack latency, the outbox (depth, failures, age of the oldest waiting effect) and open incidents
 * by severity. The store figures are read at scrape time, each from an index, so a scrape costs
 * the same whatever the history. One registry per server, so tests may start several.
 */
export function createMetrics(source: {
  store: Pick<IncidentStore, 'outboxStats' | 'openIncidentsBySeverity'>;
  clock: Clock;
  /** Log writes lost so far (a full disk under the log file). */
  droppedLogWrites?: () => number;
}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const dropped = source.droppedLogWrites;
  if (dropped) {
    new Gauge({
      name: 'firewatch_log_writes_dropped',
      help: 'Log writes that failed (disk full under the log file, closed pipe) since the process started.',
      registers: [registry],
      collect() {
        this.set(dropped());
      },
    });
  }
  const ack = new Histogram({
    name: 'firewatch_slash_command_ack_seconds',
    help: 'Time from a slash command request arriving to its ack being sent (Slack allows 3 s).',
    labelNames: ['command'],
    buckets: ACK_BUCKETS,
    registers: [registry],
  });
  // Read once per scrape, shared by the three outbox gauges.
  let outbox: ReturnType<typeof source.store.outboxStats> | undefined;
  const outboxStats = () => {
    outbox ??= source.store.outboxStats().finally(() => {
      outbox = undefined;
    });
    return outbox;
  };
  new Gauge({
    name: 'firewatch_outbox_pending_effects',
    help: 'Effects recorded and not yet carried out (Slack, PagerDuty, files).',
    registers: [registry],
    async collect() {
      this.set((await outboxStats()).pending);
    },
  });
  new Gauge({
    name: 'firewatch_outbox_failed_effects',
    help: 'Effects that failed for good and will not be retried.',
    registers: [registry],
    async collect() {
      this.set((await outboxStats()).failed);
    },
  });
  new Gauge({
    name: 'firewatch_outbox_oldest_pending_age_seconds',
    help: 'How long the oldest pending effect has waited (0 when none is waiting).',
    registers: [registry],
    async collect() {
      const oldest = (await outboxStats()).oldestPendingAt;
      this.set(oldest ? Math.max(0, (source.clock.now().getTime() - Date.parse(oldest)) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'firewatch_incidents_open',
    help: 'Incidents investigating, identified or monitoring, by severity (private ones counted too).',
    labelNames: ['severity'],
    registers: [registry],
    async collect() {
      const open = await source.store.openIncidentsBySeverity();
      for (const severity of SEVERITIES) this.set({ severity }, open[severity]);
    },
  });
  return {
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    observeAck(command, seconds) {
      ack.observe({ command }, seconds);
    },
  };
}
