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
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { beginStatement, copyPayloadOf } from './copy.js'

/**
 * A kysely dialect over a `pg` pool. kysely's own PostgresDialect would do for queries, but
 * COPY needs the raw client of the current connection, which it keeps private.
 * The dialect does not own the pool: whoever created it ends it.
 */
export class PgDialect implements Dialect {
  readonly #pool: pg.Pool

  constructor(pool: pg.Pool) {
    this.#pool = pool
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter()
  }

  createDriver(): Driver {
    return new PgDriver(this.#pool)
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db)
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler()
  }
}

const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])

class PgConnection implements DatabaseConnection {
  readonly client: pg.PoolClient

  constructor(client: pg.PoolClient) {
    this.client = client
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const copy = copyPayloadOf(query)
    if (copy !== undefined) return this.#copyIn(query.sql, copy.text)
    const result = await this.client.query(query.sql, [...query.parameters])
    return {
      rows: (result.rows ?? []) as R[],
      ...(DML.has(result.command) ? { numAffectedRows: BigInt(result.rowCount ?? 0) } : {}),
    }
  }

  #copyIn<R>(sql: string, text: string): Promise<QueryResult<R>> {
    return new Promise((resolve, reject) => {
      const stream = this.client.query(copyFrom(sql))
      stream.on('error', reject)
      stream.on('finish', () => resolve({ rows: [], numAffectedRows: BigInt(stream.rowCount) }))
      stream.end(text)
    })
  }

  // biome-ignore lint/correctness/useYield: no cursor support; nothing in lagesbild streams.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported; page with keyset queries instead')
  }
}

/**
 * Clients whose connection failed while checked out. pg emits 'error' on a checked-out client
 * (the pool only listens on idle ones), and an 'error' event nobody listens to crashes the
 * process: a server restart or `pg_terminate_backend` must fail the query in flight, not the
 * server. Such a client is destroyed on release instead of going back to the pool.
 */
const watched = new WeakSet<pg.PoolClient>()
const broken = new WeakSet<pg.PoolClient>()

class PgDriver implements Driver {
  readonly #pool: pg.Pool

  constructor(pool: pg.Pool) {
    this.#pool = pool
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.#pool.connect()
    if (!watched.has(client)) {
      watched.add(client)
      client.on('error', () => broken.add(client))
    }
    return new PgConnection(client)
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

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const { client } = connection as PgConnection
    client.release(broken.has(client) ? true : undefined)
  }

  async destroy(): Promise<void> {
    // The pool belongs to the caller (openEventStore ends it after kysely).
  }
}
