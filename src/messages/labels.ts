import type { Status } from '../domain/lifecycle.js';
import type { Severity } from '../domain/severity.js';

export const SEVERITY_EMOJI: Record<Severity, string> = { SEV1: '🔴', SEV2: '🟠', SEV3: '🟡', SEV4: '🔵' };
export const STATUS_EMOJI: Record<Status, string> = {
  investigating: '🔍',
  identified: '🎯',
  monitoring: '👀',
  resolved: '✅',
  closed: '🔒',
};

export function statusLabel(status: Status): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}
