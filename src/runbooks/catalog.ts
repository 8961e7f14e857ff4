import fs from 'node:fs';
import path from 'node:path';
import type { Service, ServiceCatalog } from '../domain/ports.js';
import { nearest } from '../domain/similarity.js';
import type { Slo } from '../domain/slo.js';
import { parseRunbook, type RunbookProblem } from './parse-runbook.js';
import { loadSloDir } from './slo-files.js';

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
export function loadCatalog(dir: string, sloFolder?: SloFolder): LoadedCatalog {
  const loaded = loadRunbooks(dir);
  if (!sloFolder) return loaded;
  return withSloFiles(loaded, loadSloDir(sloFolder.dir, sloFolder.named));
}

/** SLO_DIR: where OpenSLO documents are read from, and whether it was set on purpose. */
export interface SloFolder {
  dir: string;
  named: boolean;
}

/**
 * Gives each OpenSLO document's SLOs to the service its `spec.service` names (by name or alias). A
 * document naming an unknown service, or an SLO name the service already has, is an error.
 */
export function withSloFiles(
  loaded: LoadedCatalog,
  files: { slos: readonly Slo[]; problems: readonly RunbookProblem[] },
): LoadedCatalog {
  const problems = [...loaded.problems, ...files.problems];
  const added = new Map<string, Slo[]>();
  for (const slo of files.slos) {
    const service = loaded.catalog.find(slo.service);
    if (!service) {
      const near = loaded.catalog.suggest(slo.service);
      problems.push({
        file: slo.file,
        severity: 'error',
        message: `SLO "${slo.name}": spec.service "${slo.service}" is not a known service${near ? ` (did you mean ${near}?)` : ''}; name a runbook's service or alias`,
      });
      continue;
    }
    const taken = [...(service.slos ?? []), ...(added.get(service.name) ?? [])];
    const clash = taken.find((other) => other.name === slo.name);
    if (clash) {
      problems.push({
        file: slo.file,
        severity: 'error',
        message: `SLO "${slo.name}": metadata.name is already an SLO of ${service.name} (in ${clash.file}); SLO names are unique per service`,
      });
      continue;
    }
    added.set(service.name, [...(added.get(service.name) ?? []), { ...slo, service: service.name }]);
  }
  const services = loaded.catalog
    .services()
    .map((service) =>
      added.has(service.name)
        ? { ...service, slos: [...(service.slos ?? []), ...added.get(service.name)!] }
        : service,
    );
  return { catalog: new Catalog(services), problems };
}

function loadRunbooks(dir: string): LoadedCatalog {
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
