/**
 * What an error budget asks of people. The defaults are the SRE Workbook's example policy
 * (Appendix B): an incident that spends more than 20 % of the budget gets a postmortem with at
 * least one P0 action; a budget exhausted over its window stops changes except P0 and security fixes.
 */
export interface ErrorBudgetPolicy {
  /** An incident spending more than this share of a window's budget needs a postmortem and a P0 follow-up. */
  incidentShare: number;
  /** From this share of the budget spent, the service is in a change freeze. */
  freezeShare: number;
  /** What the freeze asks, shown on `/incident slo` and on the service's new incident cards. */
  freezeWords: string;
  /** What a costly incident asks, at the top of its postmortem and in its channel. */
  incidentWords: string;
}

export const DEFAULT_ERROR_BUDGET_POLICY: ErrorBudgetPolicy = {
  incidentShare: 0.2,
  freezeShare: 1,
  freezeWords: 'change freeze: only P0 and security fixes',
  incidentWords: 'a postmortem is required, with at least one P0 follow-up to address the root cause',
};

const KEYS: Record<string, keyof ErrorBudgetPolicy> = {
  incident: 'incidentShare',
  freeze: 'freezeShare',
  'freeze-words': 'freezeWords',
  'incident-words': 'incidentWords',
};

/**
 * `incident=20%; freeze=100%; freeze-words=…; incident-words=…`, any of them, separated by `;`
 * (words may contain commas). Returns the policy, or the problems with it.
 */
export function parseErrorBudgetPolicy(text: string): { policy?: ErrorBudgetPolicy; problems: string[] } {
  const problems: string[] = [];
  const policy: ErrorBudgetPolicy = { ...DEFAULT_ERROR_BUDGET_POLICY };
  for (const part of text.split(';')) {
    if (!part.trim()) continue;
    const [rawKey = '', ...rest] = part.split('=');
    const key = KEYS[rawKey.trim().toLowerCase()];
    const value = rest.join('=').trim();
    if (!key) {
      problems.push(
        `ERROR_BUDGET_POLICY: "${rawKey.trim()}" is not a setting (known: ${Object.keys(KEYS).join(', ')})`,
      );
      continue;
    }
    if (key === 'freezeWords' || key === 'incidentWords') {
      if (value) policy[key] = value;
      else problems.push(`ERROR_BUDGET_POLICY: ${rawKey.trim()} needs words after "="`);
      continue;
    }
    const match = /^(\d{1,3}(?:\.\d+)?)\s*%$/.exec(value);
    const share = match ? Number(match[1]) / 100 : Number.NaN;
    if (!(share > 0 && share <= 1)) {
      problems.push(
        `ERROR_BUDGET_POLICY: ${rawKey.trim()}=${value} must be a percentage of the budget above 0 and at most 100, like ${rawKey.trim()}=${key === 'freezeShare' ? '100' : '20'}%`,
      );
      continue;
    }
    policy[key] = share;
  }
  return problems.length > 0 ? { problems } : { policy, problems };
}
