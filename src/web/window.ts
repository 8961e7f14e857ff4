import { DAY } from '../domain/time.js';
import { PageProblem } from './context.js';
import { html } from './html.js';

export const WINDOWS: Record<string, { ms: number; label: string }> = {
  '7d': { ms: 7 * DAY, label: 'Last 7 days' },
  '30d': { ms: 30 * DAY, label: 'Last 30 days' },
  '90d': { ms: 90 * DAY, label: 'Last 90 days' },
  '365d': { ms: 365 * DAY, label: 'Last year' },
};

/** `window=30d` from a query string: one of WINDOWS, or refused with the ones there are. */
export function parseWindow(query: URLSearchParams): string | undefined {
  const window = query.get('window')?.trim();
  if (!window || window === 'all') return undefined;
  if (!(window in WINDOWS))
    throw new PageProblem(
      400,
      `"${window}" is not a window.`,
      `Use one of: ${Object.keys(WINDOWS).join(', ')}, all.`,
    );
  return window;
}

/** The window picker of a report page: a plain GET form, so a chosen window is a link to share. */
export function windowForm(action: string, current: string, label = 'Declared in') {
  return html`<form class="filters" method="get" action="${action}" aria-label="Window">
<label>${label}<select name="window">${Object.entries(WINDOWS).map(
    ([value, { label }]) =>
      html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`,
  )}</select></label>
<button type="submit">Show</button>
</form>`;
}
