import Database from 'better-sqlite3';
import { argument, serveParent } from '../support/child-side.js';

/**
 * The stats suite's floor, in a process of its own: one indexed pass over a window's incidents
 * reading their six milestones into JS. Run beside `stats` in the bench's process, the 100k rows of
 * garbage it leaves were collected during the next `stats` run, and measured as part of it.
 */
const db = new Database(argument('database'), { readonly: true });
const query = db
  .prepare(
    `SELECT impact_started_at, detected_at, declared_at, acknowledged_at, mitigated_at, resolved_at
     FROM incidents WHERE declared_at >= ?`,
  )
  .raw();
const count = db.prepare('SELECT COUNT(*) FROM incidents WHERE declared_at >= ?').pluck();
serveParent(
  { port: 0, url: '' },
  async () => {
    db.close();
  },
  {
    /** Milliseconds one read of the window took. */
    read: (since) => {
      const started = performance.now();
      query.all(since);
      return performance.now() - started;
    },
    count: (since) => count.get(since),
  },
);
