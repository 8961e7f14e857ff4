import { parseSeverity, type Severity } from '../domain/severity.js';
import { type Cursor, clip, serviceIn } from './cursor.js';
import { isLiveOnly, parseWindow } from './time.js';

/** What a report is asked about: `[90d] [service:NAME] [sevN] [live-only]`, in any order. */
export interface ReportScope {
  window?: number;
  service?: string;
  severity?: Severity;
  liveOnly?: true;
}

/** Reads a report's scope from the rest of the line; `sevN` only where the report takes one. */
export function parseReportScope(cursor: Cursor, options: { severity: boolean }): ReportScope {
  const scope: ReportScope = {};
  for (const token of cursor.remaining()) {
    if (isLiveOnly(token)) {
      scope.liveOnly = true;
      continue;
    }
    const service = serviceIn(cursor, token);
    if (service !== undefined && !scope.service) {
      scope.service = service;
      continue;
    }
    const severity = options.severity && /^sev/i.test(token) ? parseSeverity(token) : undefined;
    if (severity && !scope.severity) {
      scope.severity = severity;
      continue;
    }
    const window = parseWindow(token);
    if (window && scope.window === undefined) {
      scope.window = window;
      continue;
    }
    cursor.usage(
      `"${clip(token)}" is not a window (like 90d), a service:NAME${options.severity ? ', a sevN' : ''} or live-only.`,
    );
  }
  return scope;
}
