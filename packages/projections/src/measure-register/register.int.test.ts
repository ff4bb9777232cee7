/**
 * The measure register's table, maintained batch by batch by the runner and after a rebuild,
 * must give the pure fold's register for random lifecycles (late and back-dated entries,
 * cancellations, re-evaluations) and random (asOf, knownAt), on both backends.
 */
import type { EventStore } from '@lagesbild/event-store'
import { testBackends } from '@lagesbild/event-store/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProjectionEvent } from '../events.js'
import { EVENT_STORE_LOG } from '../log.js'
import { addDays } from '../periods/index.js'
import { createProjectionRunner, type ProjectionRunner } from '../runner/index.js'
import { measure } from '../testing/events.js'
import { appendEvents } from '../testing/store.js'
import {
  evolveMeasureRegister,
  measureOf,
  measureRegisterInitialState,
  measureRegisterOf,
} from './register-fold.js'
import type { RegisterStatus } from './register-model.js'
import { measureById, measureRegister, measureRegisterProjection } from './register-projection.js'

const START = '2021-01-04'
const NOW = Date.parse('2030-01-01T00:00:00Z')
const STEPS = [
  'MeasureProposed',
  'MeasureDecided',
  'MeasureStarted',
  'MeasureCompleted',
  'MeasureCancelled',
  'MeasureEvaluated',
] as const

const opArb = fc.record({
  id: fc.integer({ min: 0, max: 3 }),
  step: fc.integer({ min: 0, max: STEPS.length - 1 }),
  /** Valid-time day of the step; may lie before the recording (back-dated) or after it. */
  day: fc.integer({ min: 0, max: 300 }),
  /** Hours the clock moves before this event is recorded. */
  gapHours: fc.integer({ min: 1, max: 24 * 20 }),
  place: fc.constantFrom('p1', 'p2', 'p3'),
  verdict: fc.constantFrom('effective', 'promising', 'no-effect', 'inconclusive'),
})
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never

const history = (tenantId: string, ops: readonly Op[]): ProjectionEvent[] => {
  let clock = Date.parse(`${START}T08:00:00Z`)
  return ops.map((op) => {
    clock += op.gapHours * 3_600_000
    const o = { tenantId, recordedAt: new Date(clock).toISOString() }
    const measureId = `m${op.id}`
    const day = addDays(START, op.day)
    const type = STEPS[op.step] as string
    const data: Record<string, unknown> = {
      MeasureProposed: {
        measureId,
        title: measureId,
        type: 'police-presence',
        ownerOrganisationId: 'police',
        placeIds: [op.place],
        targetCategories: ['assault'],
        controlPlaceIds: ['p9'],
      },
      MeasureDecided: { measureId, decidedOn: day, plannedStart: day },
      MeasureStarted: { measureId, startedOn: day },
      MeasureCompleted: { measureId, completedOn: day },
      MeasureCancelled: { measureId, cancelledOn: day, reason: 'stopped' },
      MeasureEvaluated: { measureId, evaluatedOn: day, verdict: op.verdict, notes: 'n' },
    }[type] as Record<string, unknown>
    return measure(type, data, o)
  })
}

const queryArb = fc.record({
  asOfDay: fc.integer({ min: -10, max: 320 }),
  knownAtHours: fc.integer({ min: 0, max: 24 * 400 }),
  latest: fc.boolean(),
  status: fc.option(
    fc.constantFrom<RegisterStatus>('proposed', 'decided', 'started', 'completed', 'not-yet'),
    { nil: undefined },
  ),
  placeId: fc.option(fc.constantFrom('p1', 'p2'), { nil: undefined }),
})

describe.each(await testBackends())(
  'measure register: table ≡ rebuild ≡ fold on $name',
  (backend) => {
    let store: EventStore
    let runner: ProjectionRunner
    beforeAll(async () => {
      if (backend.skipReason) return
      store = await backend.open()
      runner = createProjectionRunner({
        db: store.db,
        log: EVENT_STORE_LOG,
        projections: [measureRegisterProjection],
        batchSize: 5,
      })
      await runner.migrate()
    })
    afterAll(async () => {
      await store?.close()
    })

    it.skipIf(backend.skipReason)('a worked example: late completion, as known then', async () => {
      const o = (recordedAt: string) => ({ tenantId: 'example', recordedAt })
      await appendEvents(store, [
        measure(
          'MeasureProposed',
          {
            measureId: 'm1',
            title: 'Lights',
            type: 'lighting',
            ownerOrganisationId: 'municipality',
            placeIds: ['x'],
            targetCategories: ['vandalism'],
            bufferPlaceIds: ['y'],
          },
          o('2021-03-01T09:00:00Z'),
        ),
        measure(
          'MeasureStarted',
          { measureId: 'm1', startedOn: '2021-04-01' },
          o('2021-04-01T09:00:00Z'),
        ),
        measure(
          'MeasureCompleted',
          { measureId: 'm1', completedOn: '2021-06-30' },
          o('2021-07-10T09:00:00Z'),
        ),
      ])
      await runner.catchUp()
      const status = async (asOf: string, knownAt?: string) =>
        (
          await measureById(store.db, 'example', 'm1', knownAt ? { asOf, knownAt } : { asOf }, {
            now: NOW,
          })
        )?.status
      expect(await status('2021-07-01')).toBe('completed')
      expect(await status('2021-07-01', '2021-07-05T00:00:00Z')).toBe('started')
      expect(await status('2021-07-01', '2021-02-01T00:00:00Z')).toBeUndefined()
      const [m] = await measureRegister(store.db, 'example', { asOf: '2021-05-01' }, { now: NOW })
      expect(m).toMatchObject({ measureId: 'm1', bufferPlaceIds: ['y'], active: true })
    })

    it.skipIf(backend.skipReason)(
      'for random lifecycles and random (asOf, knownAt)',
      async () => {
        let run = 0
        await fc.assert(
          fc.asyncProperty(
            fc.array(opArb, { minLength: 1, maxLength: 25 }),
            fc.array(queryArb, { minLength: 4, maxLength: 4 }),
            async (ops, queries) => {
              const tenantId = `t${run++}`
              const events = history(tenantId, ops)
              await appendEvents(store, events)
              await runner.catchUp()
              const fold = events.reduce(evolveMeasureRegister, measureRegisterInitialState())
              const ask = async () => {
                for (const q of queries) {
                  const query = {
                    asOf: addDays(START, q.asOfDay),
                    ...(q.latest
                      ? {}
                      : {
                          knownAt: new Date(
                            Date.parse(`${START}T00:00:00Z`) + q.knownAtHours * 3_600_000,
                          ).toISOString(),
                        }),
                    ...(q.status ? { status: q.status } : {}),
                    ...(q.placeId ? { placeId: q.placeId } : {}),
                  }
                  expect(await measureRegister(store.db, tenantId, query, { now: NOW })).toEqual(
                    measureRegisterOf(fold, tenantId, query, NOW),
                  )
                  const one = {
                    asOf: query.asOf,
                    ...(query.knownAt ? { knownAt: query.knownAt } : {}),
                  }
                  expect(await measureById(store.db, tenantId, 'm0', one, { now: NOW })).toEqual(
                    measureOf(fold, tenantId, 'm0', one, NOW),
                  )
                }
              }
              await ask()
              await runner.rebuild('measure-register')
              await ask()
            },
          ),
          { numRuns: 30, endOnFailure: true },
        )
      },
      240_000,
    )
  },
)
