import type { webApi } from '@slack/bolt';
import type { UserId } from '../domain/incident.js';
import type { Profile, UserDirectory } from '../domain/ports.js';
import { platformError } from './slack-errors.js';

const TTL_MS = 60 * 60_000;

/** People in Slack: who an email belongs to, their names and time zones, cached for an hour. */
export class SlackDirectory implements UserDirectory {
  private readonly profiles = new Map<UserId, { profile: Profile; until: number }>();
  private readonly emails = new Map<string, { user: UserId | undefined; until: number }>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** The zone we already know for a person, without asking Slack. */
  cachedZone(user: UserId): string | undefined {
    const cached = this.profiles.get(user);
    return cached && cached.until > this.now() ? cached.profile.zone : undefined;
  }

  async findByEmail(email: string): Promise<UserId | undefined> {
    const key = email.toLowerCase();
    const cached = this.emails.get(key);
    if (cached && cached.until > this.now()) return cached.user;
    try {
      const found = await this.client.users.lookupByEmail({ email });
      const user = found.user?.id;
      this.emails.set(key, { user, until: this.now() + TTL_MS });
      return user;
    } catch (error) {
      if (platformError(error) === 'users_not_found') {
        this.emails.set(key, { user: undefined, until: this.now() + TTL_MS });
        return undefined;
      }
      throw error;
    }
  }

  async profile(user: UserId): Promise<Profile> {
    const cached = this.profiles.get(user);
    if (cached && cached.until > this.now()) return cached.profile;
    const info = await this.client.users.info({ user });
    const name = info.user?.profile?.real_name || info.user?.profile?.display_name || info.user?.name || user;
    const profile: Profile = { name, ...(info.user?.tz ? { zone: info.user.tz } : {}) };
    this.profiles.set(user, { profile, until: this.now() + TTL_MS });
    return profile;
  }
}
