import { describe, expect, it } from 'vitest'
import { hashToken, looksLikeToken, newToken, sameHash } from './tokens.js'

describe('tokens', () => {
  it('are random, recognisable, and stored only as a hash', () => {
    const a = newToken()
    const b = newToken()
    expect(a.token).not.toBe(b.token)
    expect(looksLikeToken(a.token)).toBe(true)
    expect(a.hash).toBe(hashToken(a.token))
    expect(a.hash).not.toContain(a.token.slice(3))
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('compares hashes in constant time and rejects mismatches', () => {
    const { hash } = newToken()
    expect(sameHash(hash, hash)).toBe(true)
    expect(sameHash(hash, newToken().hash)).toBe(false)
    expect(sameHash(hash, '')).toBe(false)
  })

  it('rejects strings that are not tokens before any lookup', () => {
    expect(looksLikeToken('lb_short')).toBe(false)
    expect(looksLikeToken("lb_' or 1=1 --")).toBe(false)
  })
})
