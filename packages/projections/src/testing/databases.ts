/**
 * Test databases for the read models: one PGlite and one throwaway PostgreSQL database, both as
 * kysely instances, so every integration test runs over both backends.
 */
import { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely'
import pg from 'pg'

export type BackendName = 'pglite' | 'postgres'

// PGlite has one connection: kysely must hand it to one transaction at a time.
class PgliteDriver implements Driver {
  readonly #db: PGlite
  #queue: Promise<void> = Promise.resolve()
  constructor(db: PGlite) {
    this.#db = db
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void
    const previous = this.#queue
    this.#queue = new Promise<void>((r) => {
      release = r
    })
    await previous
    const db = this.#db
    const connection: DatabaseConnection & { release: () => void } = {
      release,
      async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
        const r = await db.query<R>(q.sql, q.parameters as unknown[])
        return { rows: r.rows, numAffectedRows: BigInt(r.affectedRows ?? 0) }
      },
      // biome-ignore lint/correctness/useYield: streaming is not supported on PGlite
      async *streamQuery() {
        throw new Error('streaming is not supported on PGlite')
      },
    }
    return connection
  }
  async beginTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('begin'))
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('commit'))
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('rollback'))
  }
  async releaseConnection(c: DatabaseConnection): Promise<void> {
    ;(c as unknown as { release: () => void }).release()
  }
  async destroy(): Promise<void> {
    await this.#db.close()
  }
}

const pgliteDialect = (db: PGlite): Dialect => ({
  createAdapter: () => new PostgresAdapter(),
  createDriver: () => new PgliteDriver(db),
  createIntrospector: (k) => new PostgresIntrospector(k),
  createQueryCompiler: () => new PostgresQueryCompiler(),
})

// Dates stay 'YYYY-MM-DD' strings and bigints stay exact: the projections compare them as text.
const DATE_OID = 1082
const INT8_OID = 20

export interface TestDatabase {
  readonly backend: BackendName
  // biome-ignore lint/suspicious/noExplicitAny: read-model tables are declared in SQL, not in a kysely schema
  readonly db: Kysely<any>
  readonly close: () => Promise<void>
}

export const POSTGRES_URL =
  process.env.LAGESBILD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A fresh in-memory PGlite database. */
export const openPglite = async (): Promise<TestDatabase> => {
  const pglite = await PGlite.create({
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => v },
  })
  const db = new Kysely<unknown>({ dialect: pgliteDialect(pglite) })
  return { backend: 'pglite', db, close: () => db.destroy() }
}

/** A throwaway PostgreSQL database, dropped on close. */
export const openPostgres = async (url = POSTGRES_URL): Promise<TestDatabase> => {
  const name = `lagesbild_t_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const target = new URL(url)
  target.pathname = `/${name}`
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === DATE_OID || oid === INT8_OID
        ? (v: string) => v
        : pg.types.getTypeParser(oid, format ?? 'text'),
  }
  const pool = new pg.Pool({ connectionString: target.toString(), max: 4, types })
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
  return {
    backend: 'postgres',
    db,
    close: async () => {
      await db.destroy()
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

export const BACKENDS: readonly { name: BackendName; open: () => Promise<TestDatabase> }[] = [
  { name: 'pglite', open: openPglite },
  { name: 'postgres', open: () => openPostgres() },
]
