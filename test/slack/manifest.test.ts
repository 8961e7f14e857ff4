import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from '../support/harness.js';

interface Manifest {
  features: { slash_commands: unknown[] } & Record<string, unknown>;
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean } };
  display_information: Record<string, unknown>;
}

const manifest = parse(fs.readFileSync(path.join(REPO, 'manifest.yml'), 'utf8')) as Manifest;
const schemas = path.join(REPO, 'test', 'fixtures', 'slack-manifest-schema');

function validator(version: string) {
  const schema = JSON.parse(fs.readFileSync(path.join(schemas, `manifest.schema.${version}.json`), 'utf8'));
  // The schema uses a non-standard "regex" keyword for colours; ajv is told it exists.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addKeyword('regex');
  return ajv.compile(schema);
}

describe('manifest.yml', () => {
  it.each(['2.0.0', '1.0.0'])('validates against Slack’s manifest schema %s', (version) => {
    const validate = validator(version);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is checked by a schema that does reject a bad manifest', () => {
    const validate = validator('2.0.0');
    expect(
      validate({
        ...manifest,
        features: { ...manifest.features, slash_commands: [{ command: 'incident', description: 'x' }] },
      }),
    ).toBe(false);
    expect(validate({ ...manifest, display_information: { name: 'x'.repeat(36) } })).toBe(false);
  });

  it('declares /incident, escaped, with a usage hint', () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/incident', should_escape: true, usage_hint: expect.any(String) }),
    ]);
  });

  it('asks for the scopes of every Web API method the app calls, and subscribes to its events', () => {
    const sources = [
      'src/slack/slack-chat.ts',
      'src/slack/slack-directory.ts',
      'src/slack/listeners/events/reaction-added.ts',
      'src/slack/listeners/views/modal-submissions.ts',
    ]
      .map((file) => fs.readFileSync(path.join(REPO, file), 'utf8'))
      .join('\n');
    const scopes: Record<string, string[]> = {
      'conversations.create': ['channels:manage', 'groups:write'],
      'conversations.invite': ['channels:manage', 'groups:write'],
      'conversations.setTopic': ['channels:manage', 'groups:write'],
      'conversations.join': ['channels:join'],
      'conversations.list': ['channels:read', 'groups:read'],
      'conversations.history': ['channels:history', 'groups:history'],
      'conversations.open': ['im:write'],
      'chat.postMessage': ['chat:write'],
      'chat.postEphemeral': ['chat:write'],
      'chat.update': ['chat:write'],
      'pins.add': ['pins:write'],
      'users.info': ['users:read'],
      'users.lookupByEmail': ['users:read.email'],
      filesUploadV2: ['files:write'],
    };
    const granted = new Set<string>(manifest.oauth_config.scopes.bot);
    for (const [method, needed] of Object.entries(scopes)) {
      const called = sources.includes(method.includes('.') ? method.split('.').join('.') : method);
      if (!called) continue;
      for (const scope of needed) expect(granted, `${method} needs ${scope}`).toContain(scope);
    }
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['reaction_added', 'member_joined_channel', 'member_left_channel']),
    );
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
});
