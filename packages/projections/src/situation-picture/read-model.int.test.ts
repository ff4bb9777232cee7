import type { EventStore } from '@lagesbild/event-store'
import { testBackends } from '@lagesbild/event-store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProjectionEvent } from '../events.js'
import { EVENT_STORE_LOG } from '../log.js'
import { createProjectionRunner, type ProjectionRunner } from '../runner/index.js'
import { expectSamePicture } from '../testing/compare.js'
import {
  cadenceSet,
  harmWeightsSet,
  measure,
  observationCorrected,
  placeRegistered,
  reportRetracted,
  reportSubmitted,
} from '../testing/events.js'
import { appendEvents } from '../testing/store.js'
import { evolve, initialState, situationPictureOf } from './fold.js'
import type { SituationPictureQuery } from './model.js'
import { situationPictureProjection } from './projection.js'
import { situationPicture } from './query.js'

const at = (recordedAt: string) => ({ recordedAt })
const events: ProjectionEvent[] = [
  cadenceSet(14, '2021-02-01', '2021-02-01', at('2021-01-01T00:00:00Z')),
  harmWeightsSet({ assault: 30, littering: 0.5 }, '2020-01-01', at('2021-01-01T00:00:00Z')),
  placeRegistered('mjolby', null, 'municipality', at('2021-01-01T00:00:00Z')),
  placeRegistered('centrum', 'mjolby', 'area', at('2021-01-01T00:00:00Z')),
  placeRegistered('resecentrum', 'centrum', 'place', at('2021-01-01T00:00:00Z')),
  placeRegistered('gastisparken', 'centrum', 'place', at('2021-01-01T00:00:00Z')),
  reportSubmitted(
    'r1',
    'police',
    [
      { id: 'a', place: 'resecentrum', category: 'assault', on: '2021-03-02', police: true },
      { id: 'b', place: 'gastisparken', category: 'littering', on: '2021-03-03', count: 4 },
    ],
    at('2021-03-05T10:00:00Z'),
  ),
  reportSubmitted(
    'r2',
    'school',
    [{ place: 'resecentrum', category: 'assault', on: '2021-03-10', count: 2, suspected: true }],
    at('2021-03-20T08:00:00Z'),
  ),
  observationCorrected(
    'r1',
    { id: 'b', place: 'gastisparken', category: 'littering', on: '2021-02-20', count: 3 },
    at('2021-04-01T08:00:00Z'),
  ),
  reportSubmitted(
    'r3',
    'housing',
    [{ place: 'gastisparken', category: 'littering', on: '2021-02-16', count: 7 }],
    at('2021-02-17T08:00:00Z'),
  ),
  reportRetracted('r3', at('2021-03-16T08:00:00Z')),
  measure(
    'MeasureProposed',
    {
      measureId: 'm1',
      title: 'Lighting',
      type: 'lighting',
      ownerOrganisationId: 'municipality',
      placeIds: ['gastisparken'],
      targetCategories: ['littering'],
    },
    at('2021-02-01T00:00:00Z'),
  ),
  measure(
    'MeasureStarted',
    { measureId: 'm1', startedOn: '2021-02-10' },
    at('2021-02-10T00:00:00Z'),
  ),
  // A cadence change recorded late re-buckets everything from April on.
  cadenceSet(7, '2021-04-05', '2021-04-05', at('2021-03-25T00:00:00Z')),
  reportSubmitted(
    'r4',
    'police',
    [{ place: 'resecentrum', category: 'assault', on: '2021-04-07' }],
    at('2021-04-08T08:00:00Z'),
  ),
]

const queries: Omit<SituationPictureQuery, 'tenantId'>[] = [
  { asOf: '2021-03-10', knownAt: '2021-03-15T09:00:00+01:00' },
  { asOf: '2021-03-10', knownAt: '2021-03-25T09:00:00Z' },
  { asOf: '2021-03-10', knownAt: '2030-01-01T00:00:00Z' },
  { asOf: '2021-02-20', knownAt: '2021-03-01T00:00:00Z' },
  { asOf: '2021-02-20', knownAt: '2030-01-01T00:00:00Z', area: 'centrum' },
  { asOf: '2021-04-08', knownAt: '2030-01-01T00:00:00Z' },
  { asOf: '2021-03-16', area: 'gastisparken' },
]

const NOW = Date.parse('2030-06-01T00:00:00Z')
const fold = events.reduce(evolve, initialState())

describe.each(await testBackends())('situation picture read model on $name', (backend) => {
  let store: EventStore
  let runner: ProjectionRunner
  beforeAll(async () => {
    if (backend.skipReason) return
    store = await backend.open()
    runner = createProjectionRunner({
      db: store.db,
      log: EVENT_STORE_LOG,
      projections: [situationPictureProjection],
      batchSize: 4,
    })
    await runner.migrate()
    await appendEvents(store, events)
  })
  afterAll(async () => {
    await store?.close()
  })

  it.skipIf(backend.skipReason)(
    'answers like the pure fold after the runner caught up in small batches',
    async () => {
      expect(await runner.catchUp()).toBe(events.length)
      expect(await runner.catchUp()).toBe(0)
      for (const q of queries) {
        const query = { tenantId: 'demo', ...q }
        expectSamePicture(
          await situationPicture(store.db, query, { now: NOW }),
          situationPictureOf(fold, query, NOW),
        )
      }
    },
  )

  it.skipIf(backend.skipReason)(
    'answers the same after a blue/green rebuild, reporting progress',
    async () => {
      const phases: string[] = []
      const result = await runner.rebuild('situation-picture', {
        onProgress: (p) => phases.push(p.phase),
      })
      expect(result.events).toBe(events.length)
      expect(phases).toContain('swap')
      for (const q of queries) {
        const query = { tenantId: 'demo', ...q }
        expectSamePicture(
          await situationPicture(store.db, query, { now: NOW }),
          situationPictureOf(fold, query, NOW),
        )
      }
      const more = reportSubmitted(
        'r5',
        'police',
        [{ place: 'resecentrum', category: 'assault', on: '2021-03-11' }],
        at('2021-05-01T00:00:00Z'),
      )
      // Read-your-writes: append and apply in one transaction.
      await store.transaction(async (tx) => {
        await appendEvents(tx, [more])
        expect(await runner.applyInline(tx.db)).toBe(1)
      })
      const query = { tenantId: 'demo', asOf: '2021-03-10' }
      expectSamePicture(
        await situationPicture(store.db, query, { now: NOW }),
        situationPictureOf(evolve(fold, more), query, NOW),
      )
    },
  )

  it.skipIf(backend.skipReason)(
    'derives sp_period_cells when migrating a read model from before it existed',
    async () => {
      await store.db.schema.dropTable('sp_period_cells').execute()
      await runner.migrate()
      const more = evolve(
        fold,
        reportSubmitted(
          'r5',
          'police',
          [{ place: 'resecentrum', category: 'assault', on: '2021-03-11' }],
          at('2021-05-01T00:00:00Z'),
        ),
      )
      for (const q of queries) {
        const query = { tenantId: 'demo', ...q }
        expectSamePicture(
          await situationPicture(store.db, query, { now: NOW }),
          situationPictureOf(more, query, NOW),
        )
      }
    },
  )
})
