import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToSlackEndpoint, slackSignature } from '../support/signing.js';
import { type Firewatch, SIGNING_SECRET, startFirewatch } from '../support/slack-harness.js';

let firewatch: Firewatch;
beforeAll(async () => {
  firewatch = await startFirewatch();
});
afterAll(async () => {
  await firewatch.stop();
});

const nasty = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000\u0007\u001b[31m',
    '‮evil',
    '<!channel>',
    '<@U1|x>',
    '&lt;b&gt;',
    'x'.repeat(12_000),
    '🔥'.repeat(3000),
    'declare sev1 ' + 'y'.repeat(5000),
  ),
);

describe('raw Slack payloads, fuzzed', () => {
  it('never crash or answer 5xx; a slash command always gets words back', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            text: fc.oneof(
              nasty,
              fc.constantFrom(
                'help',
                'list',
                'declare',
                'status monitoring',
                'note INC-1 hi',
                'resolve INC-99',
              ),
            ),
            user_id: fc.oneof(fc.constant('UALICE'), nasty),
            channel_id: fc.oneof(fc.constant('CGENERAL'), nasty),
            command: fc.oneof(fc.constant('/incident'), nasty),
            trigger_id: fc.oneof(fc.constant('1.1.a'), nasty),
          },
          // Without a `command`, Bolt cannot tell what the request is and waits its 3 s before a 404;
          // those few cases are checked once below rather than by the hundred.
          { requiredKeys: ['command'] },
        ),
        async (fields) => {
          const body = new URLSearchParams(
            Object.entries(fields).map(([key, value]): [string, string] => [key, String(value)]),
          ).toString();
          const response = await postToSlackEndpoint(firewatch.url, body, { secret: SIGNING_SECRET });
          expect(response.status).toBeLessThan(500);
          // Only a title-less declare with a real trigger opens the form, silently; all else answers.
          const opensForm =
            fields.trigger_id !== undefined &&
            fields.trigger_id !== '' &&
            /^declare(\s+(sev-?\d|service:\S+|private))*$/i.test(String(fields.text ?? '').trim());
          if (response.status === 200 && fields.command === '/incident' && !opensForm) {
            expect(response.text.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 120 },
    );
    const unknown = await postToSlackEndpoint(firewatch.url, 'text=help', { secret: SIGNING_SECRET });
    expect(unknown.status).toBeLessThan(500);
    // A payload without a real person and channel never wrote anything on their behalf.
    const incidents = await firewatch.server.core.store.list({ viewer: 'x', includePrivate: true });
    for (const incident of incidents) expect(incident.declaredBy).toBe('UALICE');
  });

  it('never crash on interactivity and event payloads with missing or wrong fields', {
    timeout: 60_000,
  }, async () => {
    const before = await firewatch.server.core.store.nextIncidentNumber();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record(
            {
              type: fc.constant('block_actions'),
              user: fc.oneof(fc.constant({ id: 'UALICE' }), fc.constant({})),
              actions: fc.array(
                fc.record({
                  action_id: fc.constantFrom(
                    'take_command',
                    'resolve',
                    'add_note',
                    'update_status',
                    'open_link_0',
                    'nope',
                  ),
                  value: nasty,
                }),
                { minLength: 1, maxLength: 1 },
              ),
              trigger_id: nasty,
            },
            { requiredKeys: ['type', 'actions'] },
          ),
          fc.record(
            {
              type: fc.constant('view_submission'),
              user: fc.constant({ id: 'UALICE' }),
              view: fc.record(
                {
                  callback_id: fc.constantFrom(
                    'declare_incident',
                    'update_status',
                    'add_note',
                    'resolve_incident',
                    'nope',
                  ),
                  private_metadata: nasty,
                  state: fc.constant({ values: {} }),
                },
                { requiredKeys: ['callback_id'] },
              ),
            },
            { requiredKeys: ['type'] },
          ),
        ),
        async (payload) => {
          const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
          const response = await postToSlackEndpoint(firewatch.url, body, { secret: SIGNING_SECRET });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            type: fc.constantFrom('reaction_added', 'member_joined_channel', 'app_mention'),
            user: nasty,
            reaction: fc.constantFrom('pushpin', 'eyes'),
            item: fc.oneof(
              fc.constant(undefined),
              fc.record({ type: fc.constant('message'), channel: nasty, ts: nasty }),
            ),
            channel: nasty,
          },
          { requiredKeys: ['type'] },
        ),
        async (event) => {
          const response = await firewatch.event(event);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
    expect(await firewatch.server.core.store.nextIncidentNumber()).toBe(before);
  });

  it('answers 401 to events and interactions with bad, missing or stale signatures, and writes nothing', async () => {
    const before = await firewatch.server.core.store.nextIncidentNumber();
    const event = JSON.stringify({
      type: 'event_callback',
      event_id: 'Ev1',
      event: {
        type: 'reaction_added',
        user: 'UEVE',
        reaction: 'pushpin',
        item: { type: 'message', channel: 'C1', ts: '1.1' },
      },
    });
    const view = new URLSearchParams({
      payload: JSON.stringify({
        type: 'view_submission',
        user: { id: 'UEVE' },
        view: {
          callback_id: 'declare_incident',
          private_metadata: '{}',
          state: { values: { title: { value: { value: 'forged' } } } },
        },
      }),
    }).toString();
    const now = Math.floor(Date.now() / 1000);
    for (const [body, type] of [
      [event, 'application/json'],
      [view, 'application/x-www-form-urlencoded'],
    ] as const) {
      expect(
        (await postToSlackEndpoint(firewatch.url, body, { contentType: type, signature: null })).status,
      ).toBe(401);
      expect(
        (
          await postToSlackEndpoint(firewatch.url, body, {
            contentType: type,
            signature: slackSignature('nope', now, body),
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await postToSlackEndpoint(firewatch.url, body, {
            contentType: type,
            timestamp: now - 301,
            signature: slackSignature(SIGNING_SECRET, now - 301, body),
          })
        ).status,
      ).toBe(401);
      expect(
        (await postToSlackEndpoint(firewatch.url, body, { contentType: type, signature: 'v1=deadbeef' }))
          .status,
      ).toBe(401);
    }
    expect(await firewatch.server.core.store.nextIncidentNumber()).toBe(before);
  });
});
