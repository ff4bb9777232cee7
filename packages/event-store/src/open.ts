import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, type Migration } from 'kysely'
import pg from 'pg'
import { acquireDirLock, type DirLock } from './dir-lock.js'
import { pgliteFileOptions } from './driver/durable-nodefs.js'
import { PgDialect } from './driver/pg-dialect.js'
import { PGliteDialect } from './driver/pglite-dialect.js'
import { migrateToLatest } from './migrations.js'
import { typeParsers } from './parsers.js'
import type { EventStoreTables } from './schema.js'
import { createEventStore, type EventStore } from './store.js'

export interface OpenEventStoreOptions {
  /** postgres:// URL: use a PostgreSQL server. */
  readonly databaseUrl?: string
  /** Directory for embedded PGlite; created if missing, locked while open. */
  readonly dataDir?: string
  /** Embedded PGlite in memory (tests, demos): nothing persists. */
  readonly memory?: boolean
  /** Migrations of other packages, run with the store's own; see `eventStoreMigrations`. */
  readonly migrations?: Readonly<Record<string, Migration>>
  /**
   * PGlite in a directory only. 'fsync' (default): each commit is forced to disk, surviving a
   * power cut. 'os': PGlite's own default, writes stay in the OS cache (survives a crash of
   * this process, not of the machine); faster single appends.
   */
  readonly durability?: 'fsync' | 'os'
  /** Size of the PostgreSQL connection pool (default 10). */
  readonly poolSize?: number
}

/** The environment variables `openEventStoreFromEnv` reads. */
export interface EventStoreEnv {
  readonly DATABASE_URL?: string | undefined
  readonly LAGESBILD_DATA_DIR?: string | undefined
}

export const DEFAULT_DATA_DIR = './.lagesbild'

/** PGlite's files live in a subdirectory, so the data directory can hold other things too. */
export const PGLITE_SUBDIR = 'pglite'

const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url)

/**
 * Opens the event store on PostgreSQL (`databaseUrl`), on PGlite in a directory (`dataDir`)
 * or on PGlite in memory (`memory: true`), and runs migrations.
 *
 * @param options exactly one of `databaseUrl`, `dataDir`, `memory`
 * @throws Error when the options do not name exactly one backend, or migrations fail
 * @throws StoreLockedError when another live process has `dataDir` open
 * @example
 * const store = await openEventStore({ dataDir: './.lagesbild' })
 * try { … } finally { await store.close() }
 */
export async function openEventStore(options: OpenEventStoreOptions): Promise<EventStore> {
  const chosen = [
    options.databaseUrl !== undefined,
    options.dataDir !== undefined,
    options.memory === true,
  ].filter(Boolean).length
  if (chosen !== 1) {
    throw new Error(
      'openEventStore needs exactly one of { databaseUrl: "postgres://…" }, { dataDir: "./.lagesbild" } or { memory: true }',
    )
  }
  if (options.databaseUrl !== undefined) {
    if (!isPostgresUrl(options.databaseUrl)) {
      throw new Error(`databaseUrl must start with postgres:// or postgresql://`)
    }
    return openPostgres(options.databaseUrl, options)
  }
  return openPGlite(options.dataDir, options)
}

/**
 * Opens the store the way the apps do: `DATABASE_URL=postgres://…` selects the server,
 * otherwise PGlite in `LAGESBILD_DATA_DIR` (default `./.lagesbild`).
 *
 * @param env usually `process.env`
 * @param migrations migrations of other packages to run on open
 * @throws Error when DATABASE_URL is set but is not a postgres:// URL
 * @throws StoreLockedError when another process has the PGlite directory open
 * @example const store = await openEventStoreFromEnv(process.env)
 */
export function openEventStoreFromEnv(
  env: EventStoreEnv,
  migrations?: Readonly<Record<string, Migration>>,
): Promise<EventStore> {
  return openEventStore(backendOptionsFromEnv(env, migrations === undefined ? {} : { migrations }))
}

/**
 * The backend choice of {@link openEventStoreFromEnv}, without opening anything.
 *
 * @param env usually `process.env`
 * @param extra options to merge in
 * @throws Error when DATABASE_URL is set but is not a postgres:// URL
 */
export function backendOptionsFromEnv(
  env: EventStoreEnv,
  extra: Omit<OpenEventStoreOptions, 'databaseUrl' | 'dataDir' | 'memory'> = {},
): OpenEventStoreOptions {
  const url = env.DATABASE_URL?.trim()
  if (url) {
    if (!isPostgresUrl(url)) {
      throw new Error(
        `DATABASE_URL must be a postgres:// URL (got ${url.split(':')[0]}:…); unset it to use embedded PGlite`,
      )
    }
    return { ...extra, databaseUrl: url }
  }
  return { ...extra, dataDir: env.LAGESBILD_DATA_DIR?.trim() || DEFAULT_DATA_DIR }
}

async function openPostgres(url: string, options: OpenEventStoreOptions): Promise<EventStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Every session in UTC, so timestamptz text is the same whatever the server's setting. JIT
    // off: our statements read a few thousand index entries, and once a deployment is large
    // their cost estimates pass jit_above_cost, where compiling took 35 ms of a 46 ms picture;
    // the whole-log scans of the benchmark's naive baseline ran no faster with it.
    options: '-c TimeZone=UTC -c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  })
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  const db = new Kysely<EventStoreTables>({ dialect: new PgDialect(pool) })
  try {
    await migrateToLatest(db as Kysely<unknown>, options.migrations)
  } catch (error) {
    await db.destroy()
    await pool.end()
    throw error
  }
  return createEventStore(db, 'postgres', async () => {
    await db.destroy()
    await pool.end()
  })
}

async function openPGlite(
  dataDir: string | undefined,
  options: OpenEventStoreOptions,
): Promise<EventStore> {
  let lock: DirLock | undefined
  let pgDir: string | undefined
  if (dataDir !== undefined) {
    const dir = resolve(dataDir)
    mkdirSync(dir, { recursive: true })
    lock = acquireDirLock(dir)
    pgDir = join(dir, PGLITE_SUBDIR)
  }
  const releaseOnExit = () => lock?.release()
  if (lock !== undefined) process.once('exit', releaseOnExit)
  let pglite: PGlite | undefined
  try {
    pglite = await PGlite.create({
      ...(pgDir === undefined ? {} : pgliteFileOptions(pgDir, options.durability ?? 'fsync')),
      // Never trade durability for speed: wait for PGlite's filesystem sync after each query.
      relaxedDurability: false,
      parsers: typeParsers,
    })
    await pglite.exec(`set timezone = 'UTC'`)
    // The directory lock makes this process the only writer, so counting its writing
    // statements tells when data may have changed.
    let generation = 0
    const dialect = new PGliteDialect(pglite, () => {
      generation++
    })
    const db = new Kysely<EventStoreTables>({ dialect })
    await migrateToLatest(db as Kysely<unknown>, options.migrations)
    const instance = pglite
    return createEventStore(
      db,
      'pglite',
      async () => {
        try {
          await db.destroy()
          await instance.close()
        } finally {
          process.removeListener('exit', releaseOnExit)
          lock?.release()
        }
      },
      () => generation,
    )
  } catch (error) {
    await pglite?.close().catch(() => {})
    process.removeListener('exit', releaseOnExit)
    lock?.release()
    throw error
  }
}
