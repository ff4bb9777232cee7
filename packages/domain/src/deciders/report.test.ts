import { describe, expect, it } from 'vitest'
import { DEFAULT_ASSESSMENT_SCALE } from '../catalogue.js'
import type { Observation, ReportSubmittedData } from '../events/report.js'
import { specFor, testContext } from '../testing/decider-spec.js'
import { reportDecider } from './report.js'

const given = specFor(reportDecider)

const observation: Observation = {
  observationId: 'o1',
  kind: 'crime',
  categoryCode: 'vandalism',
  placeId: 'resecentrum',
  occurredOn: { precision: 'part-of-day', date: '2024-03-10', partOfDay: 'evening' },
  count: 2,
  certainty: 'observed',
  policeReported: 'no',
}

const report: ReportSubmittedData = {
  reportId: 'r1',
  reporterOrganisationId: 'org-housing',
  period: { from: '2024-03-04', to: '2024-03-17' },
  observations: [
    observation,
    {
      observationId: 'o2',
      kind: 'crime',
      categoryCode: 'suspected-drug-activity',
      placeId: 'gastisparken',
      occurredOn: { precision: 'time-window', date: '2024-03-08', until: '2024-03-09' },
      count: 1,
      certainty: 'suspected',
      policeReported: 'unknown',
      assessment: 2,
      note: 'Återkommande på kvällar vid lekplatsen',
    },
  ],
}

const submitted = { type: 'ReportSubmitted', data: report } as const
const reporter = { actor: { organisationId: 'org-housing', role: 'reporter' } } as const
const otherReporter = { actor: { organisationId: 'org-police', role: 'reporter' } } as const

const submit = (data: Partial<ReportSubmittedData> = {}) =>
  ({ type: 'SubmitReport', data: { ...report, ...data } }) as const
const withObservation = (o: Partial<Observation>) =>
  submit({ observations: [{ ...observation, ...o } as Observation] })

describe('SubmitReport', () => {
  it('records the report as submitted', () => {
    given([]).when(submit(), reporter).then([submitted])
  })

  it('stamps metadata from the context: tenant, actor, recordedAt, correlation, version', () => {
    const [event] = given([]).when(submit(), reporter).then([submitted])
    const ctx = testContext(reporter)
    expect(event?.metadata).toMatchObject({
      tenantId: ctx.tenantId,
      recordedAt: ctx.now,
      actor: reporter.actor,
      correlationId: ctx.correlationId,
      causationId: null,
      schemaVersion: 2,
    })
  })

  it('refuses a second submission on the same stream', () => {
    given([submitted]).when(submit()).thenThrows('stream-exists')
  })

  it("refuses a reporter submitting for another organisation's reporter", () => {
    given([]).when(submit(), otherReporter).thenThrows('forbidden')
  })

  it('refuses an unregistered reporting organisation', () => {
    given([])
      .when(submit({ reporterOrganisationId: 'org-nobody' }))
      .thenThrows('unknown-organisation')
  })

  it('refuses an unknown place', () => {
    given([])
      .when(withObservation({ placeId: 'atlantis' }))
      .thenThrows('unknown-place')
  })

  it('refuses a category outside the catalogue', () => {
    given([])
      .when(withObservation({ categoryCode: 'jaywalking' }))
      .thenThrows('unknown-category')
  })

  it('refuses a valid-time date beyond the future tolerance, but accepts one within it', () => {
    // now is 2024-03-15 and the tolerance one day
    given([])
      .when(withObservation({ occurredOn: { precision: 'exact', date: '2024-03-17' } }))
      .thenThrows('date-in-future')
    given([])
      .when(withObservation({ occurredOn: { precision: 'exact', date: '2024-03-16' } }))
      .then([
        {
          type: 'ReportSubmitted',
          data: {
            ...report,
            observations: [
              { ...observation, occurredOn: { precision: 'exact', date: '2024-03-16' } },
            ],
          },
        },
      ])
  })

  it('refuses a time window that ends before it starts', () => {
    given([])
      .when(
        withObservation({
          occurredOn: { precision: 'time-window', date: '2024-03-10', until: '2024-03-09' },
        }),
      )
      .thenThrows('end-before-start')
    given([])
      .when(
        withObservation({
          occurredOn: {
            precision: 'time-window',
            date: '2024-03-10',
            fromTime: '22:00',
            until: '2024-03-10',
            untilTime: '21:00',
          },
        }),
      )
      .thenThrows('end-before-start')
  })

  it('refuses a time window reaching into the future', () => {
    given([])
      .when(
        withObservation({
          occurredOn: { precision: 'time-window', date: '2024-03-10', until: '2024-04-01' },
        }),
      )
      .thenThrows('date-in-future')
  })

  it('refuses a reporting period that ends before it starts', () => {
    given([])
      .when(submit({ period: { from: '2024-03-17', to: '2024-03-04' } }))
      .thenThrows('end-before-start')
  })

  it('refuses a reporting period that has not begun, but accepts one not yet ended', () => {
    given([])
      .when(submit({ period: { from: '2024-03-18', to: '2024-03-31' } }))
      .thenThrows('date-in-future')
    given([])
      .when(submit({ period: { from: '2024-03-11', to: '2024-03-24' } }))
      .then([
        {
          type: 'ReportSubmitted',
          data: { ...report, period: { from: '2024-03-11', to: '2024-03-24' } },
        },
      ])
  })

  it('refuses repeated observation ids', () => {
    given([])
      .when(submit({ observations: [observation, observation] }))
      .thenThrows('invalid-command')
  })

  it('refuses an assessment off the configured scale', () => {
    const registry = { ...testContext().registry, assessmentScale: DEFAULT_ASSESSMENT_SCALE }
    given([])
      .when(withObservation({ assessment: 7 }), { registry })
      .thenThrows('invalid-assessment')
  })

  it('refuses a note with a personal identity number and does not echo it', () => {
    const run = () =>
      given([])
        .when(withObservation({ note: 'Gäller 811218-9876 igen' }))
        .thenThrows('personal-identity-number')
    run()
    try {
      reportDecider.decide(
        withObservation({ note: 'Gäller 811218-9876 igen' }),
        reportDecider.initialState(),
        testContext(),
      )
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('9876')
      expect((e as { details: unknown }).details).toEqual({ field: 'observations.0.note' })
    }
  })

  it('accepts a note with ordinary numbers', () => {
    given([])
      .when(withObservation({ note: 'Ring 070-123 45 67, ärende 5000-K123456-24' }))
      .then([
        {
          type: 'ReportSubmitted',
          data: {
            ...report,
            observations: [{ ...observation, note: 'Ring 070-123 45 67, ärende 5000-K123456-24' }],
          },
        },
      ])
  })
})

