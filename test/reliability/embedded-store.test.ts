import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToken, runCli, type Server, startServer } from './harness.js'

// PGlite is one process's database: two processes writing one directory corrupt it. The lock
// file must turn the second one away with a message an operator can act on, and the first must
// not notice.
describe('embedded store: one process per PGlite directory', () => {
  let dir: string
  let server: Server | undefined
  let token: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lagesbild-rel-'))
    token = await createToken({ LAGESBILD_DATA_DIR: dir }, 'rel', 'municipality', 'coordinator')
    server = await startServer({ LAGESBILD_DATA_DIR: dir })
  })
  afterAll(async () => {
    await server?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses a second server on the same directory with a clear message', async () => {
    const second = await runCli(['serve', '--port', '0'], { LAGESBILD_DATA_DIR: dir })
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/is in use by pid \d+/)
    expect(second.stderr).toMatch(/DATABASE_URL/)
    expect(second.stderr).not.toMatch(/\n\s+at /) // a message, not a stack trace
  })

  it('refuses one-shot commands (import, rebuild) on the same directory too', async () => {
    const rebuild = await runCli(['rebuild'], { LAGESBILD_DATA_DIR: dir })
    expect(rebuild.code).toBe(1)
    expect(rebuild.stderr).toMatch(/is in use by pid/)
  })

  it('keeps the first process serving reads and writes', async () => {
    const url = server?.url as string
    const health = await fetch(`${url}/health`)
    expect(health.status).toBe(200)
    const write = await fetch(`${url}/v1/places`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        placeId: 'rel',
        name: 'Rel',
        level: 'municipality',
        kind: 'municipality',
        parentId: null,
      }),
    })
    expect(write.status, await write.clone().text()).toBe(201)
    const feed = await fetch(`${url}/v1/events?after=0&limit=10`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(feed.status).toBe(200)
    const body = (await feed.json()) as { events: { type: string }[] }
    expect(body.events.map((e) => e.type)).toContain('PlaceRegistered')
  })
})
