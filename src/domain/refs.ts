import type { UserId } from './incident.js';

/** Someone PagerDuty had on call when the incident was declared: the chat user where the email matched one. */
export interface OnCallName {
  name: string;
  user?: UserId;
}

/**
 * Where an incident lives outside Firewatch, as the adapters learnt it: its channel, its card's
 * message, its announcement, who was on call, its PagerDuty incident. The store keeps these as
 * strings by key (see `IncidentStore.refs`); this module is the one place that knows how each is
 * written, so nothing else splits or parses them.
 */
export interface IncidentRefs {
  /** The incident channel's id (Slack) or name (console). */
  channel?: string;
  channelName?: string;
  /** The pinned card's message id in the incident channel. */
  card?: string;
  /** The living copy of the card in the announcement channel. */
  announce?: { channel: string; ts: string };
  oncall?: OnCallName[];
  /** The PagerDuty incident this one was declared from or linked to. */
  pagerduty?: string;
}

/** The refs as the store keeps them → typed. A value that does not read is left out. */
export function readRefs(stored: Readonly<Record<string, string>>): IncidentRefs {
  const refs: IncidentRefs = {};
  if (stored.channel) refs.channel = stored.channel;
  if (stored.channelName) refs.channelName = stored.channelName;
  if (stored.card) refs.card = stored.card;
  if (stored.pagerduty) refs.pagerduty = stored.pagerduty;
  const [channel, ts] = (stored.announce ?? '').split(' ');
  if (channel && ts) refs.announce = { channel, ts };
  const oncall = parseOnCall(stored.oncall);
  if (oncall) refs.oncall = oncall;
  return refs;
}

/** Typed refs → what the store keeps. Only the refs given are written; the others stay. */
export function writeRefs(refs: IncidentRefs): Record<string, string> {
  const stored: Record<string, string> = {};
  if (refs.channel !== undefined) stored.channel = refs.channel;
  if (refs.channelName !== undefined) stored.channelName = refs.channelName;
  if (refs.card !== undefined) stored.card = refs.card;
  if (refs.pagerduty !== undefined) stored.pagerduty = refs.pagerduty;
  if (refs.announce) stored.announce = `${refs.announce.channel} ${refs.announce.ts}`;
  if (refs.oncall) stored.oncall = JSON.stringify(refs.oncall);
  return stored;
}

/** Whether writing `next` would change what `current` says of who is on call. */
export function sameOnCall(current: IncidentRefs, next: readonly OnCallName[]): boolean {
  return JSON.stringify(current.oncall ?? null) === JSON.stringify(next);
}

function parseOnCall(text: string | undefined): OnCallName[] | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as OnCallName[]) : undefined;
  } catch {
    return undefined;
  }
}
