import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Slo } from '../domain/slo.js';
import type { RunbookProblem } from './parse-runbook.js';
import { readSlo, type SloInput } from './parse-slo.js';

/**
 * OpenSLO v1 documents as they are: `apiVersion: openslo/v1`, `kind: SLO`, `metadata.name`, and a
 * `spec` naming its service. Other kinds (Service, SLI, DataSource, …) are valid OpenSLO that
 * Firewatch has no use for, and are passed over.
 */
export interface SloDocument {
  slo?: Slo;
  /** The service the document names, to match against the catalog. */
  service?: string;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/** Every SLO in one file's text; problems carry the file and the document's line. */
export function parseSloFile(file: string, text: string): { slos: Slo[]; problems: RunbookProblem[] } {
  const problems: RunbookProblem[] = [];
  const slos: Slo[] = [];
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  for (const document of Array.isArray(documents) ? documents : []) {
    const line = lineCounter.linePos(document.range[0]).line;
    const error = (message: string, at = line) =>
      problems.push({ file, line: at, severity: 'error', message });
    if (document.errors.length > 0) {
      for (const yamlError of document.errors)
        error(`YAML: ${yamlError.message.split('\n')[0]}`, lineCounter.linePos(yamlError.pos[0]).line);
      continue;
    }
    const data = document.toJS() as unknown;
    if (data === null || data === undefined) continue;
    if (!isMapping(data)) {
      error('an OpenSLO document must be a mapping with apiVersion, kind, metadata and spec');
      continue;
    }
    if (data.apiVersion !== 'openslo/v1') {
      error(
        `apiVersion ${JSON.stringify(data.apiVersion ?? null)} is not read: Firewatch reads OpenSLO v1 documents (apiVersion: openslo/v1)`,
      );
      continue;
    }
    if (data.kind !== 'SLO') continue;
    const metadata = isMapping(data.metadata) ? data.metadata : {};
    const name = metadata.name;
    const label = typeof name === 'string' ? `SLO "${name}"` : 'SLO without metadata.name';
    if (!isMapping(data.spec)) {
      error(`${label}: spec must be a mapping with service, budgetingMethod, timeWindow and objectives`);
      continue;
    }
    const spec = data.spec;
    if (typeof spec.service !== 'string' || !spec.service.trim()) {
      error(`${label}: spec.service must name the service (a runbook's service or alias), like payments`);
      continue;
    }
    const input: SloInput = {
      name,
      description: spec.description,
      budgetingMethod: spec.budgetingMethod,
      timeWindow: spec.timeWindow,
      objectives: spec.objectives,
    };
    const read = readSlo(input, spec.service.trim().toLowerCase(), file, label, (field) =>
      field === 'name' ? 'metadata.name' : `spec.${field}`,
    );
    for (const message of read.errors) error(message);
    slos.push(...read.slos);
  }
  return { slos, problems };
}

/**
 * Reads every `*.yaml` / `*.yml` in SLO_DIR. The folder is optional: absent, there are no such SLOs
 * (a warning only when it was named on purpose).
 */
export function loadSloDir(dir: string, named: boolean): { slos: Slo[]; problems: RunbookProblem[] } {
  let files: string[];
  try {
    files = fs
      .readdirSync(dir)
      .filter((file) => /\.ya?ml$/.test(file))
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !named) return { slos: [], problems: [] };
    return {
      slos: [],
      problems: [
        {
          file: dir,
          severity: 'warning',
          message: `cannot read the SLO folder (${code ?? (error as Error).message}); no SLOs are read from it`,
        },
      ],
    };
  }
  const slos: Slo[] = [];
  const problems: RunbookProblem[] = [];
  for (const file of files) {
    const parsed = parseSloFile(file, fs.readFileSync(path.join(dir, file), 'utf8'));
    slos.push(...parsed.slos);
    problems.push(...parsed.problems);
  }
  return { slos, problems };
}
