import fs from 'node:fs';
import path from 'node:path';
import type { Service, ServiceCatalog } from '../domain/ports.js';
import { nearest } from '../domain/similarity.js';
import { parseRunbook, type RunbookProblem } from './parse-runbook.js';

export class Catalog implements ServiceCatalog {
  private readonly byName = new Map<string, Service>();

  constructor(private readonly list: readonly Service[]) {
    for (const service of list) {
      this.byName.set(service.name, service);
      for (const alias of service.aliases) this.byName.set(alias, service);
    }
  }

  services(): readonly Service[] {
    return this.list;
  }

  find(nameOrAlias: string): Service | undefined {
    return this.byName.get(nameOrAlias.trim().toLowerCase());
  }

  suggest(nameOrAlias: string): string | undefined {
    return nearest(nameOrAlias.trim().toLowerCase(), this.byName.keys());
  }
}

export interface LoadedCatalog {
  catalog: Catalog;
  problems: RunbookProblem[];
}

/**
 * Reads every `*.md` in the folder (files starting with `_` are templates, not services). A runbook
 * with errors is reported and left out; the others still load. Two runbooks claiming the same name
 * or alias: the second is left out, and the problem names both files.
 */
export function loadCatalog(dir: string): LoadedCatalog {
  const problems: RunbookProblem[] = [];
  let files: string[];
  try {
    files = fs
      .readdirSync(dir)
      .filter((file) => file.endsWith('.md') && !file.startsWith('_'))
      .sort();
  } catch (error) {
    problems.push({
      file: dir,
      severity: 'warning',
      message: `cannot read the runbooks folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); no services are known`,
    });
    return { catalog: new Catalog([]), problems };
  }
  const services: Service[] = [];
  const claimedBy = new Map<string, string>();
  for (const file of files) {
    const parsed = parseRunbook(file, fs.readFileSync(path.join(dir, file), 'utf8'));
    problems.push(...parsed.problems);
    const service = parsed.service;
    if (!service) continue;
    const clash = [service.name, ...service.aliases].find((name) => claimedBy.has(name));
    if (clash) {
      problems.push({
        file,
        severity: 'error',
        message: `"${clash}" is already claimed by ${claimedBy.get(clash)}; a service name or alias must belong to one runbook`,
      });
      continue;
    }
    if (file !== `${service.name}.md`) {
      problems.push({
        file,
        severity: 'warning',
        message: `the file is named ${file} but describes "${service.name}"; name it ${service.name}.md`,
      });
    }
    for (const name of [service.name, ...service.aliases]) claimedBy.set(name, file);
    services.push(service);
  }
  return { catalog: new Catalog(services), problems };
}

export function formatProblem(problem: RunbookProblem): string {
  return `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.severity}: ${problem.message}`;
}
