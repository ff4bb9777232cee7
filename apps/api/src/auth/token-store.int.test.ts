// Verified tokens are trusted for a few seconds; revocation ends that at once in this process
// and within the cache time from another.
import { type EventStore, openEventStore } from '@lagesbild/event-store'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TokenStore } from './token-store.js'

let store: EventStore
beforeAll(async () => {
  store = await openEventStore({ memory: true })
  await new TokenStore(store.db).migrate()
})
afterAll(async () => store?.close())

const input = { tenantId: 'demo', organisationId: 'police', role: 'analyst' } as const

describe('TokenStore', () => {
  it('refuses a token revoked through it at once, though it was just verified', async () => {
    const tokens = new TokenStore(store.db)
    const { token, info } = await tokens.create(input)
    expect((await tokens.authenticate(token))?.tokenId).toBe(info.tokenId)
    expect(await tokens.revoke(info.tokenId)).toBe(true)
    expect(await tokens.authenticate(token)).toBeUndefined()
  })

  it('refuses a token revoked elsewhere once the cache time has passed', async () => {
    let now = 1_000_000
    const tokens = new TokenStore(store.db, { cacheMs: 5000, now: () => now })
    const { token, info } = await tokens.create(input)
    expect((await tokens.authenticate(token))?.role).toBe('analyst')
    // Another process (`lagesbild token revoke`) writes straight to the table.
    await sql`update api_tokens set revoked_at = now() where token_id = ${info.tokenId}`.execute(
      store.db,
    )
    now += 4999
    expect((await tokens.authenticate(token))?.tokenId).toBe(info.tokenId)
    now += 1
    expect(await tokens.authenticate(token)).toBeUndefined()
    expect(await tokens.authenticate(token)).toBeUndefined()
  })

  it('never trusts an unknown token, however often it is tried', async () => {
    const tokens = new TokenStore(store.db)
    const { token } = await tokens.create(input)
    const forged = `${token.slice(0, -2)}${token.endsWith('aa') ? 'bb' : 'aa'}`
    for (let i = 0; i < 3; i++) expect(await tokens.authenticate(forged)).toBeUndefined()
  })
})
