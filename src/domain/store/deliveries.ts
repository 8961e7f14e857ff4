import type { SeenMarker } from './incidents.js';

/** The delivery log: ids of requests and deliveries already handled, recorded by commits. */
export interface DeliveryLog {
  /** Whether a delivery id was recorded by a commit (a cheap early look; the commit decides). */
  seen(marker: SeenMarker): Promise<boolean>;
}
