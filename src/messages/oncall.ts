import type { UserId } from '../domain/incident.js';
import type { OnCall } from '../domain/pager.js';
import type { Block, Inline, Message, Rich } from './model.js';

export type OnCallPerson = OnCall & { user?: UserId };

export interface OnCallAnswer {
  service: string;
  now?: OnCallPerson[];
  next?: OnCallPerson[];
  problem?: string;
}

/** Who is on call now is shown with the end of their shift; who is next, with its start. */
function person(entry: OnCallPerson, when: 'now' | 'next'): Inline[] {
  const who: Inline = entry.user ? { user: entry.user } : entry.name;
  const level = entry.escalationLevel > 1 ? ` (level ${entry.escalationLevel})` : '';
  const shift = when === 'now' ? entry.end : entry.start;
  const time: Inline[] = shift ? [when === 'now' ? ' until ' : ' from ', { date: shift }] : [];
  return [who, level, ...time];
}

function people(list: OnCallPerson[] | undefined, when: 'now' | 'next'): Inline[] {
  if (!list || list.length === 0) return ['nobody'];
  return list.flatMap((entry, index) => [...(index > 0 ? [', '] : []), ...person(entry, when)]);
}

export function onCallLines(answers: OnCallAnswer[]): Rich[] {
  return answers.map((answer): Rich => {
    if (answer.problem) return [{ bold: answer.service }, `: unknown (${answer.problem})`];
    const next = answer.next && answer.next.length > 0 ? [' · next: ', ...people(answer.next, 'next')] : [];
    return [{ bold: answer.service }, ': ', ...people(answer.now, 'now'), ...next];
  });
}

export function onCallMessage(answers: OnCallAnswer[]): Message {
  const blocks: Block[] = [
    { type: 'text', text: [{ bold: 'On call now' }] },
    { type: 'list', items: onCallLines(answers), empty: 'No services are catalogued: add runbooks first.' },
  ];
  return { summary: ['Who is on call'], blocks };
}
