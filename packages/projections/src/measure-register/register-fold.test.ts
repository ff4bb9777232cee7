import { describe, expect, it } from 'vitest'
import type { ProjectionEvent } from '../events.js'
import { measure } from '../testing/events.js'
import {
  evolveMeasureRegister,
  measureOf,
  measureRegisterInitialState,
  measureRegisterOf,
} from './register-fold.js'
import type { MeasureRegisterQuery } from './register-model.js'

const at = (recordedAt: string) => ({ recordedAt })
const NOW = Date.parse('2030-01-01T00:00:00Z')

const proposed = (measureId: string, recordedAt: string, placeIds = ['resecentrum']) =>
  measure(
    'MeasureProposed',
    {
      measureId,
      title: `Lighting ${measureId}`,
      type: 'lighting',
      ownerOrganisationId: 'municipality',
      placeIds,
      targetCategories: ['vandalism', 'assault'],
      controlPlaceIds: ['skolgarden'],
      bufferPlaceIds: ['gastisparken'],
      problemId: 'dark-underpass',
    },
    at(recordedAt),
  )

const lighting: ProjectionEvent[] = [
  proposed('m1', '2021-03-01T09:00:00Z'),
  measure(
    'MeasureDecided',
    { measureId: 'm1', decidedOn: '2021-03-10' },
    at('2021-03-10T15:00:00Z'),
  ),
  measure(
    'MeasureStarted',
    { measureId: 'm1', startedOn: '2021-04-01' },
    at('2021-04-01T08:00:00Z'),
  ),
  // Completion is entered ten days after the fact.
  measure(
    'MeasureCompleted',
    { measureId: 'm1', completedOn: '2021-06-30' },
    at('2021-07-10T08:00:00Z'),
  ),
  measure(
    'MeasureEvaluated',
    {
      measureId: 'm1',
      evaluatedOn: '2021-09-01',
      verdict: 'promising',
      evidenceLevel: 3,
      notes: 'fewer reports at the treated place, none displaced',
    },
    at('2021-09-01T12:00:00Z'),
  ),
]

/** given(events).when(query).thenStatuses({ measureId: status }) */
const given = (events: readonly ProjectionEvent[]) => ({
  when: (query: MeasureRegisterQuery) => ({
    thenStatuses: (expected: Record<string, string>) => {
      const state = events.reduce(evolveMeasureRegister, measureRegisterInitialState())
      const register = measureRegisterOf(state, 'demo', query, NOW)
      expect(Object.fromEntries(register.map((e) => [e.measureId, e.status]))).toEqual(expected)
      return register
    },
  }),
})

describe('measure register fold', () => {
  it('follows the lifecycle by the dates in the events', () => {
    given(lighting).when({ asOf: '2021-02-01' }).thenStatuses({})
    given(lighting).when({ asOf: '2021-03-05' }).thenStatuses({ m1: 'proposed' })
    given(lighting).when({ asOf: '2021-03-10' }).thenStatuses({ m1: 'decided' })
    const [started] = given(lighting).when({ asOf: '2021-05-01' }).thenStatuses({ m1: 'started' })
    expect(started?.active).toBe(true)
    given(lighting).when({ asOf: '2021-07-01' }).thenStatuses({ m1: 'completed' })
    const [evaluated] = given(lighting)
      .when({ asOf: '2021-09-02' })
      .thenStatuses({ m1: 'evaluated' })
    expect(evaluated).toMatchObject({
      verdict: 'promising',
      evidenceLevel: 3,
      placeIds: ['resecentrum'],
      controlPlaceIds: ['skolgarden'],
      bufferPlaceIds: ['gastisparken'],
      targetCategories: ['vandalism', 'assault'],
      ownerOrganisationId: 'municipality',
      type: 'lighting',
      problemId: 'dark-underpass',
      proposedOn: '2021-03-01',
      active: false,
    })
  })

  it('knownAt hides what was recorded later, even when it is dated earlier', () => {
    given(lighting)
      .when({ asOf: '2021-07-01', knownAt: '2021-07-05T00:00:00Z' })
      .thenStatuses({ m1: 'started' })
    given(lighting).when({ asOf: '2021-07-01' }).thenStatuses({ m1: 'completed' })
    given(lighting).when({ asOf: '2021-12-01', knownAt: '2021-02-01T00:00:00Z' }).thenStatuses({})
  })

  it('a measure registered after the fact counts from its own dates', () => {
    given([
      proposed('m2', '2022-01-15T09:00:00Z'),
      measure(
        'MeasureStarted',
        { measureId: 'm2', startedOn: '2021-05-01' },
        at('2022-01-15T09:01:00Z'),
      ),
    ])
      .when({ asOf: '2021-06-01' })
      .thenStatuses({ m2: 'started' })
  })

  it('filters by status and treated place; cancellation wins over earlier stages', () => {
    const events = [
      ...lighting,
      proposed('m2', '2021-03-02T09:00:00Z', ['gastisparken']),
      measure(
        'MeasureCancelled',
        { measureId: 'm2', cancelledOn: '2021-04-15', reason: 'no budget' },
        at('2021-04-15T09:00:00Z'),
      ),
    ]
    given(events).when({ asOf: '2021-05-01' }).thenStatuses({ m1: 'started', m2: 'cancelled' })
    given(events)
      .when({ asOf: '2021-05-01', status: 'cancelled' })
      .thenStatuses({ m2: 'cancelled' })
    given(events)
      .when({ asOf: '2021-05-01', status: ['started', 'decided'] })
      .thenStatuses({ m1: 'started' })
    given(events)
      .when({ asOf: '2021-05-01', placeId: 'gastisparken' })
      .thenStatuses({ m2: 'cancelled' })
    given(events)
      .when({ asOf: '2021-02-01', status: 'not-yet' })
      .thenStatuses({ m1: 'not-yet', m2: 'not-yet' })
  })

  it('ignores events for a measure never proposed and a second proposal', () => {
    given([
      measure(
        'MeasureStarted',
        { measureId: 'ghost', startedOn: '2021-01-01' },
        at('2021-01-02T00:00:00Z'),
      ),
      ...lighting.slice(0, 1),
      proposed('m1', '2021-03-05T09:00:00Z', ['elsewhere']),
    ])
      .when({ asOf: '2021-03-06' })
      .thenStatuses({ m1: 'proposed' })
  })

  it('measureOf reads one measure, with not-yet before it existed', () => {
    const state = lighting.reduce(evolveMeasureRegister, measureRegisterInitialState())
    expect(measureOf(state, 'demo', 'm1', { asOf: '2021-01-01' }, NOW)?.status).toBe('not-yet')
    expect(measureOf(state, 'demo', 'm1', { asOf: '2021-04-02' }, NOW)?.status).toBe('started')
    expect(measureOf(state, 'demo', 'm1', { knownAt: '2021-01-01T00:00:00Z' }, NOW)).toBeUndefined()
    expect(measureOf(state, 'other-tenant', 'm1', {}, NOW)).toBeUndefined()
    expect(() => measureOf(state, 'demo', 'm1', { asOf: '1 May' }, NOW)).toThrow(RangeError)
  })
})
