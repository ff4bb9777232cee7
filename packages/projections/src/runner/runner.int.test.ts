/**
 * A projection that names its event types gets exactly those, in log order, from the live runner
 * and from a replaying rebuild alike, on both backends.
 */
import type { EventStore } from '@lagesbild/event-store'
import { testBackends } from '@lagesbild/event-store/testing'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Db, EVENT_STORE_LOG } from '../log.js'
import { cadenceSet, placeRegistered, reportSubmitted } from '../testing/events.js'
import { appendEvents } from '../testing/store.js'
import { createProjectionRunner, type ReadModelProjection } from './index.js'

/** Records the type of every event it is handed. */
const typesSeen: ReadModelProjection = {
  name: 'types-seen',
  eventTypes: ['PlaceRegistered', 'ReportingCadenceSet'],
  createTables: async (db, s) => {
    await sql`create table if not exists ${sql.table(`types_seen${s}`)}
      (position bigint primary key, type text not null)`.execute(db)
  },
  createIndexes: async () => {},
  dropTables: async (db, s) => {
    await sql`drop table if exists ${sql.table(`types_seen${s}`)}`.execute(db)
  },
  swapTables: async (db, s) => {
    await sql`drop table if exists types_seen`.execute(db)
    await sql`alter table ${sql.table(`types_seen${s}`)} rename to types_seen`.execute(db)
    await sql`alter index if exists ${sql.raw(`types_seen${s}_pkey`)} rename to types_seen_pkey`.execute(
      db,
    )
  },
  lockTables: async (db) => {
    await sql`lock table types_seen in exclusive mode`.execute(db)
  },
  apply: async (tx, events, s) => {
    for (const e of events) {
      await sql`insert into ${sql.table(`types_seen${s}`)} (position, type)
        values (${String(e.position)}::bigint, ${e.type})`.execute(tx)
    }
  },
}

const seen = async (db: Db): Promise<string[]> => {
  const r = await sql<{ type: string }>`select type from types_seen order by position`.execute(db)
  return r.rows.map((row) => row.type)
}

describe.each(await testBackends())('runner event-type filter on $name', (backend) => {
  let store: EventStore
  beforeAll(async () => {
    if (backend.skipReason) return
    store = await backend.open()
  })
  afterAll(async () => {
    await store?.close()
  })

  it.skipIf(backend.skipReason)(
    'hands a projection only its event types, live and in a rebuild',
    async () => {
      const at = { recordedAt: '2024-01-08T08:00:00Z' }
      await appendEvents(store, [
        cadenceSet(14, '2024-01-01', '2024-01-01', at),
        placeRegistered('park', null, 'place', at),
        reportSubmitted(
          'r1',
          'police',
          [{ place: 'park', category: 'graffiti', on: '2024-01-03' }],
          at,
        ),
        reportSubmitted(
          'r2',
          'police',
          [{ place: 'park', category: 'graffiti', on: '2024-01-04' }],
          at,
        ),
        placeRegistered('torg', null, 'place', at),
      ])
      // A batch of two makes the filtered projection see batches with nothing of its own.
      const runner = createProjectionRunner({
        db: store.db,
        log: EVENT_STORE_LOG,
        projections: [typesSeen],
        batchSize: 2,
      })
      await runner.migrate()
      await runner.catchUp()
      const wanted = ['ReportingCadenceSet', 'PlaceRegistered', 'PlaceRegistered']
      expect(await seen(store.db)).toEqual(wanted)
      // Every position is behind the checkpoint, also those the projection was not handed.
      expect(await runner.checkpoint('types-seen')).toBe(5n)

      const progress: { phase: string; done: number; total: number }[] = []
      const rebuilt = await runner.rebuild('types-seen', { onProgress: (p) => progress.push(p) })
      expect(rebuilt.events).toBe(5)
      expect(await seen(store.db)).toEqual(wanted)
      // The replay's progress counts the events it reads: three of three, not three of five.
      expect(progress.filter((p) => p.phase === 'load').at(-1)).toMatchObject({
        done: 3,
        total: 3,
      })

      await appendEvents(store, [
        reportSubmitted(
          'r3',
          'police',
          [{ place: 'torg', category: 'graffiti', on: '2024-01-05' }],
          at,
        ),
        cadenceSet(7, '2024-01-01', '2024-02-01', at),
      ])
      await runner.catchUp()
      expect(await seen(store.db)).toEqual([...wanted, 'ReportingCadenceSet'])
    },
  )
})
