import type { TimelineEvent } from '../domain/events.js';
import type { Incident } from '../domain/incident.js';

/**
 * Phrases that judge people or lean on hindsight. The check lists them for the authors to revisit;
 * it never rewrites what people wrote.
 */
export const JUDGING_PHRASES = [
  'human error',
  'should have',
  "should've",
  'should not have',
  "shouldn't have",
  'failed to',
  'careless',
  'forgot',
  'obviously',
  'blame',
  'negligent',
  'sloppy',
  'incompetent',
  'stupid',
] as const;

export interface WordingFinding {
  phrase: string;
  where: string;
  excerpt: string;
}

const PATTERN = new RegExp(
  `\\b(${JUDGING_PHRASES.map((phrase) => phrase.replace(/'/g, "[’']")).join('|')})\\w*`,
  'gi',
);

function excerpt(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 40);
  const end = Math.min(text.length, index + length + 40);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

function scan(text: string | undefined, where: string, findings: WordingFinding[]): void {
  if (!text) return;
  for (const match of text.matchAll(PATTERN)) {
    findings.push({
      phrase: match[1]!.toLowerCase().replace('’', "'"),
      where,
      excerpt: excerpt(text, match.index, match[0].length),
    });
  }
}

/** Every judging phrase in what people wrote about the incident, with where it was. */
export function checkWording(
  incident: Incident,
  timeline: readonly TimelineEvent[],
  label: (event: TimelineEvent) => string,
): WordingFinding[] {
  const findings: WordingFinding[] = [];
  scan(incident.title, 'the title', findings);
  scan(incident.description, 'the description', findings);
  for (const event of timeline) {
    const where = label(event);
    switch (event.kind) {
      case 'note_added':
        scan(event.text, `a note (${where})`, findings);
        break;
      case 'update_posted':
        scan(event.text, `an update (${where})`, findings);
        break;
      case 'status_changed':
        scan(event.message, `a status change (${where})`, findings);
        break;
      case 'severity_changed':
        scan(event.reason, `a severity change (${where})`, findings);
        break;
      case 'resolved':
        scan(event.summary, `the resolution summary (${where})`, findings);
        break;
      case 'reopened':
        scan(event.reason, `the reopen reason (${where})`, findings);
        break;
      case 'handed_off':
        scan(event.notes, `hand-off notes (${where})`, findings);
        break;
      case 'action_added':
        scan(event.text, `follow-up ${event.actionId}`, findings);
        break;
      default:
        break;
    }
  }
  return findings;
}
