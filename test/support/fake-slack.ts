import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { blockKitProblems } from './block-kit-check.js';

type Args = Record<string, unknown>;
export interface Call {
  method: string;
  args: Args;
}
export interface FakeMessage {
  ts: string;
  text: string;
  blocks?: unknown;
  user: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  thread_ts?: string;
}
export interface FakeChannel {
  id: string;
  name: string;
  is_private: boolean;
  creator: string;
  created: number;
  topic: string;
  members: Set<string>;
  messages: FakeMessage[];
  pins: Set<string>;
  files: Array<{ title: string; content: string; comment?: string }>;
}
export interface FakeUser {
  id: string;
  name: string;
  email?: string;
  tz?: string;
}
type Failure = { status?: number; retryAfter?: number; error?: string; times: number; afterCall?: boolean };

const CHANNEL_NAME = /^[a-z0-9_-]{1,80}$/;

/**
 * A local stand-in for Slack's Web API, good enough to run Firewatch against: channels, members,
 * messages with metadata, pins, files, users, views and response URLs. Faults can be injected per
 * method (HTTP 503, 429 with Retry-After, or a platform error). Every message it receives is checked
 * against Block Kit's limits and for mass mentions; see `problems`.
 */
export class FakeSlack {
  readonly calls: Call[] = [];
  readonly channels = new Map<string, FakeChannel>();
  readonly users = new Map<string, FakeUser>();
  readonly views: Args[] = [];
  readonly ephemerals: Array<{ channel: string; user: string; text: string; blocks?: unknown }> = [];
  readonly responses: Array<{ path: string; body: Args }> = [];
  readonly problems: string[] = [];
  readonly botUserId = 'UBOT';
  private readonly failures = new Map<string, Failure[]>();
  private server: http.Server | undefined;
  private sequence = 0;
  private channelCount = 0;
  private uploads = new Map<string, { filename: string; content?: string }>();
  private clock = () => Date.now();
  /** Channels by name: the bench makes thousands, and name_taken is checked on every create. */
  private readonly byName = new Map<string, FakeChannel>();
  /** Added to every Web API answer, to keep effects in flight (crash drills, benchmarks). */
  latencyMs: number;
  /**
   * Every auth.test request received, whatever its token and whatever it was answered: Bolt can
   * call it per request, which is what the tests that count it are there to catch.
   */
  authTests = 0;
  /** While set, every Web API method answers this HTTP status (an outage); see `goDown`. */
  private downStatus: number | undefined;

  url = '';

