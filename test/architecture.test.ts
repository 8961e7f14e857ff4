import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/harness.js';

/**
 * The layers, as the folders name them. Imports point inward: adapters → use cases → domain.
 * The domain imports nothing of ours; adapters never import each other; only the composition
 * roots (main.ts, cli.ts) see everything.
 */
const CORE: Record<string, string[]> = {
  domain: [],
  // The verbs: each parses its words into a typed request and runs its use case.
  commands: ['domain', 'messages', 'usecases'],
  messages: ['domain', 'reports'],
  reports: ['domain'],
  // Use cases take typed requests: they never see the grammar.
  usecases: ['domain', 'messages', 'reports'],
  // Effects write on incidents only through the outcome port (domain/outcomes.ts).
  effects: ['domain', 'messages'],
};
const ADAPTERS = [
  'slack',
  'console',
  'pagerduty',
  'deployments',
  'store',
  'runbooks',
  'postmortem',
  'metrics',
  'web',
];
const ADAPTER_MAY_USE = ['domain', 'commands', 'messages', 'reports', 'usecases', 'effects'];
const ROOTS = new Set(['main.ts', 'cli.ts']);

const SRC = path.join(REPO, 'src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function layerOf(file: string): string {
  const relative = path.relative(SRC, file);
  const [first] = relative.split(path.sep);
  return relative.includes(path.sep) ? first! : relative;
}

function ourImports(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  return [
    ...source.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g,
    ),
  ].map((match) => path.resolve(path.dirname(file), (match[1] ?? match[2])!));
}

describe('the architecture', () => {
  const all = files(SRC);

  it('keeps every import pointing inward', () => {
    const broken: string[] = [];
    for (const file of all) {
      const from = layerOf(file);
      if (ROOTS.has(from)) continue;
      for (const target of ourImports(file)) {
        const to = layerOf(target.replace(/\.js$/, '.ts'));
        if (to === from) continue;
        let allowed: boolean;
        if (from in CORE) allowed = CORE[from]!.includes(to);
        else if (ADAPTERS.includes(from)) allowed = ADAPTER_MAY_USE.includes(to);
        else if (from === 'config.ts') allowed = to === 'domain';
        else if (from === 'logger.ts') allowed = false;
        else allowed = false;
        if (!allowed) broken.push(`${path.relative(REPO, file)} imports ${path.relative(REPO, target)}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it.each([
    ['effects', 'usecases'],
    ['usecases', 'commands'],
    ['messages', 'commands'],
  ])('keeps src/%s/ from importing src/%s/', (from, to) => {
    const crossing = all
      .filter((file) => layerOf(file) === from)
      .filter((file) => ourImports(file).some((target) => layerOf(target) === to))
      .map((file) => path.relative(REPO, file));
    expect(crossing).toEqual([]);
  });

  it('has no import cycles among the use cases', () => {
    const usecases = all.filter((file) => layerOf(file) === 'usecases');
    const edges = new Map(
      usecases.map((file) => [
        file,
        ourImports(file)
          .map((target) => target.replace(/\.js$/, '.ts'))
          .filter((target) => layerOf(target) === 'usecases'),
      ]),
    );
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (trail.includes(file)) {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.basename(f)).join(' → '));
        return;
      }
      for (const next of edges.get(file) ?? []) visit(next, [...trail, file]);
    };
    for (const file of usecases) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the domain free of I/O and of any library', () => {
    const impure = all
      .filter((file) => layerOf(file) === 'domain')
      .filter((file) => /from\s+['"](?!\.)/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(REPO, file));
    expect(impure).toEqual([]);
  });

  it('takes time and randomness from outside in the domain and the use cases', () => {
    const offenders = all
      .filter((file) => ['domain', 'usecases', 'commands', 'messages', 'reports'].includes(layerOf(file)))
      .filter((file) =>
        /Date\.now\(|new Date\(\)|Math\.random\(|randomUUID\(/.test(fs.readFileSync(file, 'utf8')),
      )
      .map((file) => path.relative(REPO, file));
    expect(offenders).toEqual([]);
  });

  it('reads the environment in config.ts only', () => {
    const readers = all
      .filter((file) => fs.readFileSync(file, 'utf8').includes('process.env'))
      .map((file) => path.relative(SRC, file));
    expect(readers).toEqual(['config.ts']);
  });
});
