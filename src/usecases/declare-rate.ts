import { FirewatchError } from '../domain/errors.js';
import type { SeenMarker } from '../domain/ports.js';
import { formatDuration } from '../domain/time.js';
import type { Deps } from './context.js';

/** DECLARE_RATE_LIMIT: at most `count` declarations from one source in each window of `windowMs`. */
export interface DeclareRateLimit {
  count: number;
  windowMs: number;
}

/** Who a declaration counts against: a person, or a PagerDuty service declaring by itself. */
export type DeclareSource = { person: string } | { pagerdutyService: string };

const SLOT_SOURCE = 'declare-rate';

function sourceKey(source: DeclareSource): string {
  return 'person' in source ? `user:${source.person}` : `pagerduty:${source.pagerdutyService}`;
}

function slot(source: DeclareSource, window: number, n: number): SeenMarker {
  return { source: SLOT_SOURCE, key: `${sourceKey(source)}:${window}:${n}` };
}

function refusal(limit: DeclareRateLimit, source: DeclareSource, waitMs: number): FirewatchError {
  const per = formatDuration(limit.windowMs);
  const who = 'person' in source ? 'You have' : `PagerDuty's service ${source.pagerdutyService} has`;
  return new FirewatchError(
    'RATE_LIMITED',
    `${who} reached the limit of ${limit.count} declarations per ${per} (DECLARE_RATE_LIMIT); nothing was declared.`,
    `Try again in ${formatDuration(Math.max(1_000, waitMs))}. If these are one problem, add to the incident already open: /incident note INC-n …`,
  );
}

/**
 * Takes one of the source's declaration slots for the current window and runs `declare` with it
 * as a seen marker, so that the slot is taken only if the declaration commits. The slots live in
 * the store beside every other marker, so replicas on one database share the count. Windows are
 * fixed (each minute of the clock for `/1m`), so a burst across a window's edge can reach twice the
 * count within one window's length.
 */
export async function withDeclareSlot<T>(
  deps: Deps,
  source: DeclareSource,
  declare: (seen: SeenMarker[]) => Promise<T>,
  isOurDuplicate: () => Promise<boolean>,
): Promise<T> {
  const limit = deps.settings.declareRateLimit;
  if (!limit) return declare([]);
  for (let attempt = 1; ; attempt++) {
    const now = deps.clock.now().getTime();
    const window = Math.floor(now / limit.windowMs);
    const free = await firstFreeSlot(deps, source, window, limit.count);
    if (free === undefined) throw refusal(limit, source, (window + 1) * limit.windowMs - now);
    try {
      return await declare([slot(source, window, free)]);
    } catch (error) {
      // Someone took this slot first (another replica): try the next, unless the request itself
      // was the repeat. Each loss means a slot was taken, so this ends within `count` tries, by
      // a free slot or by the refusal above.
      if (!FirewatchError.is(error, 'DUPLICATE') || attempt > limit.count || (await isOurDuplicate()))
        throw error;
    }
  }
}

/**
 * Slots fill in order, so the first free one is found by halving: a few reads, not `count`. Most
 * people declare once in a window, so the first slot is looked at first: one read.
 */
async function firstFreeSlot(
  deps: Deps,
  source: DeclareSource,
  window: number,
  count: number,
): Promise<number | undefined> {
  if (!(await deps.store.seen(slot(source, window, 1)))) return 1;
  let low = 2;
  let high = count + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (await deps.store.seen(slot(source, window, middle))) low = middle + 1;
    else high = middle;
  }
  return low <= count ? low : undefined;
}
