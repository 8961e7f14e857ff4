import { isPerson } from '../domain/actors.js';
import { editRefusal, type IncidentChangeKind } from '../domain/editors.js';
import type { Effect } from '../domain/effects.js';
import { FirewatchError, fail } from '../domain/errors.js';
import type { EventBody, NewEvent, TimelineEvent } from '../domain/events.js';
import { evolveAll } from '../domain/evolve.js';
import { canSee, type Incident, type IncidentId, type UserId } from '../domain/incident.js';
import type { SeenMarker, StoredIncident } from '../domain/ports.js';
import { scheduleReminders } from '../domain/reminders.js';
import { type Instant, toInstant } from '../domain/time.js';
import type { Actor, Deps } from './context.js';
import { effectsFor } from './effects-policy.js';

/** An event as decided, optionally with its own time (a pinned message keeps the time it was posted). */
export type Decided = EventBody & { at?: Instant };

export interface Changed {
  before?: Incident;
  incident: Incident;
  /** The new events as stored, with their `seq`. */
  events: TimelineEvent[];
}

export interface ChangeOptions {
  /** Extra effects beyond what the events imply (run after them). */
  effects?: Effect[];
  /** The incident as the caller just read it: used for the first attempt instead of reading again. */
  readAs?: StoredIncident;
  /** Delivery ids this change handles, recorded with it: a repeat fails with DUPLICATE. */
  seen?: readonly SeenMarker[];
  /** Adapter refs learnt with this change, written with it. */
  refs?: Readonly<Record<string, string>>;
}

export interface TargetChangeOptions extends ChangeOptions {
  /**
   * What the command does, for who may do it (INCIDENT_EDITORS), or how to tell from the incident
   * as read (a status change may resolve or reopen it); a plain change when absent.
   */
  change?: IncidentChangeKind | ((current: Incident) => IncidentChangeKind);
}

/**
 * Commands on one incident at the same moment (a busy channel, several replicas) lose the version
 * race and decide again on the incident as it now is. A lost race means another writer's commit
 * landed, so n writers at once are all through within n attempts; this bounds a pile-up far
 * beyond what a channel produces, each attempt taking a few milliseconds.
 */
const MAX_ATTEMPTS = 50;

function stamp(decided: readonly Decided[], actor: UserId, now: Instant): NewEvent[] {
  return decided.map((body) => ({ ...body, at: body.at ?? now, actor }) as NewEvent);
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
    const events = stamp(decide(stored.incident, now), actor, now);
    // No events, no new projection: the store writes only the refs and markers of such a commit.
    const incident = events.length > 0 ? settle(deps, evolveAll(stored.incident, events)) : stored.incident;
    try {
      const written = await deps.store.commit({
        id,
        expectedVersion: stored.version,
        recordedAt: now,
        decide: () => ({ incident, events }),
        effects: (change) => [
          ...effectsFor(deps, stored.incident, change.incident, change.events),
          ...(options.effects ?? []),
        ],
        ...(options.seen ? { seen: options.seen } : {}),
        ...(options.refs ? { refs: options.refs } : {}),
      });
      return { before: stored.incident, incident: written.incident, events: written.events };
    } catch (error) {
      if (!FirewatchError.is(error, 'CONFLICT') || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * Create an incident. The store gives it its number inside the commit, so two declarations at the
 * same moment (here or on another replica) never race for one.
 */
export async function createIncident(
  deps: Deps,
  actor: UserId,
  decide: (number: number, now: Instant) => Decided[],
  options: Pick<ChangeOptions, 'seen' | 'refs'> = {},
): Promise<Changed> {
  const now = toInstant(deps.clock.now());
  const written = await deps.store.commit({
    expectedVersion: 0,
    recordedAt: now,
    decide: (number) => {
      const events = stamp(decide(number, now), actor, now);
      return { incident: settle(deps, evolveAll(undefined, events)), events };
    },
    effects: (change) => effectsFor(deps, undefined, change.incident, change.events),
    ...(options.seen ? { seen: options.seen } : {}),
    ...(options.refs ? { refs: options.refs } : {}),
  });
  return { incident: written.incident, events: written.events };
}

/** The projection as stored: with its reminder times worked out under the current policy. */
function settle(deps: Deps, incident: Incident): Incident {
  return { ...incident, reminders: scheduleReminders(incident, deps.settings.reminders) };
}

/**
 * No such incident, or a private one the person may not see: the same words for both, so that
 * asking about INC-n does not tell an outsider that a private INC-n exists.
 */
export function notFound(id: IncidentId): FirewatchError {
  return new FirewatchError(
    'INCIDENT_NOT_FOUND',
    `There is no incident ${id} you can see.`,
    'See the open ones with /incident list. A private incident shows only to the people in its channel.',
  );
}

/** A command's request, recorded with its change: the same request again is refused as DUPLICATE. */
export function deliveryMarkers(actor: Actor): SeenMarker[] {
  return actor.delivery ? [{ source: 'slack-request', key: actor.delivery }] : [];
}

/**
 * The incident a command is about: the one it names, or the one whose channel it was typed in.
 * Someone typing in a private incident's channel is a member of it; from elsewhere, a private
 * incident answers only to its participants still in its channel, and to anyone else exactly as an
 * incident that does not exist.
 */
async function readTarget(
  deps: Deps,
  named: IncidentId | undefined,
  actor: Actor,
): Promise<StoredIncident & { inItsChannel: boolean }> {
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
  const inItsChannel = fromChannel === id;
  if (!stored || (!inItsChannel && isPerson(actor.user) && !canSee(stored.incident, actor.user))) {
    throw notFound(id);
  }
  return { ...stored, inItsChannel };
}

export async function targetIncident(
  deps: Deps,
  named: IncidentId | undefined,
  actor: Actor,
): Promise<Incident> {
  return (await readTarget(deps, named, actor)).incident;
}

/**
 * The incident a command would change, as `changeTargetIncident` reads it, with the same check of
 * who may make this change: for a use case that asks before changing (a large correction).
 */
export async function targetIncidentToChange(
  deps: Deps,
  named: IncidentId | undefined,
  actor: Actor,
  change: IncidentChangeKind,
): Promise<Incident> {
  const { inItsChannel, incident } = await readTarget(deps, named, actor);
  const editors = deps.settings.incidentEditors ?? 'anyone';
  const refused = editRefusal({ editors, incident, user: actor.user, change, inItsChannel });
  if (refused) throw refused;
  return incident;
}

/** A person's command on the incident it names (or whose channel it was typed in), read once. */
export async function changeTargetIncident(
  deps: Deps,
  named: IncidentId | undefined,
  actor: Actor,
  decide: (incident: Incident, now: Instant) => Decided[],
  { change = 'change', ...options }: TargetChangeOptions = {},
): Promise<Changed> {
  const { inItsChannel, ...stored } = await readTarget(deps, named, actor);
  const seen = [...(options.seen ?? []), ...deliveryMarkers(actor)];
  const editors = deps.settings.incidentEditors ?? 'anyone';
  // Checked on the incident as each attempt reads it: a hand-over in between counts.
  const allowed = (incident: Incident, now: Instant) => {
    const kind = typeof change === 'function' ? change(incident) : change;
    const refused = editRefusal({ editors, incident, user: actor.user, change: kind, inItsChannel });
    if (refused) throw refused;
    return decide(incident, now);
  };
  return changeIncident(deps, stored.incident.id, actor.user, allowed, {
    ...options,
    readAs: stored,
    ...(seen.length > 0 ? { seen } : {}),
  });
}
