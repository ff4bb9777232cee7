import { request } from 'node:http'
import {
  createThrowawayDatabase,
  postgresSkipReason,
  type ThrowawayDatabase,
} from '@lagesbild/event-store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToken, runCli, type Server, startServer, until } from './harness.js'

const skip = await postgresSkipReason()

/** GET /health on a fresh connection, so node:cluster may hand it to any worker. */
const health = (url: string) =>
  new Promise<{ projectionLeader?: boolean }>((resolve, reject) => {
    const req = request(`${url}/health`, { agent: false }, (res) => {
      let body = ''
      res.on('data', (d) => {
        body += d
      })
      res.on('end', () => resolve(JSON.parse(body)))
    })
    req.on('error', reject)
    req.end()
  })

/** GET with a bearer token on a fresh connection; resolves with the status. */
const statusOf = (url: string, token: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      { agent: false, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end()
  })

/** The per-token budget the workers below run with. */
const LIMIT = 6

describe('serve --workers', () => {
  it('refuses more than one worker on an embedded PGlite directory', async () => {
    const r = await runCli(['serve', '--workers', '2', '--data-dir', '/tmp/lagesbild-never'], {})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/needs DATABASE_URL/)
  })

  describe.skipIf(skip)('on PostgreSQL', () => {
    let db: ThrowawayDatabase
    let server: Server | undefined
    beforeAll(async () => {
      db = await createThrowawayDatabase()
      server = await startServer(
        { DATABASE_URL: db.url, LAGESBILD_RATE_LIMIT: String(LIMIT) },
        90_000,
        ['--workers', '2'],
      )
    })
    afterAll(async () => {
      await server?.stop()
      await db?.drop()
    })

    it('runs two API processes on one port, exactly one of them leading the projections', async () => {
      const url = server?.url as string
      const seen = new Set<boolean>()
      await until(
        'answers from both workers (leader and follower)',
        async () => {
          seen.add((await health(url)).projectionLeader === true)
          return seen.size === 2
        },
        60_000,
      )
      expect([...seen].sort()).toEqual([false, true])
    })

    it("counts a token's rate limit across both workers, not per process", async () => {
      const url = server?.url as string
      const token = await createToken({ DATABASE_URL: db.url }, 'rate', 'municipality', 'analyst')
      // Fresh connections are handed out round robin, so both workers serve these; counted
      // per process, each would allow LIMIT and none of the 10 would be refused.
      const statuses: number[] = []
      for (let i = 0; i < 10; i++) statuses.push(await statusOf(`${url}/v1/categories`, token))
      expect(statuses.filter((s) => s === 200).length).toBe(LIMIT)
      expect(statuses.slice(LIMIT)).toEqual([429, 429, 429, 429])
    })
  })
})
