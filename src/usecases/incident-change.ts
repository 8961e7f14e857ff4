import { isPerson } from '../domain/actors.js';
import type { Effect } from '../domain/effects.js';
import { FirewatchError, fail } from '../domain/errors.js';
import type { EventBody, NewEvent, TimelineEvent } from '../domain/events.js';
import { evolveAll } from '../domain/evolve.js';
import { canSee, type Incident, type IncidentId, type UserId } from '../domain/incident.js';
import type { StoredIncident } from '../domain/ports.js';
import { scheduleReminders } from '../domain/reminders.js';
import { type Instant, toInstant } from '../domain/time.js';
import type { Actor, Deps } from './context.js';
import { effectsFor } from './effects-policy.js';

/** An event as decided, optionally with its own time (a pinned message keeps the time it was posted). */
export type Decided = EventBody & { at?: Instant };

export interface Changed {
  before?: Incident;
  incident: Incident;
  events: TimelineEvent[];
}

export interface ChangeOptions {
  /** Extra effects beyond what the events imply (run after them). */
  effects?: Effect[];
  /** The incident as the caller just read it: used for the first attempt instead of reading again. */
  readAs?: StoredIncident;
}

/** Concurrent commands on one incident are rare; a few retries settle them. */
const MAX_ATTEMPTS = 5;

function stamp(
  decided: readonly Decided[],
  actor: UserId,
  now: Instant,
  version: number,
  recordedAt: Instant,
): TimelineEvent[] {
  return decided.map(
    (body, index) =>
      ({ ...body, at: body.at ?? now, actor, seq: version + index + 1, recordedAt }) as TimelineEvent,
  );
}

function toNew(events: readonly TimelineEvent[]): NewEvent[] {
  return events.map(({ seq: _seq, recordedAt: _recordedAt, ...event }) => event as NewEvent);
}

/**
 * Read the incident, decide, and commit events, projection and effects in one atomic call. When
 * someone else changed the incident meanwhile, decide again on the fresh state: the second of two
 * people resolving at once is then told it is already resolved.
 */
export async function changeIncident(
  deps: Deps,
  id: IncidentId,
  actor: UserId,
  decide: (incident: Incident, now: Instant) => Decided[],
  options: ChangeOptions = {},
): Promise<Changed> {
  for (let attempt = 1; ; attempt++) {
    const stored = attempt === 1 && options.readAs ? options.readAs : await deps.store.load(id);
    if (!stored) throw notFound(id);
    const now = toInstant(deps.clock.now());
    const decided = decide(stored.incident, now);
    const events = stamp(decided, actor, now, stored.version, now);
    const incident = settle(
      deps,
      events.length > 0 ? evolveAll(stored.incident, toNew(events)) : stored.incident,
    );
    const effects = [...effectsFor(deps, stored.incident, incident, events), ...(options.effects ?? [])];
    try {
      await deps.store.commit({
        incident,
        expectedVersion: stored.version,
        events: toNew(events),
        effects,
        recordedAt: now,
      });
      return { before: stored.incident, incident, events };
    } catch (error) {
      if (!FirewatchError.is(error, 'CONFLICT') || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** Create an incident: the first event takes the next free number; a race for it retries with the next. */
export async function createIncident(
  deps: Deps,
  actor: UserId,
  decide: (number: number, now: Instant) => Decided[],
): Promise<Changed> {
  for (let attempt = 1; ; attempt++) {
    const number = await deps.store.nextIncidentNumber();
    const now = toInstant(deps.clock.now());
    const events = stamp(decide(number, now), actor, now, 0, now);
    const incident = settle(deps, evolveAll(undefined, toNew(events)));
    const effects = effectsFor(deps, undefined, incident, events);
    try {
      await deps.store.commit({
        incident,
        expectedVersion: 0,
        events: toNew(events),
        effects,
        recordedAt: now,
      });
      return { incident, events };
    } catch (error) {
      if (!FirewatchError.is(error, 'CONFLICT') || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** The projection as stored: with its reminder times worked out under the current policy. */
function settle(deps: Deps, incident: Incident): Incident {
  return { ...incident, reminders: scheduleReminders(incident, deps.settings.reminders) };
}

export function notFound(id: IncidentId): FirewatchError {
  return new FirewatchError(
    'INCIDENT_NOT_FOUND',
    `There is no incident ${id}.`,
    'See the open ones with /incident list',
  );
}

/**
 * The incident a command is about: the one it names, or the one whose channel it was typed in.
 * Someone typing in a private incident's channel is a member of it; from elsewhere, a private
 * incident answers only to its participants.
 */
async function readTarget(deps: Deps, named: IncidentId | undefined, actor: Actor): Promise<StoredIncident> {
  const fromChannel = actor.channel ? await deps.store.findByRef('channel', actor.channel) : undefined;
  const id = named ?? fromChannel;
  if (!id) {
    fail(
      'NO_INCIDENT_HERE',
      'This channel is not an incident channel, so say which incident you mean.',
      'Name it after the command, like: /incident note INC-42 …',
    );
  }
  const stored = await deps.store.load(id);
  if (!stored) throw notFound(id);
  const inItsChannel = fromChannel === id;
  if (!inItsChannel && isPerson(actor.user) && !canSee(stored.incident, actor.user)) {
    fail('PRIVATE_INCIDENT', `${id} is private.`, 'Ask its commander to invite you to its channel.');
  }
  return stored;
}

export async function targetIncident(
  deps: Deps,
  named: IncidentId | undefined,
  actor: Actor,
): Promise<Incident> {
  return (await readTarget(deps, named, actor)).incident;
}

/** A person's command on the incident it names (or whose channel it was typed in), read once. */
export async function changeTargetIncident(
  deps: Deps,
  named: IncidentId | undefined,
  actor: Actor,
  decide: (incident: Incident, now: Instant) => Decided[],
  options: ChangeOptions = {},
): Promise<Changed> {
  const stored = await readTarget(deps, named, actor);
  return changeIncident(deps, stored.incident.id, actor.user, decide, { ...options, readAs: stored });
}
