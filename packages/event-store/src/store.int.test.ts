import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  isEventIdConflictError,
  isInvalidAppendError,
  isWrongExpectedVersionError,
  WrongExpectedVersionError,
} from './errors.js'
import type { EventStore } from './store.js'
import { testBackends } from './testing.js'
import type { NewEvent, StreamRef } from './types.js'

const event = (n: number, overrides: Partial<NewEvent> = {}): NewEvent => ({
  eventId: randomUUID(),
  type: 'ObservationRecorded',
  schemaVersion: 1,
  // Tabs, newlines and backslashes exercise COPY's text escaping.
  data: {
    n,
    note: 'tab\there\nnew line \\ backslash "quoted" åäö',
    nested: { b: 2, a: [1, null] },
  },
  metadata: { source: 'test' },
  recordedAt: new Date(Date.UTC(2024, 0, 1, 12, 0, n % 60, 123)).toISOString(),
  ...overrides,
})

const events = (count: number): NewEvent[] => Array.from({ length: count }, (_, i) => event(i))

const newStream = (tenantId = 'tenant-a'): StreamRef => ({ tenantId, streamId: randomUUID() })

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe.each(await testBackends())('event store contract on $name', (backend) => {
  let store: EventStore

  beforeAll(async () => {
    if (backend.skipReason === undefined) store = await backend.open()
  })
  afterAll(async () => {
    await store?.close()
  })

  describe.skipIf(backend.skipReason !== undefined)('append', () => {
    it('numbers a new stream from 1 and returns positions in order', async () => {
      const ref = newStream()
      const result = await store.append(ref, events(3), { expectedVersion: 'no-stream' })
      expect(result.streamVersion).toBe(3)
      expect(result.appended).toBe(true)
      expect(result.positions).toHaveLength(3)
      expect(result.positions[1]).toBe((result.positions[0] as number) + 1)
      expect(await store.streamVersion(ref)).toBe(3)
    })

    it('accepts an exact expected version and rejects a stale one without writing', async () => {
      const ref = newStream()
      await store.append(ref, events(2), { expectedVersion: 'no-stream' })
      await store.append(ref, events(1), { expectedVersion: 2 })
      const error = await rejection(store.append(ref, events(2), { expectedVersion: 2 }))
      expect(isWrongExpectedVersionError(error)).toBe(true)
      expect(error).toBeInstanceOf(WrongExpectedVersionError)
      expect((error as WrongExpectedVersionError).expected).toBe(2)
      expect((error as WrongExpectedVersionError).actual).toBe(3)
      expect(await store.streamVersion(ref)).toBe(3)
    })

    it("rejects 'no-stream' on an existing stream and a number on a missing one", async () => {
      const ref = newStream()
      await store.append(ref, events(1), { expectedVersion: 'no-stream' })
      const existing = await rejection(
        store.append(ref, events(1), { expectedVersion: 'no-stream' }),
      )
      expect((existing as WrongExpectedVersionError).actual).toBe(1)
      const missing = await rejection(store.append(newStream(), events(1), { expectedVersion: 1 }))
      expect((missing as WrongExpectedVersionError).actual).toBe(0)
    })

    it("appends with 'any' whatever the version", async () => {
      const ref = newStream()
      await store.append(ref, events(2), { expectedVersion: 'any' })
      const result = await store.append(ref, events(2), { expectedVersion: 'any' })
      expect(result.streamVersion).toBe(4)
    })

    it('keeps streams apart per tenant', async () => {
      const streamId = randomUUID()
      await store.append({ tenantId: 'x', streamId }, events(2), { expectedVersion: 'no-stream' })
      const other = await store.append({ tenantId: 'y', streamId }, events(1), {
        expectedVersion: 'no-stream',
      })
      expect(other.streamVersion).toBe(1)
    })

    it('rejects malformed input before touching the database', async () => {
      const ref = newStream()
      const bad = await rejection(
        store.append(ref, [event(1, { eventId: 'not-a-uuid' })], { expectedVersion: 'any' }),
      )
      expect(isInvalidAppendError(bad)).toBe(true)
      const one = event(1)
      const dup = await rejection(store.append(ref, [one, one], { expectedVersion: 'any' }))
      expect(isInvalidAppendError(dup)).toBe(true)
      expect(await store.streamVersion(ref)).toBe(0)
    })
  })

  describe.skipIf(backend.skipReason !== undefined)('idempotency', () => {
    it('returns the stored positions and writes nothing when the same events come again', async () => {
      const ref = newStream()
      const batch = events(3)
      const first = await store.append(ref, batch, { expectedVersion: 'no-stream' })
      // A retry carries the expected version it had the first time; it must still succeed.
      const again = await store.append(ref, batch, { expectedVersion: 'no-stream' })
      expect(again).toEqual({ ...first, appended: false })
      expect(await store.readStream(ref)).toHaveLength(3)
    })

    it('treats jsonb key order as the same content', async () => {
      const ref = newStream()
      const e = event(1, { data: { a: 1, b: { d: 4, c: 3 } } })
      await store.append(ref, [e], { expectedVersion: 'no-stream' })
      const reordered = { ...e, data: { b: { c: 3, d: 4 }, a: 1 } }
      const again = await store.append(ref, [reordered], { expectedVersion: 'no-stream' })
      expect(again.appended).toBe(false)
    })

    it('rejects the same eventId with different content', async () => {
      const ref = newStream()
      const e = event(1)
      await store.append(ref, [e], { expectedVersion: 'no-stream' })
      const error = await rejection(
        store.append(ref, [{ ...e, data: { n: 999 } }], { expectedVersion: 'any' }),
      )
      expect(isEventIdConflictError(error)).toBe(true)
      expect(await store.streamVersion(ref)).toBe(1)
    })

    it('rejects the same eventId in another stream', async () => {
      const e = event(1)
      await store.append(newStream(), [e], { expectedVersion: 'no-stream' })
      const other = newStream()
      const error = await rejection(store.append(other, [e], { expectedVersion: 'any' }))
      expect(isEventIdConflictError(error)).toBe(true)
      expect(await store.streamVersion(other)).toBe(0)
    })

    it('rejects a partial overlap and writes none of it', async () => {
      const ref = newStream()
      const batch = events(2)
      await store.append(ref, batch, { expectedVersion: 'no-stream' })
      const error = await rejection(
        store.append(ref, [...batch, event(3)], { expectedVersion: 'any' }),
      )
      expect(isEventIdConflictError(error)).toBe(true)
      expect(await store.streamVersion(ref)).toBe(2)
    })

    it('detects replays in the COPY path of a large batch too', async () => {
      const ref = newStream()
      const batch = events(300)
      const first = await store.appendMany([
        { ...ref, events: batch, expectedVersion: 'no-stream' },
      ])
      const again = await store.appendMany([{ ...ref, events: batch, expectedVersion: 'any' }])
      expect(again[0]?.appended).toBe(false)
      expect(again[0]?.positions).toEqual(first[0]?.positions)
      const changed = batch.map((e, i) => (i === 150 ? { ...e, type: 'Other' } : e))
      const error = await rejection(
        store.appendMany([{ ...ref, events: changed, expectedVersion: 'any' }]),
      )
      expect(isEventIdConflictError(error)).toBe(true)
      expect(await store.streamVersion(ref)).toBe(300)
    })
  })

  describe.skipIf(backend.skipReason !== undefined)('appendMany', () => {
    it('writes thousands of events over many streams in one transaction', async () => {
      const tenantId = `bulk-${randomUUID()}`
      const requests = Array.from({ length: 400 }, () => ({
        ...newStream(tenantId),
        events: events(5),
        expectedVersion: 'no-stream' as const,
      }))
      const results = await store.appendMany(requests)
      const positions = results.flatMap((r) => r.positions)
      expect(positions).toHaveLength(2000)
      expect(new Set(positions).size).toBe(2000)
      expect(positions).toEqual([...positions].sort((a, b) => a - b))
      const stored = await store.readAll({ tenantId, limit: 5000 })
      expect(stored.map((e) => e.globalPosition)).toEqual(positions)
      expect(stored.map((e) => e.eventId)).toEqual(
        requests.flatMap((r) => r.events.map((e) => e.eventId)),
      )
      expect(stored[0]?.data).toEqual(requests[0]?.events[0]?.data)
      expect(stored[0]?.recordedAt).toBe(requests[0]?.events[0]?.recordedAt)
    })

    it('is all or nothing: one stale stream rolls back the whole batch', async () => {
      const stale = newStream()
      await store.append(stale, events(1), { expectedVersion: 'no-stream' })
      const fresh = newStream()
      const error = await rejection(
        store.appendMany([
          { ...fresh, events: events(100), expectedVersion: 'no-stream' },
          { ...stale, events: events(100), expectedVersion: 'no-stream' },
        ]),
      )
      expect(isWrongExpectedVersionError(error)).toBe(true)
      expect(await store.streamVersion(fresh)).toBe(0)
      expect(await store.streamVersion(stale)).toBe(1)
    })

    it('lets one stream appear twice, numbering on from the first request', async () => {
      const ref = newStream()
      const results = await store.appendMany([
        { ...ref, events: events(2), expectedVersion: 'no-stream' },
        { ...ref, events: events(3), expectedVersion: 2 },
      ])
      expect(results.map((r) => r.streamVersion)).toEqual([2, 5])
    })
  })

  describe.skipIf(backend.skipReason !== undefined)('reading', () => {
    it('reads a stream up to a version and from a version', async () => {
      const ref = newStream()
      const batch = events(5)
      await store.append(ref, batch, { expectedVersion: 'no-stream' })
      const upTo = await store.readStream(ref, { upToVersion: 3 })
      expect(upTo.map((e) => e.streamVersion)).toEqual([1, 2, 3])
      expect(upTo.map((e) => e.eventId)).toEqual(batch.slice(0, 3).map((e) => e.eventId))
      const from = await store.readStream(ref, { fromVersion: 4 })
      expect(from.map((e) => e.streamVersion)).toEqual([4, 5])
      const [first] = upTo
      expect(first).toMatchObject({
        tenantId: ref.tenantId,
        streamId: ref.streamId,
        type: 'ObservationRecorded',
        schemaVersion: 1,
        data: batch[0]?.data,
        metadata: { source: 'test' },
        recordedAt: batch[0]?.recordedAt,
      })
      expect(typeof first?.globalPosition).toBe('number')
    })

    it('pages through everything in global order with after and limit', async () => {
      const tenantId = `page-${randomUUID()}`
      const a = await store.append(newStream(tenantId), events(3), { expectedVersion: 'any' })
      const b = await store.append(newStream(tenantId), events(4), { expectedVersion: 'any' })
      const expected = [...a.positions, ...b.positions]
      const seen: number[] = []
      let after = 0
      for (;;) {
        const page = await store.readAll({ after, limit: 2, tenantId })
        if (page.length === 0) break
        seen.push(...page.map((e) => e.globalPosition))
        after = page.at(-1)?.globalPosition as number
      }
      expect(seen).toEqual(expected)
      const tail = await store.readAll({ after: a.positions[2] as number, limit: 100 })
      expect(tail[0]?.globalPosition).toBeGreaterThan(a.positions[2] as number)
    })
  })

  describe.skipIf(backend.skipReason !== undefined)('migrations of other packages', () => {
    it("runs them on open beside the store's own", async () => {
      const migrations = {
        'test-package/0001-summary': {
          async up(db: Kysely<unknown>) {
            await sql`create table place_summary (place_id text primary key, last_position bigint references events (global_position))`.execute(
              db,
            )
          },
        },
      }
      const other = await backend.open({ migrations })
      try {
        const { rows } = await sql<{
          name: string
        }>`select name from lagesbild_migrations order by name`.execute(other.db)
        expect(rows.map((r) => r.name)).toEqual([
          'event-store/0001-events',
          'test-package/0001-summary',
        ])
        const { positions } = await other.append(newStream(), events(1), {
          expectedVersion: 'no-stream',
        })
        await sql`insert into place_summary values ('p1', ${positions[0]})`.execute(other.db)
      } finally {
        await other.close()
      }
    })
  })

  describe.skipIf(backend.skipReason !== undefined)('session settings', () => {
    it('runs every session in UTC and, on PostgreSQL, without JIT compilation', async () => {
      const r = await sql<{ tz: string; jit: string }>`select current_setting('TimeZone') as tz,
        current_setting('jit') as jit`.execute(store.db)
      expect(r.rows[0]?.tz).toBe('UTC')
      // PGlite is built without LLVM, so JIT never runs there whatever the setting says.
      if (backend.name === 'postgres') expect(r.rows[0]?.jit).toBe('off')
    })
  })

  describe.skipIf(backend.skipReason !== undefined)('checkpoints and transactions', () => {
    it('saves and reads checkpoints; 0 when none', async () => {
      const name = `sub-${randomUUID()}`
      expect(await store.getCheckpoint(name)).toBe(0)
      await store.saveCheckpoint(name, 42)
      await store.saveCheckpoint(name, 43)
      expect(await store.getCheckpoint(name)).toBe(43)
    })

    it('commits an append with a read-model write and a checkpoint, or neither', async () => {
      await sql`create table if not exists test_counts (stream_id text primary key, n integer not null)`.execute(
        store.db,
      )
      const ref = newStream()
      const name = `proj-${randomUUID()}`
      await store.transaction(async (tx) => {
        const { positions } = await tx.append(ref, events(2), { expectedVersion: 'no-stream' })
        await sql`insert into test_counts values (${ref.streamId}, 2)`.execute(tx.db)
        await tx.saveCheckpoint(name, positions.at(-1) as number)
        // Read-your-writes inside the transaction.
        expect(await tx.streamVersion(ref)).toBe(2)
      })
      expect(await store.streamVersion(ref)).toBe(2)
      expect(await store.getCheckpoint(name)).toBeGreaterThan(0)

      const failed = newStream()
      const error = await rejection(
        store.transaction(async (tx) => {
          await tx.append(failed, events(2), { expectedVersion: 'no-stream' })
          await sql`insert into test_counts values (${failed.streamId}, 2)`.execute(tx.db)
          throw new Error('projection failed')
        }),
      )
      expect((error as Error).message).toBe('projection failed')
      expect(await store.streamVersion(failed)).toBe(0)
      const { rows } =
        await sql`select * from test_counts where stream_id = ${failed.streamId}`.execute(store.db)
      expect(rows).toHaveLength(0)
    })

    it('returns counts and dates as the documented JS types', async () => {
      const { rows } = await sql<{ n: unknown; d: unknown; t: unknown }>`
        select count(*) as n, date '2024-03-01' as d,
          timestamptz '2024-03-01 12:00:00.5+02' as t`.execute(store.db)
      expect(rows[0]).toEqual({ n: 1, d: '2024-03-01', t: '2024-03-01T10:00:00.500Z' })
    })
  })
})
