import { describe, expect, it } from 'vitest'
import { createApp } from './index.js'

describe('health and errors', () => {
  it('answers /health with the backend', async () => {
    const app = createApp({ backend: 'pglite', ping: async () => {} })
    const res = await app.request('/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', backend: 'pglite' })
  })

  it('reports 503 problem+json when the store does not answer', async () => {
    const app = createApp({
      backend: 'postgres',
      logError: () => {},
      ping: async () => {
        throw new Error('connection refused to 10.0.0.1 secret')
      },
    })
    const res = await app.request('/health')
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(await res.text()).not.toContain('secret')
  })

  it('answers unknown routes with 404 problem+json', async () => {
    const res = await createApp({ backend: 'none' }).request('/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({
      status: 404,
      type: expect.stringContaining('not-found'),
    })
  })
})

describe('the dashboard at /', () => {
  const app = createApp({ backend: 'none' })

  it('serves the page under a strict content security policy', async () => {
    const res = await app.request('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    const html = await res.text()
    expect(html).toMatch(/<script type="module" src="\/app\/main-[A-Z0-9]+\.js">/)
    // Nothing in the page points outside this origin.
    expect(html).not.toMatch(/https?:\/\//)
  })

  it('serves its hashed script and style for a year, and 304 on a matching ETag', async () => {
    const html = await (await app.request('/')).text()
    for (const path of html.match(/\/app\/main-[A-Z0-9]+\.(js|css)/g) ?? []) {
      const res = await app.request(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toContain('immutable')
      const etag = res.headers.get('etag') ?? ''
      expect(etag).toMatch(/^"[0-9a-f]{16}"$/)
      const again = await app.request(path, { headers: { 'if-none-match': etag } })
      expect(again.status).toBe(304)
    }
    expect(await (await app.request('/app/main-NOPE.js')).json()).toMatchObject({ status: 404 })
  })

  it('leaves swagger-ui its inline script only under /docs', async () => {
    const res = await app.request('/docs')
    expect(res.headers.get('content-security-policy')).toContain("'unsafe-inline'")
  })
})
