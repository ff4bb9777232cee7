/**
 * The property that makes the read model trustworthy: for random valid histories with late
 * reports, corrections, retractions and cadence changes, the tables maintained incrementally by
 * the runner, the tables after a set-based rebuild, and the pure fold give the same picture for
 * random (asOf, knownAt) pairs, on both backends.
 */
import type { EventStore } from '@lagesbild/event-store'
import { testBackends } from '@lagesbild/event-store/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import type { ProjectionEvent } from '../events.js'
import { EVENT_STORE_LOG } from '../log.js'
import { addDays } from '../periods/index.js'
import { createProjectionRunner, type ProjectionRunner } from '../runner/index.js'
import { expectSamePicture } from '../testing/compare.js'
import {
  cadenceSet,
  event,
  harmWeightsSet,
  observationCorrected,
  placeRegistered,
  reportRetracted,
  reportSubmitted,
} from '../testing/events.js'
import { appendEvents } from '../testing/store.js'
import { evolve, initialState, situationPictureOf } from './fold.js'
import { situationPictureProjection } from './projection.js'
import { situationPicture } from './query.js'

const PLACES = ['p1', 'p2', 'p3', 'p4']
const CATEGORIES = ['vandalism', 'littering', 'assault']
const ORGS = ['police', 'housing', 'school']
const START = '2021-01-04'
const NOW = Date.parse('2030-01-01T00:00:00Z')

const obsArb = fc.record({
  place: fc.constantFrom(...PLACES),
  category: fc.constantFrom(...CATEGORIES),
  day: fc.integer({ min: 0, max: 150 }),
  count: fc.integer({ min: 1, max: 5 }),
  suspected: fc.boolean(),
  police: fc.boolean(),
})

const opArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('submit' as const),
      org: fc.constantFrom(...ORGS),
      obs: fc.array(obsArb, { minLength: 1, maxLength: 3 }),
      lateDays: fc.integer({ min: 0, max: 40 }),
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
    // A second ReportSubmitted for a report id already in the log (the first one counts).
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('resubmit' as const),
      report: fc.nat(),
      org: fc.constantFrom(...ORGS),
      obs: fc.array(obsArb, { minLength: 1, maxLength: 3 }),
    }),
  },
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
      op: fc.constant('weights' as const),
      w: fc.integer({ min: 0, max: 40 }),
      fromDay: fc.integer({ min: -20, max: 150 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('measure' as const),
      id: fc.integer({ min: 0, max: 2 }),
      step: fc.integer({ min: 0, max: 3 }),
      day: fc.integer({ min: 0, max: 150 }),
    }),
  },
)

/** Turns generated operations into a valid history: the clock only moves forward. */
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never

const history = (tenantId: string, ops: readonly Op[]): ProjectionEvent[] => {
  let clock = Date.parse(`${START}T08:00:00Z`)
  const tick = (minimum: number) => {
    clock = Math.max(clock + 3_600_000, minimum)
    return new Date(clock).toISOString()
  }
  const o = (recordedAt: string) => ({ tenantId, recordedAt })
  const events: ProjectionEvent[] = [
    placeRegistered('area-a', null, 'area', o(tick(0))),
    placeRegistered('area-b', null, 'area', o(tick(0))),
    placeRegistered('p1', 'area-a', 'place', o(tick(0))),
    placeRegistered('p2', 'area-a', 'place', o(tick(0))),
    placeRegistered('p3', 'area-b', 'place', o(tick(0))),
    cadenceSet(14, START, START, o(tick(0))),
  ]
  const reports: { id: string; obs: number }[] = []
  for (const op of ops) {
    switch (op.op) {
      case 'submit': {
        const id = `r${reports.length}`
        const latest = Math.max(...op.obs.map((x) => x.day))
        const at = tick(Date.parse(`${addDays(START, latest + op.lateDays)}T07:00:00Z`))
        const obs = op.obs.map((x, i) => ({ ...x, id: `o${i}`, on: addDays(START, x.day) }))
        events.push(reportSubmitted(id, op.org, obs, o(at)))
        reports.push({ id, obs: obs.length })
        break
      }
      case 'correct': {
        const r = reports[op.report % Math.max(1, reports.length)]
        if (!r) break
        const x = op.obs
        events.push(
          observationCorrected(
            r.id,
            { ...x, id: `o${op.obsIndex}`, on: addDays(START, x.day) },
            o(tick(0)),
          ),
        )
        break
      }
      case 'resubmit': {
        const r = reports[op.report % Math.max(1, reports.length)]
        if (!r) break
        const obs = op.obs.map((x, i) => ({ ...x, id: `o${i}`, on: addDays(START, x.day) }))
        events.push(reportSubmitted(r.id, op.org, obs, o(tick(0))))
        break
      }
      case 'retract': {
        const r = reports[op.report % Math.max(1, reports.length)]
        if (r) events.push(reportRetracted(r.id, o(tick(0))))
        break
      }
      case 'cadence':
        events.push(
          cadenceSet(
            op.interval,
            addDays(START, op.anchorDay),
            addDays(START, op.fromDay),
            o(tick(0)),
          ),
        )
        break
      case 'weights':
        events.push(
          harmWeightsSet(
            { assault: op.w, littering: 0.25 },
            addDays(START, op.fromDay),
            o(tick(0)),
          ),
        )
        break
      case 'measure': {
        const measureId = `m${op.id}`
        const day = addDays(START, op.day)
        const types = ['MeasureProposed', 'MeasureStarted', 'MeasureCompleted', 'MeasureEvaluated']
        const data = [
          {
            measureId,
            title: measureId,
            type: 'lighting',
            ownerOrganisationId: 'housing',
            placeIds: ['p1', 'p3'],
            targetCategories: ['vandalism'],
          },
          { measureId, startedOn: day },
          { measureId, completedOn: day },
          { measureId, evaluatedOn: day, verdict: 'promising', notes: 'ok' },
        ][op.step]
        events.push(event(types[op.step] as string, data, o(tick(0))))
        break
      }
    }
  }
  return events
}

const queryArb = fc.record({
  asOfDay: fc.integer({ min: -10, max: 200 }),
  knownAtHours: fc.integer({ min: 0, max: 24 * 260 }),
  area: fc.constantFrom(undefined, 'area-a', 'p3'),
})

describe.each(await testBackends())('read model ≡ rebuild ≡ fold on $name', (backend) => {
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
    'for random histories and random (asOf, knownAt)',
    async () => {
      let run = 0
      await fc.assert(
        fc.asyncProperty(
          fc.array(opArb, { minLength: 5, maxLength: 45 }),
          fc.array(queryArb, { minLength: 3, maxLength: 3 }),
          async (ops, queries) => {
            const tenantId = `t${run++}`
            const events = history(tenantId, ops)
            await appendEvents(store, events)
            await runner.catchUp()
            const fold = events.reduce(evolve, initialState())
            const ask = async () => {
              for (const q of queries) {
                const query = {
                  tenantId,
                  asOf: addDays(START, q.asOfDay),
                  knownAt: new Date(
                    Date.parse(`${START}T00:00:00Z`) + q.knownAtHours * 3_600_000,
                  ).toISOString(),
                  ...(q.area ? { area: q.area } : {}),
                }
                expectSamePicture(
                  await situationPicture(store.db, query, { now: NOW }),
                  situationPictureOf(fold, query, NOW),
                )
              }
            }
            await ask()
            await runner.rebuild('situation-picture')
            await ask()
          },
        ),
        // Shrinking re-runs database cases for minutes; the unshrunk history is printed instead.
        { numRuns: 16, endOnFailure: true },
      )
    },
    240_000,
  )
})
