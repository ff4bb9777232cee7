/**
 * Test helpers shared by every package that tests against the event store:
 * throwaway PostgreSQL databases and the list of backends for `describe.each`.
 * Exported as `@lagesbild/event-store/testing`; not part of the runtime API.
 */
import { randomBytes } from 'node:crypto'
import { type Migration, sql } from 'kysely'
import pg from 'pg'
import { openEventStore } from './open.js'
import type { Backend, EventStore } from './store.js'

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'

/** A database created for one test file; `drop()` removes it. */
export interface ThrowawayDatabase {
  readonly url: string
  readonly name: string
  drop(): Promise<void>
}

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/**
 * Creates an empty database `lagesbild_t_<random>` on the server of `adminUrl`.
 *
 * @param adminUrl a URL whose user may create databases (default: the test URL from the env)
 * @throws Error when the server cannot be reached
 * @example const tmp = await createThrowawayDatabase(); try { … } finally { await tmp.drop() }
 */
export async function createThrowawayDatabase(
  adminUrl: string = testDatabaseUrl(),
): Promise<ThrowawayDatabase> {
  const name = `lagesbild_t_${randomBytes(6).toString('hex')}`
  await adminQuery(adminUrl, `create database ${name}`)
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  }
}

const adminQuery = async (url: string, statement: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/** `LAGESBILD_TEST_DATABASE_URL`, or the local test server. */
export const testDatabaseUrl = (env: NodeJS.ProcessEnv = process.env): string =>
  env.LAGESBILD_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL

/**
 * Whether PostgreSQL is reachable for tests. Unreachable is a skip reason unless
 * `LAGESBILD_REQUIRE_POSTGRES=1`, where it is an error (CI sets it).
 *
 * @returns undefined when reachable, else the reason to skip
 * @throws Error when unreachable and LAGESBILD_REQUIRE_POSTGRES is '1'
 */
export async function postgresSkipReason(
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const url = testDatabaseUrl(env)
  try {
    await adminQuery(url, 'select 1')
    return undefined
  } catch (error) {
    const reason = `PostgreSQL at ${new URL(url).host} is unreachable (${(error as Error).message})`
    if (env.LAGESBILD_REQUIRE_POSTGRES === '1') {
      throw new Error(`${reason}, and LAGESBILD_REQUIRE_POSTGRES=1`)
    }
    console.warn(`skipping PostgreSQL tests: ${reason}; set LAGESBILD_REQUIRE_POSTGRES=1 to fail`)
    return reason
  }
}

export interface OpenTestStoreOptions {
  readonly migrations?: Readonly<Record<string, Migration>>
}

/** One backend for a contract suite. */
export interface TestBackend {
  readonly name: Backend
  /** Set when the backend is not available here; skip its tests with this reason. */
  readonly skipReason: string | undefined
  /**
   * Opens a fresh, empty store: PGlite in memory, or PostgreSQL in a throwaway database that
   * `close()` drops.
   */
  open(options?: OpenTestStoreOptions): Promise<EventStore>
}

/**
 * Both backends, for `describe.each(await testBackends())('$name', …)`.
 *
 * @throws Error when PostgreSQL is unreachable and LAGESBILD_REQUIRE_POSTGRES is '1'
 * @example
 * describe.each(await testBackends())('event store on $name', (backend) => {
 *   beforeAll(async () => { if (!backend.skipReason) store = await backend.open() })
 * })
 */
export async function testBackends(env: NodeJS.ProcessEnv = process.env): Promise<TestBackend[]> {
  return [
    {
      name: 'pglite',
      skipReason: undefined,
      open: (options = {}) => openEventStore({ memory: true, ...options }),
    },
    {
      name: 'postgres',
      skipReason: await postgresSkipReason(env),
      open: (options = {}) => openPostgresTestStore(testDatabaseUrl(env), options),
    },
  ]
}

/**
 * Opens a store on a new throwaway PostgreSQL database; its `close()` also drops the database.
 *
 * @param adminUrl server to create the database on
 * @param options extra migrations
 */
export async function openPostgresTestStore(
  adminUrl: string = testDatabaseUrl(),
  options: OpenTestStoreOptions = {},
): Promise<EventStore> {
  const tmp = await createThrowawayDatabase(adminUrl)
  let store: EventStore
  try {
    store = await openEventStore({ databaseUrl: tmp.url, ...options })
  } catch (error) {
    await tmp.drop()
    throw error
  }
  return {
    ...store,
    close: async () => {
      try {
        await store.close()
      } finally {
        await tmp.drop()
      }
    },
  }
}

/**
 * Empties the event store's tables and restarts positions at 1 (tests and benchmarks only).
 *
 * @param store an open store
 */
export async function resetEventStore(store: EventStore): Promise<void> {
  await sql`truncate events, checkpoints restart identity`.execute(store.db)
}
