import { describe, it } from 'vitest'
import type { MeasureProposedData } from '../events/measure.js'
import { specFor, testContext } from '../testing/decider-spec.js'
import { measureDecider } from './measure.js'

const given = specFor(measureDecider)

const proposal: MeasureProposedData = {
  measureId: 'm1',
  title: 'Bättre belysning i Gästisparken',
  type: 'lighting',
  ownerOrganisationId: 'org-municipality',
  placeIds: ['gastisparken'],
  targetCategories: ['vandalism', 'unsafe-place'],
  controlPlaceIds: ['stationsgatan'],
  bufferPlaceIds: ['centrum'],
  plannedStart: '2024-04-01',
  plannedEnd: '2024-06-30',
}

const proposed = { type: 'MeasureProposed', data: proposal } as const
const decided = {
  type: 'MeasureDecided',
  data: { measureId: 'm1', decidedOn: '2024-02-01' },
} as const
const started = {
  type: 'MeasureStarted',
  data: { measureId: 'm1', startedOn: '2024-02-10' },
} as const
const completed = {
  type: 'MeasureCompleted',
  data: { measureId: 'm1', completedOn: '2024-03-01' },
} as const
const cancelled = {
  type: 'MeasureCancelled',
  data: { measureId: 'm1', cancelledOn: '2024-02-15', reason: 'Budget saknas' },
} as const
const evaluated = {
  type: 'MeasureEvaluated',
  data: {
    measureId: 'm1',
    evaluatedOn: '2024-03-10',
    verdict: 'promising',
    evidenceLevel: 3,
    notes: 'Färre anmälningar, kontrollplatsen oförändrad',
  },
} as const

const propose = (data: Partial<MeasureProposedData> = {}) =>
  ({ type: 'ProposeMeasure', data: { ...proposal, ...data } }) as const

describe('ProposeMeasure', () => {
  it('records the proposal with its evaluation design', () => {
    given([]).when(propose()).then([proposed])
  })
  it('refuses a second proposal on the same stream', () => {
    given([proposed]).when(propose()).thenThrows('stream-exists')
  })
  it('refuses unknown treated, control or buffer places', () => {
    given([])
      .when(propose({ placeIds: ['atlantis'] }))
      .thenThrows('unknown-place')
    given([])
      .when(propose({ controlPlaceIds: ['atlantis'] }))
      .thenThrows('unknown-place')
    given([])
      .when(propose({ bufferPlaceIds: ['atlantis'] }))
      .thenThrows('unknown-place')
  })
  it('refuses unknown target categories and owner organisations', () => {
    given([])
      .when(propose({ targetCategories: ['jaywalking'] }))
      .thenThrows('unknown-category')
    given([])
      .when(propose({ ownerOrganisationId: 'org-x' }))
      .thenThrows('unknown-organisation')
  })
  it('refuses an unknown problem when the caller knows the problems', () => {
    const registry = { ...testContext().registry, problems: new Set(['p1']) }
    given([])
      .when(propose({ problemId: 'p2' }), { registry })
      .thenThrows('unknown-problem')
    given([])
      .when(propose({ problemId: 'p1' }), { registry })
      .then([{ type: 'MeasureProposed', data: { ...proposal, problemId: 'p1' } }])
  })
  it('refuses a treated place that is also a control', () => {
    given([])
      .when(propose({ controlPlaceIds: ['gastisparken'] }))
      .thenThrows('invalid-command')
  })
  it('refuses a planned end before the planned start', () => {
    given([])
      .when(propose({ plannedEnd: '2024-03-01' }))
      .thenThrows('end-before-start')
  })
  it('refuses a reporter', () => {
    given([])
      .when(propose(), { actor: { organisationId: 'org-housing', role: 'reporter' } })
      .thenThrows('forbidden')
  })
  it('refuses a personal identity number in the description', () => {
    given([])
      .when(propose({ description: 'Kontakt 19811218-9876' }))
      .thenThrows('personal-identity-number')
  })
})

