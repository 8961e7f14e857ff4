import { describe, expect, it } from 'vitest';
import type { ReportRow } from '../../src/domain/ports.js';
import { weeklyMttx, weekStart } from '../../src/reports/weekly.js';
import { when } from '../../src/web/format.js';
import { escapeHtml, html, jsonData } from '../../src/web/html.js';
import { markdownToHtml } from '../../src/web/markdown.js';
import { openSession, sealSession } from '../../src/web/session.js';

describe('escaping', () => {
  it('escapes every interpolated value, at any depth', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(html`<p title="${'"><script>'}">${['<b>', html`<i>${'<u>'}</i>`]}</p>`.text).toBe(
      '<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;<i>&lt;u&gt;</i></p>',
    );
  });

  it('keeps chart data from closing its script element', () => {
    const block = jsonData('c', { title: '</script><script>alert(1)</script>' }).text;
    expect(block).not.toContain('</script><script>');
    expect(JSON.parse(block.slice(block.indexOf('>') + 1, block.lastIndexOf('</script>')))).toEqual({
      title: '</script><script>alert(1)</script>',
    });
  });
});

describe('times in the reader’s zone', () => {
  const shown = (instant: string, zone: string) => {
    const out = when(instant, zone);
    return typeof out === 'string' ? out : out.text.replace(/<[^>]+>/g, '');
  };

  it('follows the zone across a daylight-saving change, to the minute', () => {
    // Paris springs forward at 01:00 UTC on 29 March 2026: 01:59 CET, then 03:00 CEST.
    expect(shown('2026-03-29T00:59:00.000Z', 'Europe/Paris')).toBe('2026-03-29 01:59');
    expect(shown('2026-03-29T01:00:00.000Z', 'Europe/Paris')).toBe('2026-03-29 03:00');
    expect(shown('2026-03-29T01:07:00.000Z', 'Europe/Paris')).toBe('2026-03-29 03:07');
    // And falls back at 01:00 UTC on 25 October 2026: 02:59 CEST, then 02:00 CET.
    expect(shown('2026-10-25T00:59:00.000Z', 'Europe/Paris')).toBe('2026-10-25 02:59');
    expect(shown('2026-10-25T01:00:00.000Z', 'Europe/Paris')).toBe('2026-10-25 02:00');
    // Half-hour and quarter-hour zones.
    expect(shown('2026-12-01T10:00:00.000Z', 'Asia/Kolkata')).toBe('2026-12-01 15:30');
    expect(shown('2026-12-01T10:00:00.000Z', 'Asia/Kathmandu')).toBe('2026-12-01 15:45');
  });

  it('reads an unknown zone as UTC and keeps the machine-readable instant', () => {
    expect(shown('2026-12-01T10:00:00.000Z', 'Nowhere/Else')).toBe('2026-12-01 10:00');
    expect((when('2026-12-01T10:00:00.000Z', 'UTC') as { text: string }).text).toBe(
      '<time datetime="2026-12-01T10:00:00.000Z">2026-12-01 10:00</time>',
    );
  });
});

describe('the postmortem draft as HTML', () => {
  it('renders the markdown the templates write', () => {
    const out = markdownToHtml(
      '# INC-1: Down\n\n| Id | Action |\n|---|---|\n| A1 | fix **it** |\n\n- one\n- `two`\n\n*prompt* and [runbook](https://example.com/r)\n',
    ).text;
    expect(out).toBe(
      '<h3>INC-1: Down</h3><div class="scroll"><table><thead><tr><th scope="col">Id</th><th scope="col">Action</th></tr></thead><tbody><tr><td>A1</td><td>fix <strong>it</strong></td></tr></tbody></table></div><ul><li>one</li><li><code>two</code></li></ul><p><em>prompt</em> and <a href="https://example.com/r" rel="noreferrer">runbook</a></p>',
    );
  });

  it('never lets a draft inject markup or a script link', () => {
    const out = markdownToHtml('<img src=x onerror=alert(1)> [click](javascript:alert(1)) `<b>`').text;
    expect(out).toBe(
      '<p>&lt;img src=x onerror=alert(1)&gt; [click](javascript:alert(1)) <code>&lt;b&gt;</code></p>',
    );
  });
});

describe('weekly MTTx', () => {
  it('starts weeks on Monday, UTC', () => {
    expect(new Date(weekStart(Date.parse('2026-11-26T14:00:00Z'))).toISOString()).toBe(
      '2026-11-23T00:00:00.000Z',
    );
    expect(new Date(weekStart(Date.parse('2026-11-23T00:00:00Z'))).toISOString()).toBe(
      '2026-11-23T00:00:00.000Z',
    );
    expect(new Date(weekStart(Date.parse('2026-11-22T23:59:59Z'))).toISOString()).toBe(
      '2026-11-16T00:00:00.000Z',
    );
  });

  it('has every week of the window, the empty ones too, with n beside each figure', () => {
    const at = (day: string) => Date.parse(`${day}T10:00:00Z`);
    const row = (day: string, ttrMinutes: number | null): ReportRow => ({
      id: `INC-${day}`,
      severity: 'SEV2',
      service: null,
      status: ttrMinutes === null ? 'investigating' : 'resolved',
      impactStartedAt: at(day),
      detectedAt: at(day),
      declaredAt: at(day),
      declarationKnown: true,
      acknowledgedAt: null,
      mitigatedAt: null,
      resolvedAt: ttrMinutes === null ? null : at(day) + ttrMinutes * 60_000,
      causedBy: null,
      recorded: false,
    });
    const weeks = weeklyMttx(
      [row('2026-11-02', 10), row('2026-11-04', 30), row('2026-11-05', null), row('2026-11-17', 60)],
      at('2026-11-02'),
      at('2026-11-20'),
    );
    expect(
      weeks.map((week) => [
        new Date(week.week).toISOString().slice(0, 10),
        week.incidents,
        week.durations.ttr,
      ]),
    ).toEqual([
      ['2026-11-02', 3, { n: 2, median: 20 * 60_000, p90: 28 * 60_000, max: 30 * 60_000 }],
      ['2026-11-09', 0, { n: 0 }],
      ['2026-11-16', 1, { n: 1, median: 60 * 60_000, p90: 60 * 60_000, max: 60 * 60_000 }],
    ]);
  });
});

describe('session cookies', () => {
  const session = { user: 'UALICE', name: 'Alice', expires: 2_000 };

  it('open with their secret until they expire', () => {
    const sealed = sealSession('secret', session);
    expect(openSession('secret', sealed, 1_999)).toEqual(session);
    expect(openSession('secret', sealed, 2_000)).toBeUndefined();
    expect(openSession('other secret', sealed, 1_000)).toBeUndefined();
  });

  it('refuse a payload changed after signing', () => {
    const [, signature] = sealSession('secret', session).split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'UBOB', n: 'Bob', e: 2_000 })).toString('base64url');
    expect(openSession('secret', `${forged}.${signature}`, 1_000)).toBeUndefined();
    expect(openSession('secret', 'garbage', 1_000)).toBeUndefined();
  });
});
