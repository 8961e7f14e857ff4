import { laneOf } from '../../src/domain/effects.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { pgPool, type Sql, type SqlPool } from '../../src/store/postgres/sql.js';
import { incidentRow, snake } from '../../src/store/rows.js';
import { DECLARE_EFFECTS, declareCommit, declareDecision } from '../support/declare-commit.js';
import { median, quantile } from '../support/numbers.js';

export interface PostgresRun {
  replicas: number;
  /** Declarations committed per second through the store, all replicas together. */
  store: number;
  /** The same rows through plain INSERTs with the same driver and concurrency. */
  floor: number;
  /** Median over rounds of store ÷ floor within the round. */
  ratio: number;
  storeP99Ms: number;
  floorP99Ms: number;
}

export interface PostgresResults {
  url: string;
  declarationsPerRound: number;
  rounds: number;
  runs: PostgresRun[];
}

/**
 * Declarations into PostgreSQL: the store's commit (counter row, version check, events,
 * participants, effects in one transaction) against the floor of plain INSERTs of the same rows
 * in one transaction, through the same driver, each with one and with three replicas (separate
 * pools, as separate processes would have) writing at once. Each replica keeps 4 commits in flight.
 */
export async function postgresSuite(
  url: string,
  options: { declarationsPerRound: number; rounds: number },
): Promise<PostgresResults> {
  const runs: PostgresRun[] = [];
  for (const replicas of [1, 3]) runs.push(await measure(url, replicas, options));
  return { url: url.replace(/:[^:@/]*@/, ':***@'), ...options, runs };
}

async function measure(
  url: string,
  replicas: number,
  options: { declarationsPerRound: number; rounds: number },
): Promise<PostgresRun> {
  const schema = `firewatch_bench_${Date.now().toString(36)}_${replicas}`;
  const admin = pgPool(url);
  await admin.exec(`CREATE SCHEMA ${schema}; CREATE SCHEMA ${schema}_floor;`);
  const pools = Array.from({ length: replicas }, () => pgPool(url, { schema }));
  const floorPools = Array.from({ length: replicas }, () => pgPool(url, { schema: `${schema}_floor` }));
  const stores = await Promise.all(pools.map((pool) => PostgresStore.open(pool)));
  await PostgresStore.open(floorPools[0]!);
  const at = new Date().toISOString();
  const storeRates: number[] = [];
  const floorRates: number[] = [];
  const storeLatencies: number[] = [];
  const floorLatencies: number[] = [];
  let floorNumber = 0;
  const perReplica = Math.ceil(options.declarationsPerRound / replicas);
  const timeStore = () =>
    timed(perReplica, replicas, storeLatencies, storeRates, (replica) =>
      stores[replica]!.commit(declareCommit(at)),
    );
  const timeFloor = () =>
    timed(perReplica, replicas, floorLatencies, floorRates, (replica) =>
      floorInsert(floorPools[replica]!, ++floorNumber, at),
    );
  for (let round = 0; round < options.rounds; round++) {
    if (round % 2 === 0) {
      await timeFloor();
      await timeStore();
    } else {
      await timeStore();
      await timeFloor();
    }
  }
  await Promise.all([...pools, ...floorPools].map((pool) => pool.close()));
  await admin.exec(`DROP SCHEMA ${schema} CASCADE; DROP SCHEMA ${schema}_floor CASCADE;`);
  await admin.close();
  return {
    replicas,
    store: median(storeRates),
    floor: median(floorRates),
    ratio: median(storeRates.map((rate, round) => rate / floorRates[round]!)),
    storeP99Ms: quantile(storeLatencies, 0.99),
    floorP99Ms: quantile(floorLatencies, 0.99),
  };
}

/** Runs `each` perReplica times on every replica, four at a time each; records latencies and the rate. */
async function timed(
  perReplica: number,
  replicas: number,
  latencies: number[],
  rates: number[],
  each: (replica: number) => Promise<unknown>,
): Promise<void> {
  const start = performance.now();
  await Promise.all(
    Array.from({ length: replicas * 4 }, async (_, lane) => {
      const replica = lane % replicas;
      for (let done = 0; done < perReplica / 4; done++) {
        const began = performance.now();
        await each(replica);
        latencies.push(performance.now() - began);
      }
    }),
  );
  rates.push((perReplica * replicas) / ((performance.now() - start) / 1000));
}

/** The floor: the rows a declaration writes, one multi-row INSERT per table, in one transaction. */
async function floorInsert(pool: SqlPool, number: number, at: string): Promise<void> {
  const { incident, events } = declareDecision(number, at);
  const row = incidentRow(incident, events.length);
  const columns = Object.keys(row).map(snake);
  const millis = Date.parse(at);
  await pool.transaction(async (tx) => {
    await insert(tx, `incidents (${columns.join(', ')})`, [Object.values(row)]);
    await insert(
      tx,
      'events (incident_id, seq, kind, actor, at, recorded_at, body)',
      events.map(({ at: when, actor, kind, ...body }, index) => [
        incident.id,
        index + 1,
        kind,
        actor,
        when,
        at,
        JSON.stringify(body),
      ]),
    );
    await insert(
      tx,
      'participants (incident_id, user_id)',
      incident.participants.map((user) => [incident.id, user]),
    );
    await insert(
      tx,
      'outbox (incident_id, lane, effect, created_at, next_attempt_at)',
      DECLARE_EFFECTS.map((effect) => [incident.id, laneOf(effect), JSON.stringify(effect), millis, millis]),
    );
  });
}

async function insert(tx: Sql, into: string, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((value) => `$${values.push(value)}`).join(', ')})`);
  await tx.query(`INSERT INTO ${into} VALUES ${tuples.join(', ')}`, values);
}