describe('CorrectObservation', () => {
  const corrected = {
    ...observation,
    count: 3,
    categoryCode: 'graffiti',
    kind: 'disorder',
  } as const
  const correct = (o: Observation = corrected, reason?: string) =>
    ({
      type: 'CorrectObservation',
      data: { reportId: 'r1', observation: o, ...(reason === undefined ? {} : { reason }) },
    }) as const

  it('replaces the observation', () => {
    given([submitted])
      .when(correct(corrected, 'fel kategori'), reporter)
      .then([
        {
          type: 'ObservationCorrected',
          data: { reportId: 'r1', observation: corrected, reason: 'fel kategori' },
        },
      ])
  })

  it('lets a coordinator correct any organisation’s report', () => {
    given([submitted])
      .when(correct())
      .then([{ type: 'ObservationCorrected', data: { reportId: 'r1', observation: corrected } }])
  })

  it('refuses a correction of a missing report', () => {
    given([]).when(correct()).thenThrows('report-not-found')
  })

  it('refuses a correction of a retracted report', () => {
    given([submitted, { type: 'ReportRetracted', data: { reportId: 'r1', reason: 'dubblett' } }])
      .when(correct())
      .thenThrows('report-retracted')
  })

  it('refuses a correction of an observation the report does not have', () => {
    given([submitted])
      .when(correct({ ...corrected, observationId: 'o9' }))
      .thenThrows('observation-not-found')
  })

  it("refuses a reporter correcting another organisation's report", () => {
    given([submitted]).when(correct(), otherReporter).thenThrows('forbidden')
  })

  it('validates the replacement like a new observation', () => {
    given([submitted])
      .when(correct({ ...corrected, placeId: 'atlantis' }))
      .thenThrows('unknown-place')
    given([submitted])
      .when(correct(corrected, 'personnummer 19121212-1212 angavs'))
      .thenThrows('personal-identity-number')
  })

  it('keeps a place and category retired since the report, but refuses moving to one', () => {
    const registry = {
      ...testContext().registry,
      places: new Set(['gastisparken']),
      categories: new Set(['graffiti']),
    }
    given([submitted])
      .when(correct({ ...observation, count: 5 }), { registry })
      .then([
        {
          type: 'ObservationCorrected',
          data: { reportId: 'r1', observation: { ...observation, count: 5 } },
        },
      ])
    given([submitted])
      .when(correct({ ...observation, placeId: 'gallerian' }), { registry })
      .thenThrows('unknown-place')
    given([submitted])
      .when(correct({ ...observation, categoryCode: 'littering' }), { registry })
      .thenThrows('unknown-category')
  })

  it('lets a later correction see the earlier one in state', () => {
    given([
      submitted,
      { type: 'ObservationCorrected', data: { reportId: 'r1', observation: corrected } },
    ])
      .when(correct({ ...corrected, count: 4 }))
      .then([
        {
          type: 'ObservationCorrected',
          data: { reportId: 'r1', observation: { ...corrected, count: 4 } },
        },
      ])
  })
})

describe('RetractReport', () => {
  const retract = { type: 'RetractReport', data: { reportId: 'r1', reason: 'Dubblett' } } as const

  it('retracts a submitted report', () => {
    given([submitted])
      .when(retract, reporter)
      .then([{ type: 'ReportRetracted', data: retract.data }])
  })

  it('refuses a missing report', () => {
    given([]).when(retract).thenThrows('report-not-found')
  })

  it('refuses retracting twice', () => {
    given([submitted, { type: 'ReportRetracted', data: retract.data }])
      .when(retract)
      .thenThrows('report-retracted')
  })

  it("refuses a reporter retracting another organisation's report", () => {
    given([submitted]).when(retract, otherReporter).thenThrows('forbidden')
  })

  it('refuses a reason containing a samordningsnummer', () => {
    given([submitted])
      .when({ type: 'RetractReport', data: { reportId: 'r1', reason: 'avser 701063-2391' } })
      .thenThrows('personal-identity-number')
  })
})
