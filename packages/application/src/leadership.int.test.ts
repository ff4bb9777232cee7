import { PgDialect } from '@lagesbild/event-store'
import {
  createThrowawayDatabase,
  postgresSkipReason,
  type ThrowawayDatabase,
} from '@lagesbild/event-store/testing'
import { Kysely, sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { competeForLeadership, type Leadership, PROJECTION_LEADER_KEY } from './leadership.js'
import { type Lagesbild, openLagesbild } from './open.js'

const skip = await postgresSkipReason()

// The store's own dialect, so the test also covers how it survives a terminated connection.
// biome-ignore lint/suspicious/noExplicitAny: the test only runs raw SQL
const pool = (url: string): Kysely<any> => {
  const p = new pg.Pool({ connectionString: url })
  p.on('error', () => {})
  const db = new Kysely({ dialect: new PgDialect(p) })
  const destroy = db.destroy.bind(db)
  // PgDialect leaves the pool to its owner (openEventStore ends it after kysely).
  return Object.assign(db, {
    destroy: async () => {
      await destroy()
      await p.end()
    },
  })
}

const until = async (what: string, ok: () => boolean, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe.skipIf(skip)('projection leadership on PostgreSQL', () => {
  let tmp: ThrowawayDatabase
  beforeAll(async () => {
    tmp = await createThrowawayDatabase()
  })
  afterAll(async () => {
    await tmp?.drop()
  })

  it('elects exactly one leader, and a follower takes over when the leader stops', async () => {
    const dbs = [pool(tmp.url), pool(tmp.url), pool(tmp.url)]
    const events: string[] = []
    const contenders: Leadership[] = dbs.map((db, i) =>
      competeForLeadership({
        db,
        retryMs: 100,
        heartbeatMs: 100,
        onElected: () => {
          events.push(`elected ${i}`)
        },
        onDeposed: () => {
          events.push(`deposed ${i}`)
        },
      }),
    )
    try {
      await until('a leader', () => contenders.some((c) => c.isLeader()))
      // Several retry rounds: nobody else may get in while the leader holds the lock.
      await new Promise((r) => setTimeout(r, 500))
      expect(contenders.filter((c) => c.isLeader())).toHaveLength(1)
      const first = contenders.findIndex((c) => c.isLeader())
      await contenders[first]?.stop()
      expect(events).toContain(`deposed ${first}`)
      await until('a new leader', () => contenders.some((c) => c.isLeader()))
      expect(contenders.filter((c) => c.isLeader())).toHaveLength(1)
    } finally {
      for (const c of contenders) await c.stop()
      for (const db of dbs) await db.destroy()
    }
    const elected = events.filter((e) => e.startsWith('elected')).length
    const deposed = events.filter((e) => e.startsWith('deposed')).length
    expect(elected).toBe(deposed)
  })

  it('steps down when its lock connection dies, and another process takes over', async () => {
    const a = pool(tmp.url)
    const b = pool(tmp.url)
    const admin = pool(tmp.url)
    const errors: unknown[] = []
    const leaderA = competeForLeadership({
      db: a,
      retryMs: 100,
      heartbeatMs: 100,
      onElected: () => {},
      onDeposed: () => {},
      onError: (e) => errors.push(e),
    })
    try {
      await until('A to lead', () => leaderA.isLeader())
      const leaderB = competeForLeadership({
        db: b,
        retryMs: 100,
        heartbeatMs: 100,
        onElected: () => {},
        onDeposed: () => {},
      })
      try {
        // What a crashed process looks like to the server: its connection goes away.
        await sql`select pg_terminate_backend(pid) from pg_locks
          where locktype = 'advisory' and granted
            and ((classid::bigint << 32) | objid::bigint) = ${PROJECTION_LEADER_KEY}::bigint`.execute(
          admin,
        )
        await until('B to lead', () => leaderB.isLeader())
        await until('A to step down', () => !leaderA.isLeader())
        expect(errors.length).toBeGreaterThan(0)
      } finally {
        await leaderB.stop()
      }
    } finally {
      await leaderA.stop()
      await a.destroy()
      await b.destroy()
      await admin.destroy()
    }
  })

  it('lets only one of two deployments on one database run the background runner', async () => {
    const env = { DATABASE_URL: tmp.url }
    const apps: Lagesbild[] = []
    try {
      apps.push(await openLagesbild({ env }))
      apps.push(await openLagesbild({ env }))
      await until('a leader', () => apps.some((x) => x.isProjectionLeader()))
      await new Promise((r) => setTimeout(r, 1500))
      expect(apps.filter((x) => x.isProjectionLeader())).toHaveLength(1)
      const leader = apps.find((x) => x.isProjectionLeader()) as Lagesbild
      await leader.close()
      apps.splice(apps.indexOf(leader), 1)
      await until('the other to lead', () => apps[0]?.isProjectionLeader() === true, 15_000)
    } finally {
      for (const x of apps) await x.close()
    }
  })
})
