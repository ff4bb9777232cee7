import { describe, expect, it } from 'vitest'
import { reporterFeedback } from './index.js'

const reports = [
  { reportId: 'r1', placeId: 'park', category: 'klotter', period: '2025-03-03' },
  { reportId: 'r2', placeId: 'park', category: 'klotter', period: '2025-03-03' },
  { reportId: 'r3', placeId: 'park', category: 'nedskrapning', period: '2025-03-03' },
  { reportId: 'r4', placeId: 'skolgard', category: 'skadegorelse', period: '2025-03-03' },
  { reportId: 'r5', placeId: 'park', category: 'klotter', period: '2025-05-12' },
]
const problems = [
  {
    problemId: 'p1',
    title: 'Klotter i parken',
    placeIds: ['park'],
    categoryCodes: ['klotter'],
    identifiedOn: '2025-03-10',
    closedOn: '2025-09-01',
    outcome: 'reduced',
  },
  // identified before the period: not news to these reporters
  {
    problemId: 'p0',
    title: 'Old',
    placeIds: ['park'],
    categoryCodes: [],
    identifiedOn: '2024-01-01',
  },
]
const measures = [
  {
    measureId: 'm1',
    title: 'Snabbsanering',
    placeIds: ['park'],
    targetCategories: ['klotter'],
    decidedOn: '2025-03-20',
    startedOn: '2025-04-01',
    completedOn: '2025-06-01',
    evaluatedOn: '2025-08-15',
    verdict: 'effective' as const,
    evidenceLevel: 3,
  },
  {
    measureId: 'm2',
    title: 'Belysning',
    placeIds: ['skolgard', 'park'],
    targetCategories: ['hot'],
    decidedOn: '2025-05-20',
  },
]

describe('reporterFeedback', () => {
  const r = reporterFeedback({
    organisationId: 'bostader',
    reports,
    problems,
    measures,
    asOf: '2025-07-01',
  })

  it('groups the organisation’s reports by period and place, busiest place first', () => {
    expect(r.periods.map((p) => [p.period, p.reports])).toEqual([
      ['2025-03-03', 4],
      ['2025-05-12', 1],
    ])
    const march = r.periods[0]
    expect(march?.places.map((p) => p.placeId)).toEqual(['park', 'skolgard'])
    expect(march?.places[0]?.categories).toEqual({ klotter: 2, nedskrapning: 1 })
  })

  it('lists problems and measure events at the place since the period start, up to asOf', () => {
    const park = r.periods[0]?.places[0]
    expect(park?.problems).toEqual([
      {
        problemId: 'p1',
        title: 'Klotter i parken',
        identifiedOn: '2025-03-10',
        closedOn: null, // closed after asOf
        outcome: null,
        addressesReportedCategory: true,
      },
    ])
    const m1 = park?.measures.find((m) => m.measureId === 'm1')
    expect(m1?.events).toEqual([
      { kind: 'decided', on: '2025-03-20' },
      { kind: 'started', on: '2025-04-01' },
      { kind: 'completed', on: '2025-06-01' },
    ])
    // evaluated after asOf: the verdict is not yet known to anyone reading this
    expect(m1?.verdict).toBeNull()
    expect(park?.measures.find((m) => m.measureId === 'm2')?.addressesReportedCategory).toBe(false)
    // May period: only what happened since 12 May
    const may = r.periods[1]?.places[0]
    expect(may?.problems).toEqual([])
    expect(may?.measures.map((m) => [m.measureId, m.events.map((e) => e.kind)])).toEqual([
      ['m1', ['completed']],
      ['m2', ['decided']],
    ])
  })

  it('reports verdicts once evaluated', () => {
    const later = reporterFeedback({
      organisationId: 'bostader',
      reports,
      problems,
      measures,
      asOf: '2025-12-31',
    })
    const m1 = later.periods[0]?.places[0]?.measures.find((m) => m.measureId === 'm1')
    expect(m1).toMatchObject({ verdict: 'effective', evidenceLevel: 3 })
    expect(later.periods[0]?.places[0]?.problems[0]).toMatchObject({
      closedOn: '2025-09-01',
      outcome: 'reduced',
    })
  })

  it('rejects malformed dates', () => {
    expect(() =>
      reporterFeedback({ organisationId: 'x', reports, problems, measures, asOf: 'today' }),
    ).toThrow(/asOf/)
  })
})
