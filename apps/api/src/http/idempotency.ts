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
 *
 * Claim, events and stored response commit in ONE transaction (`claimIn`/`completeIn` inside the
 * command's transaction): a concurrent retry's insert waits on the first one's row lock, then
 * replays its answer, or takes over if it rolled back. So a process killed mid-request leaves
 * either nothing (the retry writes) or everything (the retry replays) — never a claim that blocks
 * the key forever, nor events without the response a retry needs.
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

  /**
   * Claims a key inside the caller's transaction. Waits while another open transaction holds
   * the same key; a claim left without a response (by versions before claims were
   * transactional) is taken over.
   */
  async claimIn(
    db: Db,
    tenantId: string,
    key: string,
    requestHash: string,
  ): Promise<IdempotencyClaim> {
    const inserted = await sql`
      insert into api_idempotency (tenant_id, key, request_hash) values (${tenantId}, ${key}, ${requestHash})
      on conflict (tenant_id, key) do update set request_hash = excluded.request_hash, created_at = now()
        where api_idempotency.status is null`.execute(db)
    if (Number(inserted.numAffectedRows ?? 0) > 0) return { kind: 'new' }
    return this.#existing(db, tenantId, key, requestHash)
  }

  /** Stores the response inside the same transaction as the claim and the events. */
  async completeIn(db: Db, tenantId: string, key: string, response: StoredResponse): Promise<void> {
    await sql`update api_idempotency set status = ${response.status}, body = ${response.body}
      where tenant_id = ${tenantId} and key = ${key}`.execute(db)
  }

  /** A completed answer for the key, read without locking (the fast path of a retry). */
  async lookup(
    tenantId: string,
    key: string,
    requestHash: string,
  ): Promise<IdempotencyClaim | undefined> {
    const found = await this.#existing(this.#db, tenantId, key, requestHash)
    return found.kind === 'in-progress' ? undefined : found
  }

  async #existing(
    db: Db,
    tenantId: string,
    key: string,
    requestHash: string,
  ): Promise<IdempotencyClaim> {
    const { rows } = await sql<{
      request_hash: string
      status: number | null
      body: string | null
    }>`select request_hash, status, body from api_idempotency
        where tenant_id = ${tenantId} and key = ${key}`.execute(db)
    const row = rows[0]
    if (!row) return { kind: 'in-progress' }
    if (row.request_hash !== requestHash) return { kind: 'mismatch' }
    if (row.status === null || row.body === null) return { kind: 'in-progress' }
    return { kind: 'replay', response: { status: row.status, body: row.body } }
  }
}
