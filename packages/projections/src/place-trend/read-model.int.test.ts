/**
 * The trend query over the situation picture's tables must agree with the pure fold for random
 * histories (late reports, corrections, retractions, cadence changes, places moving between
 * areas) and random (from, to, knownAt, bucket), on both backends, before and after a rebuild.
 */
import type { EventStore } from '@lagesbild/event-store'
import { testBackends } from '@lagesbild/event-store/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProjectionEvent } from '../events.js'
import { EVENT_STORE_LOG } from '../log.js'
import { addDays } from '../periods/index.js'
import { createProjectionRunner, type ProjectionRunner } from '../runner/index.js'
import { situationPictureProjection } from '../situation-picture/projection.js'
import {
  cadenceSet,
  event,
  observationCorrected,
  placeRegistered,
  reportRetracted,
  reportSubmitted,
} from '../testing/events.js'
import { appendEvents } from '../testing/store.js'
import { evolvePlaceTrend, placeTrendInitialState, placeTrendOf } from './fold.js'
import { type PlaceTrendQuery, TREND_BUCKETS } from './model.js'
import { placeTrend } from './query.js'

const PLACES = ['p1', 'p2', 'p3']
const CATEGORIES = ['vandalism', 'littering', 'assault']
const START = '2021-01-04'
const NOW = Date.parse('2030-01-01T00:00:00Z')

const obsArb = fc.record({
  place: fc.constantFrom(...PLACES),
  category: fc.constantFrom(...CATEGORIES),
  day: fc.integer({ min: 0, max: 200 }),
  count: fc.integer({ min: 1, max: 5 }),
})

const opArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('submit' as const),
      obs: fc.array(obsArb, { minLength: 1, maxLength: 3 }),
      lateDays: fc.integer({ min: 0, max: 60 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('correct' as const),
      report: fc.nat(),
      obsIndex: fc.integer({ min: 0, max: 3 }),
      obs: obsArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('retract' as const), report: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('cadence' as const),
      interval: fc.constantFrom(7 as const, 14 as const),
      anchorDay: fc.integer({ min: 0, max: 150 }),
      fromDay: fc.integer({ min: -20, max: 150 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('move' as const),
      place: fc.constantFrom(...PLACES),
      to: fc.constantFrom('area-a', 'area-b'),
    }),
  },
)
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never

/** A valid history: the clock only moves forward; late reports are recorded well after the fact. */
const history = (tenantId: string, ops: readonly Op[]): ProjectionEvent[] => {
  let clock = Date.parse(`${START}T08:00:00Z`)
  const tick = (minimum: number) => {
    clock = Math.max(clock + 3_600_000, minimum)
    return new Date(clock).toISOString()
  }
  const o = (recordedAt: string) => ({ tenantId, recordedAt })
  const events: ProjectionEvent[] = [
    placeRegistered('mun', null, 'municipality', o(tick(0))),
    placeRegistered('area-a', 'mun', 'area', o(tick(0))),
    placeRegistered('area-b', 'mun', 'area', o(tick(0))),
    placeRegistered('p1', 'area-a', 'place', o(tick(0))),
    placeRegistered('p2', 'area-a', 'place', o(tick(0))),
    placeRegistered('p3', 'area-b', 'place', o(tick(0))),
    cadenceSet(14, START, START, o(tick(0))),
  ]
  const reports: string[] = []
  for (const op of ops) {
    if (op.op === 'submit') {
      const id = `r${reports.length}`
      const latest = Math.max(...op.obs.map((x) => x.day))
      const at = tick(Date.parse(`${addDays(START, latest + op.lateDays)}T07:00:00Z`))
      const obs = op.obs.map((x, i) => ({ ...x, id: `o${i}`, on: addDays(START, x.day) }))
      events.push(reportSubmitted(id, 'police', obs, o(at)))
      reports.push(id)
    } else if (op.op === 'correct' || op.op === 'retract') {
      const r = reports[op.report % Math.max(1, reports.length)]
      if (!r) continue
      events.push(
        op.op === 'retract'
          ? reportRetracted(r, o(tick(0)))
          : observationCorrected(
              r,
              { ...op.obs, id: `o${op.obsIndex}`, on: addDays(START, op.obs.day) },
              o(tick(0)),
            ),
      )
    } else if (op.op === 'cadence') {
      events.push(
        cadenceSet(
          op.interval,
          addDays(START, op.anchorDay),
          addDays(START, op.fromDay),
          o(tick(0)),
        ),
      )
    } else {
      events.push(event('PlaceChanged', { placeId: op.place, parentId: op.to }, o(tick(0))))
    }
  }
  return events
}

