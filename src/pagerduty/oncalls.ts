import type { OnCall } from '../domain/pager.js';

/**
 * One item of `GET /oncalls`. With `include[]=users` its `user` is the full user, email included,
 * instead of a reference (developer-docs REST-API/13-Includes.md). `start` and `end` are null for a
 * permanent on-call (the schema's own description says so, although its type does not allow null).
 */
export interface OncallItem {
  escalation_level?: number;
  start?: string | null;
  end?: string | null;
  user?: { id?: string; summary?: string; name?: string; email?: string } | null;
  schedule?: { summary?: string } | null;
}

function instant(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function toOnCall(item: OncallItem): OnCall {
  const start = instant(item.start);
  const end = instant(item.end);
  return {
    name: item.user?.name ?? item.user?.summary ?? item.user?.id ?? 'someone',
    ...(item.user?.email ? { email: item.user.email } : {}),
    escalationLevel: item.escalation_level ?? 1,
    ...(item.schedule?.summary ? { scheduleName: item.schedule.summary } : {}),
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
  };
}

function byLevelThenName(a: OnCall, b: OnCall): number {
  return a.escalationLevel - b.escalationLevel || a.name.localeCompare(b.name);
}

/**
 * Who is on call now, and who takes over next. The lookup asks for `earliest=true` over a window
 * that starts now, so each person appears once per level, at their first shift in the window (the
 * parameter exists "for determining when the next on-calls are", says the REST schema). Whoever's
 * shift has begun is on call now; next is the earliest shift yet to begin at the lowest level.
 */
export function nowAndNext(items: readonly OncallItem[], now: Date): { now: OnCall[]; next: OnCall[] } {
  const at = now.getTime();
  const people = items.map(toOnCall);
  const current = people.filter((person) => !person.start || Date.parse(person.start) <= at);
  const future = people.filter((person) => person.start && Date.parse(person.start) > at);
  if (future.length === 0) return { now: current.sort(byLevelThenName), next: [] };
  const level = Math.min(...future.map((person) => person.escalationLevel));
  const atLevel = future.filter((person) => person.escalationLevel === level);
  const first = Math.min(...atLevel.map((person) => Date.parse(person.start!)));
  return {
    now: current.sort(byLevelThenName),
    next: atLevel.filter((person) => Date.parse(person.start!) === first).sort(byLevelThenName),
  };
}
