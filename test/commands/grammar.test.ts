import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Command, parseCommand } from '../../src/commands/grammar.js';
import { VERBS } from '../../src/commands/registry.js';
import { parseTimeSpec, parseWindow } from '../../src/commands/time.js';
import { DEFAULT_SHIFT_WINDOW } from '../../src/commands/verbs/shift.js';
import { DEFAULT_STATS_WINDOW } from '../../src/commands/verbs/stats.js';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { DAY, HOUR, MINUTE } from '../../src/domain/time.js';
import { resolveTimeSpec } from '../../src/usecases/zoned-time.js';

function parsed(text: string, options = {}): Command {
  const result = parseCommand(text, options);
  if (!result.ok)
    throw new Error(`expected "${text}" to parse, got ${result.error.code}: ${result.error.message}`);
  return result.command;
}

function refused(text: string, options = {}) {
  const result = parseCommand(text, options);
  if (result.ok) throw new Error(`expected "${text}" to be refused, got ${JSON.stringify(result.command)}`);
  return result.error;
}

describe('the /incident grammar', () => {
  it.each<[string, Command]>([
    ['', { verb: 'help' }],
    ['help', { verb: 'help' }],
    ['help status', { verb: 'help', topic: 'status' }],
    [
      '/incident declare sev2 service:payments Card payments timing out',
      {
        verb: 'declare',
        severity: 'SEV2',
        service: 'payments',
        private: false,
        title: 'Card payments timing out',
      },
    ],
    [
      'declare Card payments service:Payments timing out SEV-1',
      {
        verb: 'declare',
        severity: 'SEV1',
        service: 'payments',
        private: false,
        title: 'Card payments timing out',
      },
    ],
    [
      'declare private sev4 Leaked key rotated',
      { verb: 'declare', severity: 'SEV4', private: true, title: 'Leaked key rotated' },
    ],
    ['declare Database 1 is down', { verb: 'declare', private: false, title: 'Database 1 is down' }],
    ['declare Private API errors', { verb: 'declare', private: true, title: 'API errors' }],
    ['declare', { verb: 'declare', private: false }],
    ['declare sev1', { verb: 'declare', severity: 'SEV1', private: false }],
    [
      'status monitoring Failed over to the replica',
      { verb: 'status', status: 'monitoring', message: 'Failed over to the replica' },
    ],
    ['status INC-42 identified', { verb: 'status', incident: 'INC-42', status: 'identified' }],
    [
      'STATUS inc-3 Resolved all good',
      { verb: 'status', incident: 'INC-3', status: 'resolved', message: 'all good' },
    ],
    ['update Error rate back to 0.1%', { verb: 'update', message: 'Error rate back to 0.1%' }],
    ['sev 1 customers see errors', { verb: 'sev', severity: 'SEV1', reason: 'customers see errors' }],
    ['sev SEV-2', { verb: 'sev', severity: 'SEV2' }],
    ['severity INC-9 sev3', { verb: 'sev', incident: 'INC-9', severity: 'SEV3' }],
    ['assign commander @bob', { verb: 'assign', role: 'commander', user: 'bob' }],
    ['assign @bob scribe', { verb: 'assign', role: 'scribe', user: 'bob' }],
    [
      'assign INC-2 comms <@U024BE7LH|bob>',
      { verb: 'assign', incident: 'INC-2', role: 'comms', user: 'U024BE7LH' },
    ],
    ['assign ic <@U024BE7LH>', { verb: 'assign', role: 'commander', user: 'U024BE7LH' }],
    [
      'note Rolled back deploy 1234 <@U1ABC> is watching',
      { verb: 'note', text: 'Rolled back deploy 1234 <@U1ABC> is watching' },
    ],
    ['note INC-7 multi\nline note', { verb: 'note', incident: 'INC-7', text: 'multi\nline note' }],
    [
      'action Add an alert on PSP latency @carol due:2026-12-01',
      { verb: 'action', text: 'Add an alert on PSP latency', owner: 'carol', due: '2026-12-01' },
    ],
    [
      'action Ask @dan about limits due:2026-12-01 @carol',
      { verb: 'action', text: 'Ask @dan about limits', owner: 'carol', due: '2026-12-01' },
    ],
    ['action Write the runbook', { verb: 'action', text: 'Write the runbook' }],
    ['actions', { verb: 'actions' }],
    ['done A2', { verb: 'done', actionId: 'A2' }],
    ['done INC-4 3', { verb: 'done', incident: 'INC-4', actionId: 'A3' }],
    ['done #12', { verb: 'done', actionId: 'A12' }],
    [
      'set impact-start 14:54',
      { verb: 'set', milestone: 'impact-start', time: { kind: 'clock', hour: 14, minute: 54 } },
    ],
    [
      'set detected 2026-11-26T14:54:00Z',
      { verb: 'set', milestone: 'detected', time: { kind: 'iso', text: '2026-11-26T14:54:00Z' } },
    ],
    [
      'set mitigated 2026-11-26 15:36',
      { verb: 'set', milestone: 'mitigated', time: { kind: 'iso', text: '2026-11-26T15:36' } },
    ],
    ['runbook', { verb: 'runbook' }],
    ['runbook Payments', { verb: 'runbook', service: 'payments' }],
    ['runbook INC-5', { verb: 'runbook', incident: 'INC-5' }],
    ['resolve', { verb: 'resolve' }],
    ['resolve Failed back to Stripe', { verb: 'resolve', summary: 'Failed back to Stripe' }],
    ['reopen Errors are back', { verb: 'reopen', reason: 'Errors are back' }],
    ['close', { verb: 'close' }],
    ['close INC-8', { verb: 'close', incident: 'INC-8' }],
    ['postmortem', { verb: 'postmortem' }],
    [
      'handoff @dave Watch the replica lag; next update at 16:00',
      { verb: 'handoff', user: 'dave', notes: 'Watch the replica lag; next update at 16:00' },
    ],
    ['handover <@U2DAVE>', { verb: 'handoff', user: 'U2DAVE' }],
    ['shift', { verb: 'shift', window: DEFAULT_SHIFT_WINDOW }],
    ['shift 8h', { verb: 'shift', window: 8 * HOUR }],
    ['oncall', { verb: 'oncall' }],
    ['oncall database', { verb: 'oncall', service: 'database' }],
    ['list', { verb: 'list' }],
    ['stats', { verb: 'stats', window: DEFAULT_STATS_WINDOW }],
    [
      'stats 30d service:payments sev2',
      { verb: 'stats', window: 30 * DAY, service: 'payments', severity: 'SEV2' },
    ],
    ['stats sev1 2w', { verb: 'stats', window: 14 * DAY, severity: 'SEV1' }],
  ])('reads %j', (text, command) => {
    expect(parsed(text)).toEqual(command);
  });

  it.each([
    ['frobnicate', 'UNKNOWN_COMMAND', 'not an /incident command'],
    ['stauts monitoring', 'UNKNOWN_COMMAND', 'Did you mean "status"'],
    ['status', 'USAGE', 'Say which status'],
    ['status fixed', 'USAGE', '"fixed" is not a status'],
    ['status closed', 'USAGE', 'Closing has its own command'],
    ['update', 'USAGE', 'Say what is new'],
    ['sev 5', 'USAGE', 'not a severity'],
    ['sev', 'USAGE', 'Say which severity'],
    ['assign pilot @bob', 'USAGE', 'not a role'],
    ['assign commander bob', 'USAGE', 'not a person'],
    ['assign commander', 'USAGE', 'Say which role and who'],
    ['note', 'USAGE', 'Say what to note'],
    ['action @carol', 'USAGE', 'Say what needs doing'],
    ['action Fix it due:tomorrow', 'USAGE', 'not a date'],
    ['action Fix it due:2026-02-30', 'USAGE', 'not a date'],
    ['done', 'USAGE', 'Say which action'],
    ['done first', 'USAGE', 'not an action id'],
    ['set impact-start', 'USAGE', 'Say when'],
    ['set lunch 12:00', 'USAGE', 'not a milestone'],
    ['set detected 25:00', 'INVALID_TIME', 'not a time'],
    ['set detected yesterday', 'INVALID_TIME', 'not a time'],
    ['reopen', 'USAGE', 'Say why'],
    ['close now', 'USAGE', 'Unexpected "now"'],
    ['handoff', 'USAGE', 'Say who'],
    ['shift forever', 'USAGE', 'not a window'],
    ['stats 0d', 'USAGE', 'not a window'],
    ['stats service:', 'USAGE', 'needs a name'],
    ['declare sev9 Oops', 'USAGE', 'not a severity'],
    ['declare sev1 sev2 Oops', 'USAGE', 'Two severities'],
    ['declare service:a service:b Oops', 'USAGE', 'Two services'],
    [`declare ${'x'.repeat(201)}`, 'USAGE', 'keep it under 200'],
  ])('refuses %j with %s', (text, code, words) => {
    const error = refused(text);
    expect(error.code).toBe(code);
    expect(`${error.message} ${error.hint ?? ''}`).toContain(words);
  });

  it('shows the usage of the verb with each usage error', () => {
    expect(refused('assign pilot @bob').hint).toBe(
      'Usage: /incident assign commander|deputy|scribe|comms @user',
    );
  });

  it('insists on Slack mentions in Slack', () => {
    expect(refused('assign commander @bob', { slackMentions: true }).message).toContain(
      'pick the person from the @ autocomplete',
    );
    expect(parsed('assign commander <@U1BOB|bob>', { slackMentions: true })).toMatchObject({ user: 'U1BOB' });
    expect(parsed('action Fix it @bob', { slackMentions: true })).toEqual({
      verb: 'action',
      text: 'Fix it @bob',
    });
  });

  it('knows every verb of the design', () => {
    expect(VERBS.sort()).toEqual(
      [
        'action',
        'actions',
        'assign',
        'cause',
        'close',
        'declare',
        'deploys',
        'done',
        'dora',
        'handoff',
        'help',
        'impact',
        'list',
        'note',
        'oncall',
        'postmortem',
        'private',
        'public',
        'record',
        'reopen',
        'resolve',
        'runbook',
        'set',
        'sev',
        'shift',
        'slo',
        'stats',
        'status',
        'update',
      ].sort(),
    );
  });
});

