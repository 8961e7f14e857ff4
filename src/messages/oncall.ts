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

function person(entry: OnCallPerson): Inline[] {
  const who: Inline = entry.user ? { user: entry.user } : entry.name;
  const level = entry.escalationLevel > 1 ? ` (level ${entry.escalationLevel})` : '';
  const until: Inline[] = entry.end ? [' until ', { date: entry.end }] : [];
  return [who, level, ...until];
}

function people(list: OnCallPerson[] | undefined): Inline[] {
  if (!list || list.length === 0) return ['nobody'];
  return list.flatMap((entry, index) => [...(index > 0 ? [', '] : []), ...person(entry)]);
}

export function onCallLines(answers: OnCallAnswer[]): Rich[] {
  return answers.map((answer): Rich => {
    if (answer.problem) return [{ bold: answer.service }, `: unknown (${answer.problem})`];
    const next = answer.next && answer.next.length > 0 ? [' · next: ', ...people(answer.next)] : [];
    return [{ bold: answer.service }, ': ', ...people(answer.now), ...next];
  });
}

export function onCallMessage(answers: OnCallAnswer[]): Message {
  const blocks: Block[] = [
    { type: 'text', text: [{ bold: 'On call now' }] },
    { type: 'list', items: onCallLines(answers), empty: 'No services are catalogued: add runbooks first.' },
  ];
  return { summary: ['Who is on call'], blocks };
}
