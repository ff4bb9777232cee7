import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { jsonWithEtag } from './etag.js'

const app = new Hono()
app.get('/:knownAt/:count', (c) =>
  jsonWithEtag(
    c,
    {
      asOf: '2025-10-01',
      knownAt: c.req.param('knownAt'),
      cells: [{ count: Number(c.req.param('count')) }],
    },
    { volatile: ['knownAt'] },
  ),
)
app.get('/strong', (c) => jsonWithEtag(c, { a: 1, b: [2] }))

describe('jsonWithEtag', () => {
  it('sends every field, and a weak ETag that ignores the volatile ones', async () => {
    const a = await app.request('/2025-10-02/3')
    expect(await a.json()).toEqual({
      asOf: '2025-10-01',
      knownAt: '2025-10-02',
      cells: [{ count: 3 }],
    })
    const tag = a.headers.get('etag') as string
    expect(tag).toMatch(/^W\/"/)
    const bytes = await (await app.request('/2025-10-02/3')).arrayBuffer()
    expect(a.headers.get('content-length')).toBe(String(bytes.byteLength))
    expect((await app.request('/2025-10-03/3')).headers.get('etag')).toBe(tag)
    expect((await app.request('/2025-10-02/4')).headers.get('etag')).not.toBe(tag)
    const again = await app.request('/2025-10-09/3', { headers: { 'if-none-match': tag } })
    expect(again.status).toBe(304)
  })

  it('gives a strong ETag of the exact bytes when nothing is volatile', async () => {
    const res = await app.request('/strong')
    expect(await res.text()).toBe('{"a":1,"b":[2]}')
    expect(res.headers.get('etag')).toMatch(/^"/)
  })
})
