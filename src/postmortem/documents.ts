import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { slugify } from '../domain/channel-name.js';
import type { TimelineEvent } from '../domain/events.js';
import type { Incident } from '../domain/incident.js';
import type { DocumentInput, Documents, RenderedDocument } from '../effects/ports.js';
import { HANDOFF_TEMPLATE, POSTMORTEM_TEMPLATE } from './builtin-templates.js';
import { handoffView, postmortemView } from './view.js';

type Template = (context: unknown) => string;
type Kind = 'postmortem' | 'handoff';

const FILES: Record<Kind, string> = { postmortem: 'postmortem.md.hbs', handoff: 'handoff.md.hbs' };
const BUILTIN: Record<Kind, string> = { postmortem: POSTMORTEM_TEMPLATE, handoff: HANDOFF_TEMPLATE };

/**
 * A Handlebars environment of its own (helpers and partials do not leak between instances), in
 * strict mode so a misspelt field fails loudly, and without HTML escaping: the output is markdown.
 */
export function createEnvironment(partialsDir?: string): typeof Handlebars {
  const env = Handlebars.create();
  env.registerHelper('upper', (text: unknown) => String(text).toUpperCase());
  env.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : '',
  );
  if (partialsDir) {
    for (const file of safeList(partialsDir)) {
      if (!file.endsWith('.hbs') || Object.values(FILES).includes(file)) continue;
      env.registerPartial(
        file.replace(/(\.md)?\.hbs$/, ''),
        fs.readFileSync(path.join(partialsDir, file), 'utf8'),
      );
    }
  }
  return env;
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

export interface TemplateDocumentsOptions {
  /** The team's templates (TEMPLATES_DIR); missing files fall back to the built-in ones. */
  templatesDir: string;
  postmortemsDir: string;
}

/** Postmortem drafts and hand-off briefs from Handlebars templates, with the built-ins as a safety net. */
export class TemplateDocuments implements Documents {
  constructor(private readonly options: TemplateDocumentsOptions) {}

  postmortem(input: DocumentInput): RenderedDocument {
    const view = postmortemView(input);
    const rendered = this.render('postmortem', view);
    return view.errorBudget?.required ? { ...rendered, p0Request: view.errorBudget.required } : rendered;
  }

  handoffBrief(
    input: DocumentInput & { handoff: Extract<TimelineEvent, { kind: 'handed_off' }> },
  ): RenderedDocument {
    return this.render('handoff', handoffView(input));
  }

  async savePostmortem(incident: Incident, markdown: string): Promise<string> {
    const file = path.join(this.options.postmortemsDir, postmortemFileName(incident));
    await fs.promises.mkdir(this.options.postmortemsDir, { recursive: true });
    // Write then rename, so a reader never sees half a draft.
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(temporary, markdown, 'utf8');
    await fs.promises.rename(temporary, file);
    return file;
  }

  /** Templates are read on every render, so edits apply without a restart. */
  private render(kind: Kind, view: unknown): RenderedDocument {
    const file = path.join(this.options.templatesDir, FILES[kind]);
    let source: string | undefined;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        return this.builtin(kind, view, `cannot read ${file}: ${(error as Error).message}`);
      }
    }
    if (source === undefined) return { markdown: compile(createEnvironment(), BUILTIN[kind])(view) };
    try {
      return { markdown: compile(createEnvironment(this.options.templatesDir), source)(view) };
    } catch (error) {
      return this.builtin(kind, view, `${file}: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  private builtin(kind: Kind, view: unknown, problem: string): RenderedDocument {
    return { markdown: compile(createEnvironment(), BUILTIN[kind])(view), fallbackError: problem };
  }
}

export function compile(env: typeof Handlebars, source: string): Template {
  return env.compile(source, { strict: true, noEscape: true });
}

export function postmortemFileName(incident: Incident): string {
  const slug = slugify(incident.title)
    .slice(0, 60)
    .replace(/[-_]+$/, '');
  return `${incident.id}${slug ? `-${slug}` : ''}.md`;
}
