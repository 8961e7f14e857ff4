import type { IncidentStore } from '../domain/ports.js';

/**
 * Every commit that records effects wakes the outbox worker, whichever adapter or use case made it:
 * nothing has to remember to, and a command that records nothing (`help`, `list`, a refusal) costs
 * the worker no look at the outbox. The store itself is changed, so every holder of it (the use
 * cases' deps, the worker's own outcome commits) commits through the same door. Effects recorded by
 * another process (the CLI, another replica) are found by the worker's poll, as before.
 */
export function wakeOnEffects<S extends Pick<IncidentStore, 'commit'>>(store: S, wake: () => void): S {
  const commit = store.commit.bind(store);
  store.commit = async (change) => {
    const stored = await commit(change);
    if (stored.effects.length > 0) wake();
    return stored;
  };
  return store;
}
