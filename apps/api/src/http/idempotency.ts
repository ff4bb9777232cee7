import { createHash } from 'node:crypto'
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: the table is declared in SQL below
type Db = Kysely<any>

export interface StoredResponse {
  readonly status: number
  readonly body: string
}

export type IdempotencyClaim =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in-progress' }

/**
 * Idempotency-Key support for writes: the first request with a key claims it, its response is
 * stored, and a retry with the same key and body gets that response back without writing again.
 * A claim is taken before the command runs, so two concurrent retries cannot both write.
 */
export class IdempotencyStore {
  readonly #db: Db

  constructor(db: Db) {
    this.#db = db
  }

  async migrate(): Promise<void> {
    await sql`
      create table if not exists api_idempotency (
        tenant_id text not null,
        key text not null,
        request_hash text not null,
        status integer,
        body text,
        created_at timestamptz not null default now(),
        primary key (tenant_id, key)
      )`.execute(this.#db)
  }

  /** Hash of what makes two requests "the same": method, path and body. */
  static requestHash(method: string, path: string, body: string): string {
    return createHash('sha256').update(`${method} ${path}\n${body}`).digest('hex')
  }

  async claim(tenantId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const inserted = await sql`
      insert into api_idempotency (tenant_id, key, request_hash) values (${tenantId}, ${key}, ${requestHash})
      on conflict do nothing`.execute(this.#db)
    if (Number(inserted.numAffectedRows ?? 0) > 0) return { kind: 'new' }
    const { rows } = await sql<{
      request_hash: string
      status: number | null
      body: string | null
    }>`
      select request_hash, status, body from api_idempotency where tenant_id = ${tenantId} and key = ${key}`.execute(
      this.#db,
    )
    const row = rows[0]
    if (!row) return { kind: 'in-progress' }
    if (row.request_hash !== requestHash) return { kind: 'mismatch' }
    if (row.status === null || row.body === null) return { kind: 'in-progress' }
    return { kind: 'replay', response: { status: row.status, body: row.body } }
  }

  async complete(tenantId: string, key: string, response: StoredResponse): Promise<void> {
    await sql`update api_idempotency set status = ${response.status}, body = ${response.body}
      where tenant_id = ${tenantId} and key = ${key}`.execute(this.#db)
  }

  /** Frees a claim whose request failed before writing, so the client may retry. */
  async release(tenantId: string, key: string): Promise<void> {
    await sql`delete from api_idempotency where tenant_id = ${tenantId} and key = ${key} and status is null`.execute(
      this.#db,
    )
  }
}
