import type { IncidentStore } from '../../src/domain/ports.js';

/**
 * Makes the store's next commit fail inside its transaction, after its delivery markers and
 * before its events are written (as a full disk would), so that what a failed commit leaves
 * behind shows.
 */
export function failNextCommit(store: IncidentStore, error = new Error('disk I/O error')): void {
  const commit = store.commit.bind(store);
  let failures = 1;
  store.commit = (change) =>
    commit(
      failures-- > 0
        ? {
            ...change,
            decide: () => {
              throw error;
            },
          }
        : change,
    );
}
