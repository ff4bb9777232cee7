import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from './testing/setup.js'

let api: TestApi
beforeAll(async () => {
  api = await openTestApi({ rateLimit: { limit: 3, windowMs: 60_000 } })
})
afterAll(async () => api?.lagesbild.close())

describe('rate limiting per token', () => {
  it('answers beyond the limit with 429 problem+json, RateLimit headers and Retry-After', async () => {
    const a = await api.token('mjolby', 'police', 'analyst')
    const b = await api.token('mjolby', 'police', 'analyst')
    const statuses: number[] = []
    let last: Response | undefined
    for (let i = 0; i < 4; i++) {
      last = await api.call('/v1/events?after=0', a)
      statuses.push(last.status)
      expect(last.headers.get('ratelimit-policy')).toBe('3;w=60')
      expect(last.headers.get('ratelimit')).toMatch(/limit=3, remaining=\d, reset=\d+/)
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    expect(last?.headers.get('content-type')).toContain('application/problem+json')
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await last?.json()) as { type: string } | undefined)?.type).toContain('rate-limited')
    // The budget is the token's: another token of the same organisation is not affected.
    expect((await api.call('/v1/events?after=0', b)).status).toBe(200)
  })

  it('refuses a bad limit when the app is built', async () => {
    const { perTokenRateLimit } = await import('./http/rate-limit.js')
    expect(() => perTokenRateLimit({ limit: 0, windowMs: 1000 })).toThrow(/rateLimit.limit/)
  })
})