  /** `latencyMs` delays every Web API answer, as a far-away Slack would. */
  constructor(options: { latencyMs?: number } = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500);
        response.end(String(error));
      });
    });
    this.sockets = new WebSocketServer({ server: this.server, path: '/socket' });
    this.sockets.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        const waiting = message.envelope_id ? this.socketAcks.get(message.envelope_id) : undefined;
        waiting?.(message.payload);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' } }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private sockets: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private readonly socketAcks = new Map<string, (payload: unknown) => void>();
  private envelopes = 0;

  /** Whether a Socket Mode client is connected. */
  get socketConnected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends a Socket Mode envelope (as Slack would) and resolves with the app's acknowledgement. */
  deliver(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown): Promise<unknown> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('no Socket Mode connection'));
    this.envelopes += 1;
    const id = `envelope-${this.envelopes}`;
    return new Promise((resolve) => {
      this.socketAcks.set(id, resolve);
      socket.send(
        JSON.stringify({
          envelope_id: id,
          type,
          payload,
          accepts_response_payload: type !== 'events_api',
          retry_attempt: 0,
          retry_reason: '',
        }),
      );
    });
  }

  /** A person types `/incident TEXT` (Socket Mode); resolves with the app's ack. */
  deliverCommand(
    text: string,
    who: { user?: string; channel?: string } = {},
  ): Promise<{ text?: string; response_type?: string } | undefined> {
    const n = this.envelopes + 1;
    return this.deliver('slash_commands', {
      command: '/incident',
      text,
      user_id: who.user ?? 'UALICE',
      channel_id: who.channel ?? 'CGENERAL',
      team_id: 'T1',
      trigger_id: `${n}.1.a`,
      response_url: `${this.url}/response/socket-${n}`,
    }) as Promise<{ text?: string; response_type?: string } | undefined>;
  }

  async stop(): Promise<void> {
    for (const client of this.sockets?.clients ?? []) client.terminate();
    this.sockets?.close();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server?.closeAllConnections();
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  setClock(now: () => number): void {
    this.clock = now;
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** The next `times` calls of `method` (or '*') fail this way. `afterCall` fails after doing the work. */
  fail(method: string, failure: Omit<Failure, 'times'>, times = 1): void {
    const list = this.failures.get(method) ?? [];
    list.push({ ...failure, times });
    this.failures.set(method, list);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** From now on every Web API method (auth.test included) answers `status`, until `comeBack`. */
  goDown(status = 503): void {
    this.downStatus = status;
  }

  comeBack(): void {
    this.downStatus = undefined;
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((call) => call.method === method);
  }

  channelNamed(name: string): FakeChannel | undefined {
    return this.byName.get(name);
  }

  /** Makes a channel as if a person had, e.g. the announcement channel. */
  createChannel(
    name: string,
    options: { isPrivate?: boolean; creator?: string; members?: string[] } = {},
  ): FakeChannel {
    this.channelCount += 1;
    const channel: FakeChannel = {
      id: `C${String(this.channelCount).padStart(6, '0')}`,
      name,
      is_private: options.isPrivate ?? false,
      creator: options.creator ?? 'UHUMAN',
      created: Math.floor(this.clock() / 1000),
      topic: '',
      members: new Set(options.members ?? []),
      messages: [],
      pins: new Set(),
      files: [],
    };
    this.channels.set(channel.id, channel);
    if (!this.byName.has(name)) this.byName.set(name, channel);
    return channel;
  }

  /** A person posts in a channel (to be pinned, for instance). */
  say(channel: FakeChannel, user: string, text: string): FakeMessage {
    const message = { ts: this.nextTs(), text, user };
    channel.messages.push(message);
    return message;
  }

  private nextTs(): string {
    this.sequence += 1;
    return `${Math.floor(this.clock() / 1000)}.${String(this.sequence).padStart(6, '0')}`;
  }

  private takeFailure(method: string): Failure | undefined {
    for (const key of [method, '*']) {
      const list = this.failures.get(key);
      const failure = list?.[0];
      if (failure) {
        failure.times -= 1;
        if (failure.times <= 0) list!.shift();
        return failure;
      }
    }
    return undefined;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const url = new URL(request.url ?? '/', this.url);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(payload));
    };
    if (url.pathname === '/openid/connect/authorize' || url.pathname.startsWith('/api/openid.connect.'))
      return this.openId(url, request, body, response);
    if (url.pathname.startsWith('/upload/')) {
      const upload = this.uploads.get(url.pathname.slice('/upload/'.length));
      if (upload) upload.content = body.toString('utf8');
      response.writeHead(200);
      response.end('OK');
      return;
    }
    if (url.pathname.startsWith('/response/')) {
      const payload = JSON.parse(body.toString('utf8')) as Args;
      this.responses.push({ path: url.pathname, body: payload });
      this.problems.push(...blockKitProblems(payload, `response ${url.pathname}`));
      send(200, { ok: true });
      return;
    }
    if (!url.pathname.startsWith('/api/')) return send(404, { ok: false, error: 'unknown_path' });
    const method = url.pathname.slice('/api/'.length);
    if (method === 'auth.test') this.authTests += 1;
    if (this.downStatus !== undefined)
      return send(this.downStatus, { ok: false, error: 'service_unavailable' });
    const type = request.headers['content-type'] ?? '';
    const args: Args = type.includes('application/json')
      ? (JSON.parse(body.toString('utf8') || '{}') as Args)
      : Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    const appLevel = method === 'apps.connections.open';
    const expected = appLevel ? 'xapp-test-token' : 'xoxb-test-token';
    if (request.headers.authorization !== `Bearer ${expected}` && args.token !== expected) {
      return send(200, { ok: false, error: 'invalid_auth' });
    }
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    this.calls.push({ method, args });
    const failure = this.takeFailure(method);
    if (failure && !failure.afterCall) {
      if (failure.status === 429)
        return send(
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(failure.retryAfter ?? 1) },
        );
      if (failure.status) return send(failure.status, { ok: false, error: 'service_unavailable' });
      return send(200, { ok: false, error: failure.error ?? 'internal_error' });
    }
    const result = this.api(method, args);
    if (failure?.afterCall) return send(failure.status ?? 503, { ok: false, error: 'service_unavailable' });
    send(200, result);
  }

  /**
   * Sign in with Slack (OpenID Connect), as Slack's documentation describes it: the authorize page
   * (here it signs in `signInAs` at once, or refuses when nobody is set), `openid.connect.token`
   * (client id and secret, the code, the same redirect_uri) and `openid.connect.userInfo`.
   */
  signInAs: FakeUser | undefined;
  openIdClient = { id: 'client-id', secret: 'client-secret' };
  private readonly openIdCodes = new Map<string, { user: FakeUser; redirectUri: string }>();
  private readonly openIdTokens = new Map<string, FakeUser>();

  private openId(
    url: URL,
    request: http.IncomingMessage,
    body: Buffer,
    response: http.ServerResponse,
  ): undefined {
    const send = (payload: unknown): undefined => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (url.pathname === '/openid/connect/authorize') {
      const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
      redirect.searchParams.set('state', url.searchParams.get('state') ?? '');
      if (!this.signInAs || url.searchParams.get('client_id') !== this.openIdClient.id) {
        redirect.searchParams.set('error', 'access_denied');
      } else {
        const code = `code-${this.openIdCodes.size + 1}`;
        this.openIdCodes.set(code, {
          user: this.signInAs,
          redirectUri: url.searchParams.get('redirect_uri')!,
        });
        redirect.searchParams.set('code', code);
      }
      response.writeHead(302, { location: redirect.toString() });
      response.end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    this.calls.push({ method, args: {} });
    if (method === 'openid.connect.token') {
      const args = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
      if (args.client_id !== this.openIdClient.id || args.client_secret !== this.openIdClient.secret)
        return send({ ok: false, error: 'invalid_client_id' });
      const grant = this.openIdCodes.get(args.code ?? '');
      if (!grant || grant.redirectUri !== args.redirect_uri)
        return send({ ok: false, error: 'invalid_code' });
      this.openIdCodes.delete(args.code!);
      const token = `xoxp-openid-${this.openIdTokens.size + 1}`;
      this.openIdTokens.set(token, grant.user);
      return send({ ok: true, access_token: token, token_type: 'Bearer', id_token: 'unused-here' });
    }
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    const user = this.openIdTokens.get(token);
    if (!user) return send({ ok: false, error: 'invalid_auth' });
    return send({
      ok: true,
      sub: user.id,
      'https://slack.com/user_id': user.id,
      'https://slack.com/team_id': 'T1',
      email: user.email,
      name: user.name,
    });
  }

  private channel(id: unknown): FakeChannel | undefined {
    return this.channels.get(String(id)) ?? this.channelNamed(String(id).replace(/^#/, ''));
  }

  private api(method: string, args: Args): Args {
    const error = (code: string) => ({ ok: false, error: code });
    switch (method) {
      case 'apps.connections.open':
        return { ok: true, url: `${this.url.replace('http', 'ws')}/socket` };
      case 'auth.test':
        return { ok: true, user_id: this.botUserId, bot_id: 'BBOT', team_id: 'T1', user: 'firewatch' };
      case 'conversations.create': {
        const name = String(args.name ?? '');
        if (!CHANNEL_NAME.test(name))
          return error(name.length > 80 ? 'invalid_name_maxlength' : 'invalid_name_specials');
        if (this.channelNamed(name)) return error('name_taken');
        const channel = this.createChannel(name, {
          isPrivate: args.is_private === 'true' || args.is_private === true,
          creator: this.botUserId,
          members: [this.botUserId],
        });
        return {
          ok: true,
          channel: {
            id: channel.id,
            name: channel.name,
            is_private: channel.is_private,
            created: channel.created,
            creator: channel.creator,
          },
        };
      }
      case 'conversations.list': {
        const types = String(args.types ?? 'public_channel');
        const channels = [...this.channels.values()].filter((channel) =>
          channel.is_private
            ? types.includes('private_channel') && channel.members.has(this.botUserId)
            : types.includes('public_channel'),
        );
        return {
          ok: true,
          channels: channels.map((channel) => ({
            id: channel.id,
            name: channel.name,
            creator: channel.creator,
            created: channel.created,
            is_private: channel.is_private,
          })),
          response_metadata: { next_cursor: '' },
        };
      }
      case 'conversations.join': {
        const channel = this.channel(args.channel);
        if (!channel) return error('channel_not_found');
        if (channel.is_private) return error('method_not_supported_for_channel_type');
        channel.members.add(this.botUserId);
        return { ok: true, channel: { id: channel.id } };
      }
      case 'conversations.invite': {
        const channel = this.channel(args.channel);
        if (!channel) return error('channel_not_found');
        const users = String(args.users ?? '')
          .split(',')
          .filter(Boolean);
        if (users.includes(this.botUserId)) return error('cant_invite_self');
        if (users.some((user) => channel.members.has(user))) return error('already_in_channel');
        for (const user of users) channel.members.add(user);
        return { ok: true, channel: { id: channel.id } };
      }
      case 'conversations.setTopic': {
        const channel = this.channel(args.channel);
        if (!channel) return error('channel_not_found');
        const topic = String(args.topic ?? '');
        if (topic.length > 250) return error('too_long');
        channel.topic = topic;
        return { ok: true };
      }
      case 'conversations.open': {
        const user = String(args.users ?? '');
        const name = `dm-${user.toLowerCase()}`;
        const channel =
          this.channelNamed(name) ??
          this.createChannel(name, { isPrivate: true, creator: user, members: [user, this.botUserId] });
        return { ok: true, channel: { id: channel.id } };
      }
      case 'chat.postMessage': {
        const channel = this.channel(args.channel);
        if (!channel) return error('channel_not_found');
        if (!channel.members.has(this.botUserId)) return error('not_in_channel');
        if (args.link_names !== undefined || args.parse === 'full')
          this.problems.push(`chat.postMessage with link_names/parse: ${JSON.stringify(args).slice(0, 120)}`);
        this.problems.push(...blockKitProblems(args, `chat.postMessage to #${channel.name}`));
        const metadata =
          typeof args.metadata === 'string'
            ? (JSON.parse(args.metadata) as FakeMessage['metadata'])
            : (args.metadata as FakeMessage['metadata']);
        const message: FakeMessage = {
          ts: this.nextTs(),
          text: String(args.text ?? ''),
          blocks: args.blocks,
          user: this.botUserId,
          ...(metadata ? { metadata } : {}),
        };
        channel.messages.push(message);
        return { ok: true, channel: channel.id, ts: message.ts, message };
      }
      case 'chat.update': {
        const channel = this.channel(args.channel);
        const message = channel?.messages.find((candidate) => candidate.ts === args.ts);
        if (!channel || !message) return error('message_not_found');
        if (String(args.text ?? '').length > 4000) return error('msg_too_long');
        this.problems.push(...blockKitProblems(args, `chat.update in #${channel.name}`));
        message.text = String(args.text ?? '');
        message.blocks = args.blocks;
        return { ok: true, channel: channel.id, ts: message.ts };
      }
      case 'chat.postEphemeral': {
        this.problems.push(...blockKitProblems(args, 'chat.postEphemeral'));
        this.ephemerals.push({
          channel: String(args.channel),
          user: String(args.user),
          text: String(args.text ?? ''),
          blocks: args.blocks,
        });
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'chat.getPermalink': {
        const channel = this.channel(args.channel);
        if (!channel) return error('channel_not_found');
        return {
          ok: true,
          permalink: `https://example.slack.com/archives/${channel.id}/p${String(args.message_ts).replace('.', '')}`,
        };
      }
      case 'conversations.history': {
        const channel = this.channel(args.channel);
        if (!channel) return error('channel_not_found');
        let messages = [...channel.messages].reverse();
        if (args.latest) messages = messages.filter((message) => Number(message.ts) <= Number(args.latest));
        if (args.oldest) messages = messages.filter((message) => Number(message.ts) >= Number(args.oldest));
        const withMetadata = args.include_all_metadata === 'true' || args.include_all_metadata === true;
        return {
          ok: true,
          messages: messages
            .slice(0, Number(args.limit ?? 100))
            .map(({ metadata, ...message }) =>
              withMetadata && metadata ? { ...message, metadata } : message,
            ),
        };
      }
      case 'conversations.replies':
        return { ok: true, messages: [] };
      case 'pins.add': {
        const channel = this.channel(args.channel);
        if (!channel) return error('channel_not_found');
        const ts = String(args.timestamp);
        if (!channel.messages.some((message) => message.ts === ts)) return error('message_not_found');
        if (channel.pins.has(ts)) return error('already_pinned');
        channel.pins.add(ts);
        return { ok: true };
      }
      case 'users.info': {
        const user = this.users.get(String(args.user));
        if (!user) return error('user_not_found');
        return {
          ok: true,
          user: {
            id: user.id,
            name: user.name,
            tz: user.tz,
            profile: { real_name: user.name, email: user.email },
          },
        };
      }
      case 'users.lookupByEmail': {
        const user = [...this.users.values()].find((candidate) => candidate.email === args.email);
        return user ? { ok: true, user: { id: user.id, name: user.name } } : error('users_not_found');
      }
      case 'views.open': {
        if (!args.trigger_id) return error('invalid_trigger_id');
        const view = typeof args.view === 'string' ? (JSON.parse(args.view) as Args) : (args.view as Args);
        this.views.push(view);
        return { ok: true, view: { id: `V${this.views.length}` } };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${this.uploads.size + 1}`;
        this.uploads.set(id, { filename: String(args.filename) });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = JSON.parse(String(args.files)) as Array<{ id: string; title?: string }>;
        const channel = this.channel(args.channel_id);
        if (!channel) return error('channel_not_found');
        for (const file of files) {
          channel.files.push({
            title: file.title ?? '',
            content: this.uploads.get(file.id)?.content ?? '',
            ...(args.initial_comment ? { comment: String(args.initial_comment) } : {}),
          });
        }
        return { ok: true, files: files.map((file) => ({ id: file.id })) };
      }
      default:
        return error('unknown_method');
    }
  }
}
