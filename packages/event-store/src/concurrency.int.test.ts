import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isWrongExpectedVersionError } from './errors.js'
import type { EventStore } from './store.js'
import { openPostgresTestStore, postgresSkipReason } from './testing.js'
import type { NewEvent } from './types.js'

// Concurrency only shows on a real server: PGlite has one connection and serialises everything.
const skipReason = await postgresSkipReason()

const event = (writer: number, n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'Tick',
  schemaVersion: 1,
  data: { writer, n },
  metadata: {},
  recordedAt: new Date().toISOString(),
})

describe.skipIf(skipReason !== undefined)(
  'event store under concurrent writers (PostgreSQL)',
  () => {
    let store: EventStore

    beforeAll(async () => {
      store = await openPostgresTestStore(undefined)
    })
    afterAll(async () => {
      await store?.close()
    })

    it('lets exactly one of 16 racing writers win each round and loses nothing', async () => {
      const ref = { tenantId: 'race', streamId: randomUUID() }
      const rounds = 8
      const winners: string[] = []
      for (let round = 0; round < rounds; round++) {
        const attempts = Array.from({ length: 16 }, (_, writer) => event(writer, round))
        const outcomes = await Promise.allSettled(
          attempts.map((e) =>
            store.append(ref, [e], { expectedVersion: round === 0 ? 'no-stream' : round }),
          ),
        )
        const won = outcomes.flatMap((o, i) =>
          o.status === 'fulfilled' ? [attempts[i] as NewEvent] : [],
        )
        const lost = outcomes.filter((o) => o.status === 'rejected')
        expect(won).toHaveLength(1)
        expect(lost).toHaveLength(15)
        for (const o of lost)
          expect(isWrongExpectedVersionError((o as PromiseRejectedResult).reason)).toBe(true)
        winners.push((won[0] as NewEvent).eventId)
      }
      const stored = await store.readStream(ref)
      expect(stored.map((e) => e.eventId)).toEqual(winners)
      expect(stored.map((e) => e.streamVersion)).toEqual(winners.map((_, i) => i + 1))
    }, 120_000)

    it('shows a catch-up reader every committed event exactly once while 8 writers append', async () => {
      const tenantId = `catchup-${randomUUID()}`
      const appendsPerWriter = 25
      const committed: number[] = []
      let writing = true

      const writer = async (w: number) => {
        const ref = { tenantId, streamId: `stream-${w}` }
        let version = 0
        for (let i = 0; i < appendsPerWriter; i++) {
          const batch = Array.from({ length: 1 + ((w + i) % 4) }, (_, k) => event(w, i * 10 + k))
          // Hold the transaction open for a moment after drawing positions: without the append
          // lock, a later writer would commit higher positions first and the reader, having
          // moved past them, would skip this one.
          const { positions, streamVersion } = await store.transaction(async (tx) => {
            const result = await tx.append(ref, batch, {
              expectedVersion: version === 0 ? 'no-stream' : version,
            })
            if (i % 3 === 0) await sleep(3)
            return result
          })
          version = streamVersion
          committed.push(...positions)
        }
      }

      const seen: number[] = []
      const reader = async () => {
        let after = 0
        for (;;) {
          const done = !writing
          const page = await store.readAll({ after, limit: 50, tenantId })
          for (const e of page) seen.push(e.globalPosition)
          if (page.length > 0) after = page.at(-1)?.globalPosition as number
          else if (done) return
          else await sleep(1)
        }
      }

      const readerDone = reader()
      await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)))
      writing = false
      await readerDone

      expect(committed.length).toBeGreaterThan(8 * appendsPerWriter)
      expect(new Set(seen).size).toBe(seen.length) // nothing twice
      expect(seen).toEqual([...seen].sort((a, b) => a - b)) // in global order
      expect([...seen].sort((a, b) => a - b)).toEqual([...committed].sort((a, b) => a - b)) // nothing skipped
    }, 180_000)
  },
)
