/**
 * Survey tables maintained by the runner, and after a rebuild, must give the pure fold's figures
 * and respondents for random imports (chunks out of order, chunks imported again, several waves
 * per year), on both backends.
 */
import type { EventStore } from '@lagesbild/event-store'
import { testBackends } from '@lagesbild/event-store/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVENT_STORE_LOG } from '../log.js'
import { createProjectionRunner, type ProjectionRunner } from '../runner/index.js'
import { appendEvents } from '../testing/store.js'
import {
  evolveSurveyResults,
  surveyRespondentsOf,
  surveyResultsInitialState,
  surveyResultsOf,
  surveyWavesOf,
} from './fold.js'
import type { SurveyAggregateData, SurveyRespondentData } from './model.js'
import { surveyResultsProjection } from './projection.js'
import { surveyRespondents, surveyResults, surveyWaves } from './query.js'
import { surveyChunk } from './testing.js'

const AREAS = [
  { placeId: 'centrum', label: 'Centrum' },
  { placeId: 'norr', label: 'Norr' },
  { label: 'Övriga' },
]
const areaArb = fc.constantFrom(...AREAS)
const valueArb = fc.double({ min: 0, max: 6, noNaN: true, noDefaultInfinity: true })

const respondentArb = fc.record({
  respondentId: fc.stringMatching(/^[a-z0-9]{1,6}$/),
  area: areaArb,
  ageGroup: fc.option(fc.constantFrom('16-24', '25-44', '45-64', '65-84'), { nil: undefined }),
  sex: fc.option(fc.constantFrom('female', 'male', 'other', 'unknown'), { nil: undefined }),
  weight: fc.double({ min: 0.1, max: 5, noNaN: true }),
  answers: fc.record({
    'unsafe-evening': fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    'disorder-index': fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
  }),
})

const aggregateArb = fc.record({
  area: areaArb,
  indicatorId: fc.constantFrom('unsafe-evening', 'disorder-index', 'not-in-header'),
  estimate: valueArb,
  ciLower: fc.option(valueArb, { nil: null }),
  ciUpper: fc.option(valueArb, { nil: null }),
  ciLevel: fc.option(fc.constantFrom(0.9, 0.95), { nil: undefined }),
  n: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
})

const chunkArb = fc.record({
  wave: fc.integer({ min: 0, max: 3 }),
  index: fc.integer({ min: 0, max: 2 }),
  respondents: fc.option(fc.array(respondentArb, { maxLength: 6 }), { nil: undefined }),
  aggregates: fc.array(aggregateArb, { maxLength: 4 }),
})

const queryArb = fc.record({
  waveId: fc.option(fc.constantFrom('w0', 'w1', 'w2', 'w3'), { nil: undefined }),
  year: fc.option(fc.constantFrom(2022, 2023), { nil: undefined }),
  area: fc.option(fc.constantFrom('centrum', 'Norr', 'Övriga'), { nil: undefined }),
  indicator: fc.option(fc.constantFrom('unsafe-evening', 'not-in-header'), { nil: undefined }),
  areaIds: fc.option(fc.subarray(['centrum', 'Norr', 'Övriga']), { nil: undefined }),
})

/** Drops undefined properties: the queries are declared with exactOptionalPropertyTypes. */
const defined = <T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }

describe.each(await testBackends())(
  'survey results: tables ≡ rebuild ≡ fold on $name',
  (backend) => {
    let store: EventStore
    let runner: ProjectionRunner
    beforeAll(async () => {
      if (backend.skipReason) return
      store = await backend.open()
      runner = createProjectionRunner({
        db: store.db,
        log: EVENT_STORE_LOG,
        projections: [surveyResultsProjection],
        batchSize: 3,
      })
      await runner.migrate()
    })
    afterAll(async () => {
      await store?.close()
    })

    it.skipIf(backend.skipReason)(
      'for random imports and random queries',
      async () => {
        let run = 0
        await fc.assert(
          fc.asyncProperty(
            fc.array(chunkArb, { minLength: 1, maxLength: 10 }),
            fc.array(queryArb, { minLength: 3, maxLength: 3 }),
            async (chunks, queries) => {
              const tenantId = `t${run++}`
              let clock = Date.parse('2023-06-01T00:00:00Z')
              const events = chunks.map((c) => {
                clock += 3_600_000
                return surveyChunk({
                  tenantId,
                  waveId: `w${c.wave}`,
                  // Waves 0 and 1 are 2022, 2 and 3 are 2023: several waves per year.
                  year: c.wave < 2 ? 2022 : 2023,
                  index: c.index,
                  count: 3,
                  recordedAt: new Date(clock).toISOString(),
                  ...(c.respondents
                    ? { respondents: c.respondents.map(defined) as SurveyRespondentData[] }
                    : { aggregates: c.aggregates.map(defined) as SurveyAggregateData[] }),
                })
              })
              await appendEvents(store, events)
              await runner.catchUp()
              const fold = events.reduce(evolveSurveyResults, surveyResultsInitialState())
              const ask = async () => {
                expect(await surveyWaves(store.db, tenantId)).toEqual(surveyWavesOf(fold, tenantId))
                for (const q of queries) {
                  const results = defined({
                    waveId: q.waveId,
                    year: q.year,
                    area: q.area,
                    indicator: q.indicator,
                  })
                  expect(await surveyResults(store.db, tenantId, results)).toEqual(
                    surveyResultsOf(fold, tenantId, results),
                  )
                  const who = defined({
                    waveId: q.waveId,
                    year: q.year ?? 2022,
                    areaIds: q.areaIds,
                  })
                  expect(await surveyRespondents(store.db, tenantId, who)).toEqual(
                    surveyRespondentsOf(fold, tenantId, who),
                  )
                }
              }
              await ask()
              await runner.rebuild('survey-results')
              await ask()
            },
          ),
          { numRuns: 20, endOnFailure: true },
        )
      },
      240_000,
    )
  },
)