describe('any input at all', () => {
  const known = new Set<string>(ERROR_CODES);
  const words = fc.constantFrom(
    ...VERBS,
    'INC-1',
    'inc-0',
    'sev1',
    'SEV-9',
    'service:',
    'service:payments',
    '@bob',
    '<@U1|x>',
    '<!channel>',
    'due:2026-01-01',
    'due:',
    '14:54',
    '99:99',
    '12h',
    '0d',
    'private',
    'A1',
    '#3',
    '/incident',
  );
  const arbitraryLine = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc
      .array(fc.oneof(words, fc.string({ maxLength: 12 })), { maxLength: 12 })
      .map((parts) => parts.join(' ')),
    fc.string({ minLength: 4000, maxLength: 9000 }).map((text) => `note ${text}`),
  );

  it('parses to a command or a coded error, never a throw', () => {
    fc.assert(
      fc.property(arbitraryLine, (line) => {
        const result = parseCommand(line);
        if (!result.ok) {
          expect(known.has(result.error.code)).toBe(true);
          expect(result.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never takes a mass mention as a person', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('<!channel>', '<!here>', '<!everyone>', '<!subteam^S1>', '@channel'),
        (mention) => {
          const result = parseCommand(`assign commander ${mention}`, { slackMentions: true });
          expect(result.ok).toBe(false);
        },
      ),
    );
  });
});

describe('times and windows', () => {
  const now = new Date('2026-11-26T00:10:00Z');

  it('reads HH:MM in the person’s zone, as the most recent such time', () => {
    expect(resolveTimeSpec(parseTimeSpec('23:50')!, 'UTC', now)).toBe('2026-11-25T23:50:00.000Z');
    expect(resolveTimeSpec(parseTimeSpec('00:05')!, 'UTC', now)).toBe('2026-11-26T00:05:00.000Z');
    // 01:05 in Paris (UTC+1 in November) is 00:05 UTC.
    expect(resolveTimeSpec(parseTimeSpec('01:05')!, 'Europe/Paris', now)).toBe('2026-11-26T00:05:00.000Z');
    // 19:00 in New York (UTC−5) on the 25th is 00:00 UTC on the 26th.
    expect(resolveTimeSpec(parseTimeSpec('19:00')!, 'America/New_York', now)).toBe(
      '2026-11-26T00:00:00.000Z',
    );
  });

  it('reads ISO 8601 with or without an offset', () => {
    expect(resolveTimeSpec(parseTimeSpec('2026-11-25T22:00:00+02:00')!, 'UTC', now)).toBe(
      '2026-11-25T20:00:00.000Z',
    );
    expect(resolveTimeSpec(parseTimeSpec('2026-11-25T22:00')!, 'Europe/Paris', now)).toBe(
      '2026-11-25T21:00:00.000Z',
    );
  });

  it.each([
    ['30m', 30 * MINUTE],
    ['12h', 12 * HOUR],
    ['90d', 90 * DAY],
    ['2w', 14 * DAY],
    ['0h', undefined],
    ['10y', 10 * 365 * DAY],
    ['30y', undefined],
    ['99999d', undefined],
  ])('window %s', (text, ms) => {
    expect(parseWindow(text)).toBe(ms);
  });
});
