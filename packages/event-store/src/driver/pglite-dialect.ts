import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import { beginStatement, copyPayloadOf } from './copy.js'
import { Mutex } from './mutex.js'

/**
 * A kysely dialect over one PGlite instance, on kysely's own Postgres adapter, compiler and
 * introspector. kysely 0.29 ships one, but it needs Node 22; ours is this small file.
 * The dialect does not own the instance: whoever created it closes it.
 */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite
  readonly #onWrite: () => void

  /**
   * @param pglite the instance
   * @param onWrite called after every statement that may have changed data (see `mayWrite`)
   */
  constructor(pglite: PGlite, onWrite: () => void = () => {}) {
    this.#pglite = pglite
    this.#onWrite = onWrite
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter()
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#pglite, this.#onWrite)
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db)
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler()
  }
}

const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])

/** Command tags of statements that never change what a query reads. */
const READ_ONLY = new Set([
  'SELECT',
  'BEGIN',
  'START TRANSACTION',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'RELEASE',
  'SET',
  'RESET',
  'SHOW',
  'EXPLAIN',
  'ANALYZE',
  'VACUUM',
  'LISTEN',
  'UNLISTEN',
  'DISCARD',
])

/** A SELECT can still write: `with x as (insert …) select …` answers with the SELECT tag. */
const DATA_CHANGE = /\b(insert|update|delete|merge|truncate)\b/i
/** Row locks (`for update`, `for no key update`) name UPDATE but change nothing. */
const ROW_LOCK = /\bfor\s+(no\s+key\s+)?update\b/gi

/**
 * Whether a statement may have changed data. Errs towards yes: an unknown tag, or a SELECT
 * whose text names a data-changing command outside a row-lock clause, counts as a write.
 */
export const mayWrite = (command: string | undefined, sql: string): boolean =>
  command === undefined ||
  !READ_ONLY.has(command) ||
  (command === 'SELECT' && DATA_CHANGE.test(sql.replace(ROW_LOCK, '')))

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite
  readonly #onWrite: () => void

  constructor(pglite: PGlite, onWrite: () => void) {
    this.#pglite = pglite
    this.#onWrite = onWrite
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const copy = copyPayloadOf(query)
    if (copy !== undefined) {
      // PGlite has no COPY sub-protocol; it reads COPY input from a virtual device.
      const sql = query.sql.replace(/from stdin$/i, "from '/dev/blob'")
      try {
        const result = await this.#pglite.query(sql, [], { blob: new Blob([copy.text]) })
        return { rows: [], numAffectedRows: BigInt(result.affectedRows ?? 0) }
      } finally {
        this.#onWrite()
      }
    }
    let command: string | undefined
    try {
      const result = await this.#pglite.query<R>(query.sql, [...query.parameters])
      command = result.command?.toUpperCase()
      return {
        rows: result.rows,
        ...(command !== undefined && DML.has(command)
          ? { numAffectedRows: BigInt(result.rowCount ?? result.affectedRows ?? 0) }
          : {}),
      }
    } finally {
      // A failed statement may have written before it failed (a function, a multi-row insert
      // in a transaction that goes on): count it unless it is plainly a read.
      if (mayWrite(command, query.sql)) this.#onWrite()
    }
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors to stream from.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported on PGlite; page with limit/offset instead')
  }
}

class PGliteDriver implements Driver {
  readonly #pglite: PGlite
  readonly #connection: PGliteConnection
  // PGlite is one connection: a transaction must own it from BEGIN to COMMIT, so each
  // acquired connection holds the mutex until kysely releases it.
  readonly #mutex = new Mutex()
  #release: (() => void) | undefined

  constructor(pglite: PGlite, onWrite: () => void) {
    this.#pglite = pglite
    this.#connection = new PGliteConnection(pglite, onWrite)
  }

  async init(): Promise<void> {
    await this.#pglite.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.acquire()
    return this.#connection
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await connection.executeQuery(CompiledQuery.raw(beginStatement(settings)))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release
    this.#release = undefined
    release?.()
  }

  async destroy(): Promise<void> {
    // The instance belongs to the caller (openEventStore closes it after kysely).
  }
}
