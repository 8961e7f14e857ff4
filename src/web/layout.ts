import { type Html, html } from './html.js';

export interface PageFrame {
  title: string;
  /** Which nav entry is this page's. */
  section: 'incidents' | 'reports' | 'dora' | 'slo' | 'none';
  /** Who is reading, as shown in the header; absent when nobody signed in. */
  reader?: string | undefined;
  /** Shown beside the reader when the dashboard has sessions (Sign in with Slack). */
  signOut?: boolean;
  /** Pages with charts load the charting library and the script that draws them. */
  charts?: boolean;
  body: Html;
}

const NAV: Array<[PageFrame['section'], string, string]> = [
  ['incidents', '/', 'Incidents'],
  ['reports', '/reports', 'Reports'],
  ['dora', '/dora', 'DORA'],
  ['slo', '/slo', 'SLOs'],
];

/** The page around every view: semantic landmarks, one stylesheet, scripts only where charts are. */
export function page(frame: PageFrame): string {
  const nav = NAV.map(
    ([section, href, label]) =>
      html`<li><a href="${href}"${section === frame.section ? html` aria-current="page"` : ''}>${label}</a></li>`,
  );
  const scripts = frame.charts
    ? html`<link rel="stylesheet" href="/assets/uPlot.min.css">
<script src="/assets/uPlot.iife.min.js" defer></script>
<script src="/assets/charts.js" defer></script>`
    : '';
  const reader = frame.reader
    ? html`<p class="reader">${frame.reader}${frame.signOut ? html` · <a href="/auth/logout">Sign out</a>` : ''}</p>`
    : '';
  return `<!doctype html>\n${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${frame.title} · Firewatch</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dashboard.css">
${scripts}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<nav aria-label="Dashboard"><a class="brand" href="/">Firewatch</a><ul>${nav}</ul></nav>
${reader}
</header>
<main id="main">
${frame.body}
</main>
</body>
</html>`.text
  }\n`;
}