const queryArb = fc.record({
  fromDay: fc.integer({ min: -30, max: 220 }),
  days: fc.integer({ min: 0, max: 200 }),
  knownAtHours: fc.integer({ min: 0, max: 24 * 300 }),
  bucket: fc.constantFrom(...TREND_BUCKETS),
  scope: fc.constantFrom(
    { area: 'mun' },
    { area: 'area-a' },
    { area: 'area-b' },
    { placeId: 'p1' },
    { placeId: 'p3' },
  ),
  categories: fc.option(fc.subarray(CATEGORIES, { minLength: 1 }), { nil: undefined }),
  latest: fc.boolean(),
})
type QueryInput = typeof queryArb extends fc.Arbitrary<infer T> ? T : never

const toQuery = (q: QueryInput): PlaceTrendQuery => ({
  ...q.scope,
  from: addDays(START, q.fromDay),
  to: addDays(START, q.fromDay + q.days),
  bucket: q.bucket,
  ...(q.categories ? { categories: q.categories } : {}),
  // Half the queries leave knownAt out and get "now" (pinned), i.e. everything.
  ...(q.latest
    ? {}
    : {
        knownAt: new Date(
          Date.parse(`${START}T00:00:00Z`) + q.knownAtHours * 3_600_000,
        ).toISOString(),
      }),
})

describe.each(await testBackends())(
  'place trend: read model ≡ rebuild ≡ fold on $name',
  (backend) => {
    let store: EventStore
    let runner: ProjectionRunner
    beforeAll(async () => {
      if (backend.skipReason) return
      store = await backend.open()
      runner = createProjectionRunner({
        db: store.db,
        log: EVENT_STORE_LOG,
        projections: [situationPictureProjection],
        batchSize: 7,
      })
      await runner.migrate()
    })
    afterAll(async () => {
      await store?.close()
    })

    it.skipIf(backend.skipReason)(
      'a worked example: corrections, retraction, late report',
      async () => {
        const tenantId = 'example'
        const o = (recordedAt: string) => ({ tenantId, recordedAt })
        const events = [
          placeRegistered('c', null, 'area', o('2021-01-01T00:00:00Z')),
          placeRegistered('x', 'c', 'place', o('2021-01-01T00:00:00Z')),
          reportSubmitted(
            'r1',
            'police',
            [{ id: 'a', place: 'x', category: 'vandalism', on: '2021-01-10', count: 4 }],
            o('2021-01-11T10:00:00Z'),
          ),
          reportSubmitted(
            'r2',
            'school',
            [{ id: 'a', place: 'x', category: 'vandalism', on: '2021-03-10' }],
            o('2021-05-11T10:00:00Z'),
          ),
          observationCorrected(
            'r1',
            { id: 'a', place: 'x', category: 'vandalism', on: '2021-02-01', count: 2 },
            o('2021-03-01T10:00:00Z'),
          ),
          reportRetracted('r2', o('2021-06-02T10:00:00Z')),
        ]
        await appendEvents(store, events)
        await runner.catchUp()
        const q = { area: 'c', from: '2021-01-01', to: '2021-04-30', bucket: 'month' } as const
        const counts = async (knownAt?: string) =>
          (
            await placeTrend(store.db, tenantId, knownAt ? { ...q, knownAt } : q, { now: NOW })
          ).points.map((p) => p.count)
        expect(await counts()).toEqual([0, 2, 0, 0])
        expect(await counts('2021-02-01T00:00:00Z')).toEqual([4, 0, 0, 0])
        expect(await counts('2021-05-20T00:00:00Z')).toEqual([0, 2, 1, 0])
      },
    )

    it.skipIf(backend.skipReason)(
      'for random histories and random (from, to, knownAt, bucket)',
      async () => {
        let run = 0
        await fc.assert(
          fc.asyncProperty(
            fc.array(opArb, { minLength: 3, maxLength: 30 }),
            fc.array(queryArb, { minLength: 4, maxLength: 4 }),
            async (ops, queries) => {
              const tenantId = `t${run++}`
              const events = history(tenantId, ops)
              await appendEvents(store, events)
              await runner.catchUp()
              const fold = events.reduce(evolvePlaceTrend, placeTrendInitialState())
              const ask = async () => {
                for (const q of queries.map(toQuery)) {
                  expect(await placeTrend(store.db, tenantId, q, { now: NOW })).toEqual(
                    placeTrendOf(fold, tenantId, q, NOW),
                  )
                }
              }
              await ask()
              await runner.rebuild('situation-picture')
              await ask()
            },
          ),
          // Shrinking re-runs database cases for minutes; the unshrunk history is printed instead.
          { numRuns: 15, endOnFailure: true },
        )
      },
      240_000,
    )
  },
)