describe('DecideMeasure', () => {
  const cmd = { type: 'DecideMeasure', data: decided.data } as const
  it('decides a proposed measure', () => {
    given([proposed]).when(cmd).then([decided])
  })
  it('refuses a missing measure', () => {
    given([]).when(cmd).thenThrows('measure-not-found')
  })
  it('refuses deciding twice or after cancellation', () => {
    given([proposed, decided]).when(cmd).thenThrows('measure-lifecycle')
    given([proposed, cancelled]).when(cmd).thenThrows('measure-lifecycle')
  })
  it('refuses a decision date in the future', () => {
    given([proposed])
      .when({ type: 'DecideMeasure', data: { measureId: 'm1', decidedOn: '2024-05-01' } })
      .thenThrows('date-in-future')
  })
})

describe('StartMeasure', () => {
  const cmd = { type: 'StartMeasure', data: started.data } as const
  it('starts a decided measure', () => {
    given([proposed, decided]).when(cmd).then([started])
  })
  it('refuses starting a measure that was only proposed', () => {
    given([proposed]).when(cmd).thenThrows('measure-lifecycle')
  })
  it('refuses starting a cancelled measure', () => {
    given([proposed, decided, cancelled]).when(cmd).thenThrows('measure-lifecycle')
  })
  it('refuses a start before the decision', () => {
    given([proposed, decided])
      .when({ type: 'StartMeasure', data: { measureId: 'm1', startedOn: '2024-01-15' } })
      .thenThrows('end-before-start')
  })
  it('refuses a start date in the future', () => {
    given([proposed, decided])
      .when({ type: 'StartMeasure', data: { measureId: 'm1', startedOn: '2024-03-20' } })
      .thenThrows('date-in-future')
  })
})

describe('CompleteMeasure', () => {
  const cmd = { type: 'CompleteMeasure', data: completed.data } as const
  it('completes a started measure', () => {
    given([proposed, decided, started]).when(cmd).then([completed])
  })
  it('refuses completing before the start', () => {
    given([proposed, decided]).when(cmd).thenThrows('measure-lifecycle')
  })
  it('refuses an end date before the start date', () => {
    given([proposed, decided, started])
      .when({ type: 'CompleteMeasure', data: { measureId: 'm1', completedOn: '2024-02-09' } })
      .thenThrows('end-before-start')
  })
  it('refuses completing twice', () => {
    given([proposed, decided, started, completed]).when(cmd).thenThrows('measure-lifecycle')
  })
})

describe('CancelMeasure', () => {
  const cmd = { type: 'CancelMeasure', data: cancelled.data } as const
  it('cancels at any stage before completion', () => {
    given([proposed]).when(cmd).then([cancelled])
    given([proposed, decided]).when(cmd).then([cancelled])
    given([proposed, decided, started]).when(cmd).then([cancelled])
  })
  it('refuses cancelling a completed or cancelled measure', () => {
    given([proposed, decided, started, completed]).when(cmd).thenThrows('measure-lifecycle')
    given([proposed, cancelled]).when(cmd).thenThrows('measure-lifecycle')
  })
  it('refuses a cancellation before the start date', () => {
    given([proposed, decided, started])
      .when({ type: 'CancelMeasure', data: { ...cancelled.data, cancelledOn: '2024-02-01' } })
      .thenThrows('end-before-start')
  })
})

describe('EvaluateMeasure', () => {
  const cmd = { type: 'EvaluateMeasure', data: evaluated.data } as const
  it('evaluates a completed measure, and may evaluate it again', () => {
    given([proposed, decided, started, completed]).when(cmd).then([evaluated])
    given([proposed, decided, started, completed, evaluated]).when(cmd).then([evaluated])
  })
  it('refuses evaluating a measure that has not been completed', () => {
    given([proposed, decided, started]).when(cmd).thenThrows('measure-lifecycle')
    given([proposed, cancelled]).when(cmd).thenThrows('measure-lifecycle')
  })
  it('refuses an evaluation dated before completion', () => {
    given([proposed, decided, started, completed])
      .when({ type: 'EvaluateMeasure', data: { ...evaluated.data, evaluatedOn: '2024-02-20' } })
      .thenThrows('end-before-start')
  })
  it('lets an evaluator evaluate', () => {
    given([proposed, decided, started, completed])
      .when(cmd, { actor: { organisationId: 'org-police', role: 'evaluator' } })
      .then([evaluated])
  })
})
