import { addNote } from '../domain/decisions.js';
import { FirewatchError } from '../domain/errors.js';
import type { IncidentId, UserId } from '../domain/incident.js';
import type { SeenMarker } from '../domain/ports.js';
import type { Instant } from '../domain/time.js';
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
  /** The message's own id in its channel (Slack's `ts`, kept as the string Slack sent). */
  messageId: string;
  text: string;
  author: UserId;
  /** When the message was posted: the timeline keeps that time, not the time of the pin. */
  postedAt: Instant;
  permalink?: string;
  /** Who added the pin. */
  pinnedBy: UserId;
  /** The delivery that told of the pin (Slack's `event_id`), so a redelivery is handled once. */
  deliveryId?: string;
}

/**
 * A message pinned with :pushpin: in an incident channel becomes a timeline note; outside one,
 * nothing. The same message pinned twice (two people, or unpinned and pinned again) is one note:
 * the message's id is recorded with the note, in the same commit, so a pin whose commit failed can
 * be pinned again.
 */
export async function addPinnedMessage(deps: Deps, pin: PinnedMessage): Promise<boolean> {
  const id = await deps.store.findByRef('channel', pin.channel);
  if (!id) return false;
  const seen: SeenMarker[] = [{ source: 'pin', key: `${pin.channel}:${pin.messageId}` }];
  if (pin.deliveryId) seen.push({ source: 'slack-event', key: pin.deliveryId });
  try {
    await changeIncident(
      deps,
      id,
      pin.pinnedBy,
      (current) =>
        addNote(current, pin.text, 'pin', {
          author: pin.author,
          ...(pin.permalink ? { permalink: pin.permalink } : {}),
        }).map((event) => ({ ...event, at: pin.postedAt })),
      { seen },
    );
    return true;
  } catch (error) {
    if (FirewatchError.is(error, 'DUPLICATE')) return false;
    throw error;
  }
}
