import { isPerson, systemName } from '../domain/actors.js';
import type { Deps } from '../domain/deps.js';
import type { UserId } from '../domain/incident.js';

/** Who is reading a page: the store's viewer rule uses `viewer`; times are shown in `zone`. */
export interface Reader {
  viewer: UserId;
  /** How the header names them; absent when nobody is signed in (DASHBOARD_AUTH=off). */
  name?: string;
  zone: string;
}

/** What the pages read: the store (through its port), the clock, the catalog, people's names. */
export type WebDeps = Pick<Deps, 'store' | 'clock' | 'catalog' | 'settings' | 'directory'>;

/** Names for people, asked of the directory (cached there); a failed look-up shows the id. */
export async function namesOf(deps: WebDeps, users: Iterable<UserId>): Promise<Record<UserId, string>> {
  const unique = [...new Set(users)];
  const names: Record<UserId, string> = {};
  await Promise.all(
    unique.map(async (user) => {
      const system = systemName(user);
      if (system || !isPerson(user)) {
        names[user] = system ?? user;
        return;
      }
      const profile = await deps.directory?.profile(user).catch(() => undefined);
      names[user] = profile?.name ?? `@${user}`;
    }),
  );
  return names;
}

/** A page that cannot be shown as asked: its status and the words that say why. */
export class PageProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * What the pages show beyond the store, each optional: the composition root passes what this
 * installation has (see sources.ts).
 */
export interface DashboardSources {
  /** The postmortem draft's markdown, when one was written. */
  draft?(incident: import('../domain/incident.js').Incident): Promise<string | undefined>;
  /** The deployment an incident is linked to. */
  deployment?(
    incident: import('../domain/incident.js').Incident,
  ): Promise<{ label: string; url?: string } | undefined>;
  /**
   * The error budget each SLO lost to an incident: minutes, and the share of the window's budget;
   * without an impact figure (`known` false), what it would be if all traffic was affected.
   */
  budgetSpent?(
    incident: import('../domain/incident.js').Incident,
  ): Promise<Array<{ slo: string; known: boolean; minutes: number; share: number }>>;
}

/** One of DORA's four keys as a weekly series, each week with its band where it has one. */
export interface DoraKey {
  name: string;
  unit: string;
  weeks: Array<{ week: number; value: number | null; n: number; band?: string }>;
  /** The key over the whole window: its figure as words, its band and the n behind it. */
  overall?: { value: string; band?: string; n: number };
  note?: string;
}

/** An SLO's error budget over its window, as a burn-down, with the incidents that spent it. */
export interface SloBudget {
  service: string;
  slo: string;
  target: number;
  windowDays: number;
  budgetMinutes: number;
  /** The budget left (minutes) at points across the window, oldest first. */
  burnDown: Array<{ at: number; leftMinutes: number }>;
  /** Only incidents the reader may see. */
  incidents: Array<{ id: string; title: string; spentMinutes: number; spentShare: number }>;
  /** Production deployments of the service made while this budget was exhausted. */
  deployedDuringFreeze: Array<{ id: string; sha: string; finishedAt: string; creator?: string }>;
  status: string;
}

/** Where the DORA and SLO pages get their figures once deployments and SLOs are known. */
export interface TrendSources {
  /** The four keys over a window, for this reader; undefined until a deployment is recorded. */
  doraKeys?(reader: Reader, windowMs: number): Promise<DoraKey[] | undefined>;
  /** Every SLO's budget, for this reader; absent until SLOs are declared. */
  sloBudgets?(reader: Reader): Promise<SloBudget[]>;
}
