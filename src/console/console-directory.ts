import type { UserId } from '../domain/incident.js';
import type { Profile, UserDirectory } from '../domain/ports.js';

/** In the console, people are their names, and everyone shares the console's time zone. */
export class ConsoleDirectory implements UserDirectory {
  constructor(private readonly zone: () => string) {}

  async findByEmail(email: string): Promise<UserId | undefined> {
    const local = email
      .split('@')[0]
      ?.toLowerCase()
      .replace(/[^a-z0-9._-]/g, '');
    return local || undefined;
  }

  async profile(user: UserId): Promise<Profile> {
    return { name: `@${user}`, zone: this.zone() };
  }
}
