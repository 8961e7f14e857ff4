import type { Service } from '../domain/ports.js';
import type { Block, Message } from './model.js';

/** The runbook's first section (usually the first checks), its dashboards, and where to read the rest. */
export function runbookMessage(service: Service, link: string | undefined): Message {
  const { runbook } = service;
  const first = runbook.sections[0];
  const blocks: Block[] = [{ type: 'header', text: `📖 ${runbook.title}` }];
  if (first) {
    blocks.push(
      { type: 'text', text: [{ bold: first.heading }] },
      { type: 'markdown', text: first.markdown || '(empty)' },
    );
  } else {
    blocks.push({ type: 'text', text: ['This runbook has no sections yet.'] });
  }
  if (service.dashboards.length > 0) {
    blocks.push({
      type: 'links',
      links: service.dashboards.map((dashboard) => ({ text: dashboard.title, url: dashboard.url })),
    });
  }
  const more = runbook.sections.slice(1).map((section) => section.heading);
  blocks.push({
    type: 'context',
    text: [
      link ? { link, text: 'Whole runbook' } : `Whole runbook: runbooks/${service.file}`,
      more.length > 0 ? ` · also: ${more.join(', ')}` : '',
      service.team ? ` · team: ${service.team}` : '',
    ],
  });
  return { summary: [`${runbook.title}${first ? `: ${first.heading}` : ''}`], blocks };
}
