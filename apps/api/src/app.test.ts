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
