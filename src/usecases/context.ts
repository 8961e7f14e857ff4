import type { UserId } from '../domain/incident.js';

export type { Deps, Settings } from '../domain/deps.js';

/** Who is asking, and from where. */
export interface Actor {
  user: UserId;
  /** The channel the command was typed in (Slack id, or console name). */
  channel?: string;
  /** IANA zone for reading `HH:MM` times. */
  zone: string;
  /**
   * The request that carried the command (Slack's trigger_id), when it has one: recorded with the
   * change it makes, so that the same request sent again (a replay) changes nothing.
   */
  delivery?: string;
}
