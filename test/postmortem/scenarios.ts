import type { UserId } from '../../src/domain/incident.js';
import type { Profile, UserDirectory } from '../../src/domain/ports.js';
import { addPinnedMessage } from '../../src/usecases/add-note.js';
import { recordDeployment } from '../../src/usecases/record-deployment.js';
import { recordRefs } from '../../src/usecases/record-outcome.js';
import { actor, run, type TestDeps, testDeps } from '../support/harness.js';

export const PEOPLE: Record<string, Profile> = {
  UALICE: { name: 'Alice Martin', zone: 'Europe/Paris' },
  UBOB: { name: 'Bob Chen', zone: 'America/New_York' },
  UCAROL: { name: 'Carol Díaz', zone: 'America/Sao_Paulo' },
  UDAVE: { name: 'Dave Sato', zone: 'Asia/Tokyo' },
  UERIN: { name: 'Erin Walsh', zone: 'Europe/Dublin' },
};

export const directory: UserDirectory = {
  findByEmail: async () => undefined,
  profile: async (user: UserId) => PEOPLE[user] ?? { name: user },
};

const CHANNEL = 'C0INC1';

/**
 * A SEV2 payments incident with everything a postmortem shows: a back-dated impact start, a
 * commander taking over, roles, updates, a pinned message, follow-ups, a hand-off to another zone,
 * and wording the blameless check should list.
 */
export async function paymentsOutage(options: { untilHandoff?: boolean } = {}): Promise<TestDeps> {
  const deps = testDeps({ directory });
  deps.clock.set('2026-11-26T14:00:00Z');
  const alice = actor('UALICE', CHANNEL, 'Europe/Paris');
  await run(deps, 'declare sev2 service:payments Card payments timing out', alice);
  await recordRefs(deps, 'INC-1', { channel: CHANNEL, channelName: 'inc-1-card-payments-timing-out' });
  deps.clock.advance('2m');
  await run(deps, 'set impact-start 14:52', alice); // 13:52 UTC, read in Paris time
  deps.clock.advance('2m');
  await run(deps, 'assign commander <@UBOB>', actor('UBOB', CHANNEL));
  await run(deps, 'assign scribe <@UCAROL>', actor('UBOB', CHANNEL));
  await run(deps, 'assign comms <@UERIN>', actor('UBOB', CHANNEL));
  deps.clock.advance('6m');
  await run(deps, 'update Stripe p99 is at 8 s; checkout success rate 71%', actor('UBOB', CHANNEL));
  deps.clock.advance('5m');
  await run(deps, 'status identified Stripe regional degradation; Adyen healthy', actor('UBOB', CHANNEL));
  deps.clock.advance('5m');
  await addPinnedMessage(deps, {
    channel: CHANNEL,
    messageId: '1764167550.000100',
    text: 'Stripe status page confirms elevated latency in eu-west',
    author: 'UCAROL',
    postedAt: '2026-11-26T14:12:30.000Z',
    permalink: 'https://example.slack.com/archives/C0INC1/p1764166350',
    pinnedBy: 'UBOB',
  });
  deps.clock.advance('10m');
  await run(deps, 'status monitoring Failed over to Adyen; success rate back to 98%', actor('UBOB', CHANNEL));
  await run(deps, 'impact 30%', actor('UBOB', CHANNEL));
  await run(deps, 'action p1 Alert on PSP p99 above 2 s <@UCAROL> due:2026-12-04', actor('UBOB', CHANNEL));
  await run(deps, 'action Automate the PSP failover', actor('UBOB', CHANNEL));
  await run(deps, 'note The failover runbook step was obviously out of date', actor('UCAROL', CHANNEL));
  deps.clock.advance('30m');
  await run(
    deps,
    'handoff <@UDAVE> Watch Adyen capacity; we should have failed over sooner. Fail back once Stripe is green for 30 min.',
    actor('UBOB', CHANNEL),
  );
  if (options.untilHandoff) return deps;
  deps.clock.advance('20m');
  await run(deps, 'done A2', actor('UDAVE', CHANNEL));
  await run(
    deps,
    'resolve Failed back to Stripe after 30 min of green; human error in the alert thresholds delayed detection',
    actor('UDAVE', CHANNEL),
  );
  return deps;
}

/** A database incident that came back after resolving, then was closed. */
export async function reopenedDatabase(): Promise<TestDeps> {
  const deps = testDeps({ directory });
  deps.clock.set('2026-11-20T23:40:00Z');
  const erin = actor('UERIN', undefined, 'Europe/Dublin');
  await run(deps, 'declare sev3 service:db Replica lag on pg-main', erin);
  deps.clock.advance('25m');
  await run(deps, 'resolve INC-1 Vacuum finished; lag back under 5 s', erin);
  deps.clock.advance('40m');
  await run(deps, 'reopen INC-1 Lag is climbing again past 60 s', erin);
  deps.clock.advance('15m');
  await run(deps, 'sev INC-1 2 Reads are stale for checkout', erin);
  deps.clock.advance('35m');
  await run(deps, 'resolve INC-1 Killed the long-running analytics query', erin);
  deps.clock.advance('1d');
  await run(deps, 'close INC-1', erin);
  return deps;
}

/**
 * The example from the Google SRE book's postmortem appendix: impact at 14:54, declared seven
 * minutes later, mitigated after 42 minutes, resolved at 16:00.
 */
export async function sreBookExample(): Promise<TestDeps> {
  const deps = testDeps({ directory });
  deps.clock.set('2026-11-26T15:01:00Z');
  const ann = actor('UALICE', undefined, 'UTC');
  await run(deps, 'declare sev1 Shakespeare search down: a new sonnet set off a latent bug', ann);
  deps.clock.set('2026-11-26T15:10:00Z');
  await run(deps, 'set INC-1 impact-start 14:54', ann);
  deps.clock.set('2026-11-26T15:36:00Z');
  await run(deps, 'status INC-1 monitoring Traffic redirected to the sacrificial cluster', ann);
  deps.clock.set('2026-11-26T16:00:00Z');
  await run(deps, 'resolve INC-1 Index fixed and rolled out everywhere', ann);
  return deps;
}

/**
 * A payments incident found in a review, recorded after the fact, linked to the deployment that
 * caused it: a change of two commits by two authors, shipped 25 minutes before the impact began.
 */
export async function recordedWithCause(): Promise<TestDeps> {
  const deps = testDeps({ directory });
  deps.clock.set('2026-11-26T09:00:00Z');
  await recordDeployment(
    deps,
    {
      service: 'payments',
      environment: 'production',
      sha: '9f3c2e1a7b6d',
      status: 'success',
      finishedAt: '2026-11-25T21:35:00Z',
      creator: 'dana',
      changes: [
        { sha: '51e0aa2c4d19', committedAt: '2026-11-25T16:02:00Z', author: 'dana' },
        { sha: '9f3c2e1a7b6d', committedAt: '2026-11-25T18:40:00Z', author: 'eve' },
      ],
    },
    { source: 'cli' },
  );
  deps.clock.set('2026-11-27T10:00:00Z');
  const alice = actor('UALICE', undefined, 'Europe/Paris');
  await run(
    deps,
    'record sev2 service:payments Refunds double-charged overnight from:2026-11-25T22:00Z to:2026-11-26T22:11Z',
    alice,
  );
  await run(deps, 'set INC-1 detected 2026-11-26T07:30[Europe/Paris]', alice);
  await run(deps, 'cause INC-1 deploy:9f3c2e1 retry loop in the refund worker', alice);
  return deps;
}
