import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mayWrite } from './driver/pglite-dialect.js'
import { openEventStore } from './open.js'
import type { EventStore } from './store.js'

describe('mayWrite', () => {
  it('takes reads and transaction control for reads, everything else for a write', () => {
    expect(mayWrite('SELECT', 'select max(global_position) from events')).toBe(false)
    expect(mayWrite('SELECT', 'select updated_at from checkpoints')).toBe(false)
    expect(mayWrite('SELECT', 'select position from checkpoints where name = $1 for update')).toBe(
      false,
    )
    expect(mayWrite('SELECT', 'select 1 for no key update')).toBe(false)
    for (const tag of ['BEGIN', 'COMMIT', 'ROLLBACK', 'SET', 'SHOW']) {
      expect(mayWrite(tag, tag.toLowerCase())).toBe(false)
    }
    expect(mayWrite('INSERT', 'insert into t values (1)')).toBe(true)
    expect(mayWrite('ALTER TABLE', 'alter table t rename to u')).toBe(true)
    expect(
      mayWrite('SELECT', 'with x as (insert into t values (1) returning 1) select * from x'),
    ).toBe(true)
    expect(mayWrite(undefined, 'select 1')).toBe(true)
  })
})

describe('writeGeneration on PGlite', () => {
  let store: EventStore
  beforeAll(async () => {
    store = await openEventStore({ memory: true })
  })
  afterAll(async () => store?.close())

  const generation = () => (store.writeGeneration as () => number)()

  it('stands still while only reading and grows with every write', async () => {
    const start = generation()
    await store.readAll({ tenantId: 't', limit: 10 })
    await sql`select count(*) from events`.execute(store.db)
    await store.db.transaction().execute(async (tx) => {
      await sql`select 1`.execute(tx)
    })
    expect(generation()).toBe(start)
    await store.append(
      { tenantId: 't', streamId: 's' },
      [
        {
          eventId: randomUUID(),
          type: 'Probe',
          schemaVersion: 1,
          data: {},
          metadata: {},
          recordedAt: new Date().toISOString(),
        },
      ],
      { expectedVersion: 'no-stream' },
    )
    const afterAppend = generation()
    expect(afterAppend).toBeGreaterThan(start)
    await sql`insert into checkpoints (name, position) values ('probe', 1)`.execute(store.db)
    expect(generation()).toBeGreaterThan(afterAppend)
  })
})
