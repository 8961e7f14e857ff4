export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const DEFAULT_SEVERITY: Severity = 'SEV3';

/** Accepts `sev1`, `SEV-1` and `1` (any case). */
export function parseSeverity(text: string): Severity | undefined {
  const match = /^(?:sev-?)?([1-4])$/i.exec(text.trim());
  return match ? (`SEV${match[1]}` as Severity) : undefined;
}

/** SEV1 and SEV2 are major: they page on declare and want a tighter update cadence. */
export function isMajor(severity: Severity): boolean {
  return severity === 'SEV1' || severity === 'SEV2';
}

export const SEVERITY_MEANING: Record<Severity, string> = {
  SEV1: 'critical: customers broadly affected, all hands',
  SEV2: 'major: a key feature degraded for many customers',
  SEV3: 'minor: limited impact, a workaround exists',
  SEV4: 'low: no customer impact yet, worth tracking',
};
