import type { Role } from '@lagesbild/domain'
import { type Kysely, sql } from 'kysely'
import { LRUCache } from 'lru-cache'
import { hashToken, looksLikeToken, newToken } from './tokens.js'

// biome-ignore lint/suspicious/noExplicitAny: the token table is declared in SQL below
type Db = Kysely<any>

/** Who a token speaks for. */
export interface Principal {
  readonly tokenId: string
  readonly tenantId: string
  readonly organisationId: string
  readonly role: Role
}

export interface TokenInfo extends Principal {
  readonly label: string
  readonly createdAt: string
  readonly revokedAt: string | null
}

/**
 * Bearer tokens, stored only as SHA-256 hashes. The table lives beside the event log but outside
 * it: tokens are credentials, not facts about places, and revoking one must really forget it.
 */
export class TokenStore {
  readonly #db: Db
  readonly #cacheMs: number
  readonly #now: () => number
  // Live tokens seen lately, by hash (never the clear token): every request carries one, and
  // looking it up in the database each time was a round trip per request.
  readonly #recent = new LRUCache<string, { principal: Principal; at: number }>({ max: 10_000 })

  /**
   * @param options.cacheMs how long a verified token is trusted without asking the database
   *   again (default 5 s): a token revoked by another process stops working within this time;
   *   revoked through this store, at once
   */
  constructor(db: Db, options: { readonly cacheMs?: number; readonly now?: () => number } = {}) {
    this.#db = db
    this.#cacheMs = options.cacheMs ?? 5000
    this.#now = options.now ?? Date.now
  }

  /** Creates the table when missing. */
  async migrate(): Promise<void> {
    await sql`
      create table if not exists api_tokens (
        token_id text primary key,
        token_hash text not null unique,
        tenant_id text not null,
        organisation_id text not null,
        role text not null,
        label text not null default '',
        created_at timestamptz not null default now(),
        revoked_at timestamptz
      )`.execute(this.#db)
  }

  /**
   * Creates a token. The clear-text token is returned once and never stored.
   *
   * @example const { token } = await tokens.create({ tenantId: 'demo', organisationId: 'police', role: 'analyst' })
   */
  async create(input: {
    tenantId: string
    organisationId: string
    role: Role
    label?: string
  }): Promise<{ token: string; info: TokenInfo }> {
    if (input.role === 'system') throw new Error("Tokens cannot carry the 'system' role.")
    const { token, hash } = newToken()
    const tokenId = hash.slice(0, 12)
    const { rows } = await sql<{ created_at: string }>`
      insert into api_tokens (token_id, token_hash, tenant_id, organisation_id, role, label)
      values (${tokenId}, ${hash}, ${input.tenantId}, ${input.organisationId}, ${input.role}, ${input.label ?? ''})
      returning created_at::text`.execute(this.#db)
    return {
      token,
      info: {
        tokenId,
        tenantId: input.tenantId,
        organisationId: input.organisationId,
        role: input.role,
        label: input.label ?? '',
        createdAt: rows[0]?.created_at ?? '',
        revokedAt: null,
      },
    }
  }

  /** The principal of a live token, or undefined for unknown, malformed or revoked tokens. */
  async authenticate(token: string): Promise<Principal | undefined> {
    if (!looksLikeToken(token)) return undefined
    const hash = hashToken(token)
    const seen = this.#recent.get(hash)
    if (seen !== undefined && this.#now() - seen.at < this.#cacheMs) return seen.principal
    // Lookup by hash: the index equality on a hash leaks nothing useful about the token.
    const { rows } = await sql<{
      token_id: string
      tenant_id: string
      organisation_id: string
      role: Role
    }>`select token_id, tenant_id, organisation_id, role from api_tokens
       where token_hash = ${hash} and revoked_at is null`.execute(this.#db)
    const row = rows[0]
    if (row === undefined) {
      this.#recent.delete(hash)
      return undefined
    }
    const principal: Principal = {
      tokenId: row.token_id,
      tenantId: row.tenant_id,
      organisationId: row.organisation_id,
      role: row.role,
    }
    this.#recent.set(hash, { principal, at: this.#now() })
    return principal
  }

  /** Revokes a token by id; returns whether a live token was revoked. */
  async revoke(tokenId: string): Promise<boolean> {
    const result = await sql`update api_tokens set revoked_at = now()
      where token_id = ${tokenId} and revoked_at is null`.execute(this.#db)
    for (const [hash, seen] of this.#recent.entries()) {
      if (seen.principal.tokenId === tokenId) this.#recent.delete(hash)
    }
    return Number(result.numAffectedRows ?? 0) > 0
  }

  /** Tokens (never their secrets), optionally of one tenant. */
  async list(tenantId?: string): Promise<TokenInfo[]> {
    const { rows } = await sql<{
      token_id: string
      tenant_id: string
      organisation_id: string
      role: Role
      label: string
      created_at: string
      revoked_at: string | null
    }>`select token_id, tenant_id, organisation_id, role, label, created_at::text, revoked_at::text
       from api_tokens ${tenantId ? sql`where tenant_id = ${tenantId}` : sql``}
       order by created_at`.execute(this.#db)
    return rows.map((r) => ({
      tokenId: r.token_id,
      tenantId: r.tenant_id,
      organisationId: r.organisation_id,
      role: r.role,
      label: r.label,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
    }))
  }
}
