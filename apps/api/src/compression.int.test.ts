// Large answers go out gzip-compressed to clients that accept it, from the read cache too.
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'
import { acceptsGzip } from './http/compression.js'
import { IdempotencyStore } from './http/idempotency.js'
import { openTestApi, type TestApi } from './testing/setup.js'

let api: TestApi
let analyst: string
// A fixed knownAt: without it each computed answer says when it was computed.
const PICTURE = '/v1/situation-picture?asOf=2025-10-01&knownAt=2025-10-02T00:00:00Z'
const GZIP = { 'accept-encoding': 'gzip, deflate, br' }

beforeAll(async () => {
  api = await openTestApi({ demoTenant: 'demo' })
  analyst = await api.token('demo', 'municipality', 'analyst')
}, 120_000)
afterAll(async () => api?.lagesbild.close())

describe('acceptsGzip', () => {
  it('reads Accept-Encoding with its q-values', () => {
    expect(acceptsGzip(undefined)).toBe(false)
    expect(acceptsGzip('identity')).toBe(false)
    expect(acceptsGzip('gzip')).toBe(true)
    expect(acceptsGzip('br;q=1.0, GZIP;q=0.5')).toBe(true)
    expect(acceptsGzip('gzip;q=0, *')).toBe(false)
    expect(acceptsGzip('*;q=0.1')).toBe(true)
    expect(acceptsGzip('*;q=0')).toBe(false)
  })
})

describe.each([
  ['with the read cache', undefined],
  ['without it', false],
] as const)('compressed answers %s', (_, readCache) => {
  const app = () =>
    createApp({
      backend: 'pglite',
      lagesbild: api.lagesbild,
      tokens: api.tokens,
      idempotency: new IdempotencyStore(api.lagesbild.store.db),
      ...(readCache === false ? { readCache } : {}),
    })
  const get = (a: ReturnType<typeof app>, path: string, headers: Record<string, string> = {}) =>
    a.request(path, { headers: { authorization: `Bearer ${analyst}`, ...headers } })

  it('sends the same JSON gzip-compressed, with Vary and a weak ETag that revalidates', async () => {
    const a = app()
    const plain = await get(a, PICTURE)
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i)
    const identity = await plain.text()
    for (let i = 0; i < 2; i++) {
      const zipped = await get(a, PICTURE, GZIP)
      expect(zipped.status).toBe(200)
      expect(zipped.headers.get('content-encoding')).toBe('gzip')
      expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i)
      const bytes = new Uint8Array(await zipped.arrayBuffer())
      expect(bytes.byteLength).toBeLessThan(identity.length / 4)
      expect(gunzipSync(bytes).toString('utf8')).toBe(identity)
      const etag = zipped.headers.get('etag') as string
      expect(etag).toMatch(/^W\/"/)
      expect(etag.slice(2)).toBe(plain.headers.get('etag'))
      const again = await get(a, PICTURE, { ...GZIP, 'if-none-match': etag })
      expect(again.status).toBe(304)
    }
  })

  it('leaves small answers and clients without gzip alone', async () => {
    const a = app()
    const health = await a.request('/health', { headers: GZIP })
    expect(health.headers.get('content-encoding')).toBeNull()
    expect(((await health.json()) as { status: string }).status).toBe('ok')
    const refused = await get(a, PICTURE, { 'accept-encoding': 'gzip;q=0, identity' })
    expect(refused.headers.get('content-encoding')).toBeNull()
    expect(((await refused.json()) as { asOf: string }).asOf).toBe('2025-10-01')
  })
})
