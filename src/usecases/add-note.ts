import { addNote } from '../domain/decisions.js';
import type { IncidentId, UserId } from '../domain/incident.js';
import { type Instant, toInstant } from '../domain/time.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeIncident, changeTargetIncident } from './incident-change.js';

export async function addTimelineNote(
  deps: Deps,
  request: { incident?: IncidentId; text: string },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) =>
    addNote(current, request.text),
  );
  return done(`Noted on the ${incident.id} timeline.`);
}

export interface PinnedMessage {
  /** The channel the message is in, and the incident it belongs to through that channel. */
  channel: string;
  text: string;
  author: UserId;
  /** When the message was posted: the timeline keeps that time, not the time of the pin. */
  postedAt: Instant;
  permalink?: string;
  /** Who added the pin. */
  pinnedBy: UserId;
}

/** A message pinned with :pushpin: in an incident channel becomes a timeline note. Outside one, nothing. */
export async function addPinnedMessage(deps: Deps, pin: PinnedMessage): Promise<boolean> {
  const id = await deps.store.findByRef('channel', pin.channel);
  if (!id) return false;
  // The same message pinned twice (two people, or unpinned and pinned again) is one note.
  const first = await deps.store.markSeen(
    'pin',
    `${pin.channel}:${pin.postedAt}`,
    toInstant(deps.clock.now()),
  );
  if (!first) return false;
  await changeIncident(deps, id, pin.pinnedBy, (current) => [
    ...addNote(current, pin.text, 'pin', {
      author: pin.author,
      ...(pin.permalink ? { permalink: pin.permalink } : {}),
    }).map((event) => ({
      ...event,
      at: pin.postedAt,
    })),
  ]);
  return true;
}
