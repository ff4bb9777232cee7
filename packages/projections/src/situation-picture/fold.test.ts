import { describe, expect, it } from 'vitest'
import type { ProjectionEvent } from '../events.js'
import {
  cadenceSet,
  event,
  harmWeightsSet,
  measure,
  observationCorrected,
  placeRegistered,
  reportRetracted,
  reportSubmitted,
} from '../testing/events.js'
import { evolve, initialState, situationPictureOf } from './fold.js'
import type { SituationPictureQuery } from './model.js'

const at = (recordedAt: string) => ({ recordedAt })
const setup: ProjectionEvent[] = [
  cadenceSet(14, '2021-02-01', '2021-02-01', at('2021-01-01T00:00:00Z')),
  placeRegistered('mjolby', null, 'municipality', at('2021-01-01T00:00:00Z')),
  placeRegistered('centrum', 'mjolby', 'area', at('2021-01-01T00:00:00Z')),
  placeRegistered('resecentrum', 'centrum', 'place', at('2021-01-01T00:00:00Z')),
  placeRegistered('gastisparken', 'centrum', 'place', at('2021-01-01T00:00:00Z')),
  placeRegistered('vaster', 'mjolby', 'area', at('2021-01-01T00:00:00Z')),
  placeRegistered('skolgarden', 'vaster', 'place', at('2021-01-01T00:00:00Z')),
]

// given / when / then: the events so far, the question, the picture.
const given = (...events: ProjectionEvent[]) => ({
  when: (q: Omit<SituationPictureQuery, 'tenantId'>) =>
    situationPictureOf([...setup, ...events].reduce(evolve, initialState()), {
      tenantId: 'demo',
      ...q,
    }),
})

describe('situation picture (pure fold)', () => {
  it('sums counts, reports, organisations, suspicions and police reports per place × category', () => {
    const p = given(
      reportSubmitted(
        'r1',
        'police',
        [
          { place: 'resecentrum', category: 'vandalism', on: '2021-03-16', count: 2, police: true },
          { place: 'resecentrum', category: 'vandalism', on: '2021-03-17', suspected: true },
        ],
        at('2021-03-18T10:00:00Z'),
      ),
      reportSubmitted(
        'r2',
        'housing',
        [{ place: 'resecentrum', category: 'vandalism', on: '2021-03-20', count: 3 }],
        at('2021-03-21T10:00:00Z'),
      ),
      reportSubmitted(
        'r3',
        'housing',
        [{ place: 'resecentrum', category: 'vandalism', on: '2021-03-29' }],
        at('2021-03-30T10:00:00Z'),
      ),
    ).when({ asOf: '2021-03-22' })
    expect(p.period).toEqual({ start: '2021-03-15', end: '2021-03-28' })
    expect(p.cells).toHaveLength(1)
    expect(p.cells[0]).toMatchObject({
      placeId: 'resecentrum',
      category: 'vandalism',
      count: 6,
      observations: 3,
      reports: 2,
      organisations: ['housing', 'police'],
      suspected: 1,
      observed: 5,
      policeReported: 2,
      policeReportedShare: 2 / 6,
    })
  })

  it('applies corrections, which may move an observation to another place and period', () => {
    const p = given(
      reportSubmitted(
        'r1',
        'police',
        [
          { id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-03-16', count: 2 },
          { id: 'b', place: 'resecentrum', category: 'graffiti', on: '2021-03-16' },
        ],
        at('2021-03-18T10:00:00Z'),
      ),
      observationCorrected(
        'r1',
        { id: 'a', place: 'gastisparken', category: 'vandalism', on: '2021-03-16', count: 5 },
        at('2021-03-19T10:00:00Z'),
      ),
      observationCorrected(
        'r1',
        { id: 'b', place: 'resecentrum', category: 'graffiti', on: '2021-03-01' },
        at('2021-03-19T11:00:00Z'),
      ),
    ).when({ asOf: '2021-03-22' })
    expect(p.cells.map((c) => [c.placeId, c.category, c.count, c.previous.count])).toEqual([
      ['gastisparken', 'vandalism', 5, 0],
      ['resecentrum', 'graffiti', 0, 1],
    ])
  })

  it('excludes retracted reports, and ignores corrections after a retraction', () => {
    const p = given(
      reportSubmitted(
        'r1',
        'police',
        [{ id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-03-16' }],
        at('2021-03-18T10:00:00Z'),
      ),
      reportRetracted('r1', at('2021-03-19T10:00:00Z')),
      observationCorrected(
        'r1',
        { id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-03-16', count: 9 },
        at('2021-03-19T11:00:00Z'),
      ),
    ).when({ asOf: '2021-03-22' })
    expect(p.cells).toEqual([])
    expect(p.totals.count).toBe(0)
  })

  it('shows the picture as known at a meeting, and counts the late events it leaves out', () => {
    const history = given(
      reportSubmitted(
        'r1',
        'police',
        [{ id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-03-02' }],
        at('2021-03-05T10:00:00Z'),
      ),
      // Reported after the meeting on 15 March, about the period the meeting looked at.
      reportSubmitted(
        'r2',
        'school',
        [{ place: 'resecentrum', category: 'vandalism', on: '2021-03-10', count: 4 }],
        at('2021-03-20T08:00:00Z'),
      ),
      observationCorrected(
        'r1',
        { id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-03-02', count: 2 },
        at('2021-04-01T08:00:00Z'),
      ),
    )
    const atMeeting = history.when({ asOf: '2021-03-14', knownAt: '2021-03-15T09:00:00+01:00' })
    expect(atMeeting.knownAt).toBe('2021-03-15T08:00:00.000Z')
    expect(atMeeting.cells[0]?.count).toBe(1)
    expect(atMeeting.late).toEqual({ recordedAfterKnownAt: 2, includedAfterPeriodEnd: 0 })
    const today = history.when({ asOf: '2021-03-14', knownAt: '2026-01-01T00:00:00Z' })
    expect(today.cells[0]?.count).toBe(6)
    expect(today.late).toEqual({ recordedAfterKnownAt: 0, includedAfterPeriodEnd: 2 })
  })

  it('weights harm per category so one assault outranks ten littering reports', () => {
    const littering = Array.from({ length: 10 }, (_, i) =>
      reportSubmitted(
        `l${i}`,
        'municipality',
        [{ place: 'gastisparken', category: 'littering', on: '2021-03-16' }],
        at('2021-03-18T10:00:00Z'),
      ),
    )
    const p = given(
      harmWeightsSet({ littering: 0.5, assault: 30 }, '2020-01-01', at('2021-01-01T00:00:00Z')),
      ...littering,
      reportSubmitted(
        'a1',
        'police',
        [{ place: 'resecentrum', category: 'assault', on: '2021-03-16' }],
        at('2021-03-18T10:00:00Z'),
      ),
    ).when({ asOf: '2021-03-16' })
    expect(p.hotSpots.byCount).toEqual(['gastisparken', 'resecentrum'])
    expect(p.hotSpots.byHarm).toEqual(['resecentrum', 'gastisparken'])
    expect(p.totals).toEqual({ count: 11, harm: 35, observations: 11 })
  })

  it('compares with the previous period, the same period a year before and a 12-period baseline', () => {
    const events: ProjectionEvent[] = []
    // 2 a period for the 12 periods before 2021-03-15, 5 in the current one, 3 a year before.
    for (let k = 1; k <= 12; k++) {
      const day = new Date(Date.UTC(2021, 2, 15) - k * 14 * 86_400_000).toISOString().slice(0, 10)
      events.push(
        reportSubmitted(
          `b${k}`,
          'police',
          [{ place: 'skolgarden', category: 'threats', on: day, count: 2 + (k % 2) }],
          at(`${day}T12:00:00Z`),
        ),
      )
    }
    events.push(
      reportSubmitted(
        'y',
        'police',
        [{ place: 'skolgarden', category: 'threats', on: '2020-03-16', count: 3 }],
        at('2020-03-17T12:00:00Z'),
      ),
      reportSubmitted(
        'c',
        'police',
        [{ place: 'skolgarden', category: 'threats', on: '2021-03-16', count: 5 }],
        at('2021-03-17T12:00:00Z'),
      ),
    )
    const p = given(...events).when({ asOf: '2021-03-20' })
    const cell = p.cells[0]
    // k odd → 3, k even → 2: mean 2.5, sample sd sqrt(12·0.25/11).
    expect(cell?.previous).toEqual({ count: 3, difference: 2, relative: 2 / 3 })
    expect(cell?.yearAgo).toEqual({ count: 3, difference: 2, relative: 2 / 3 })
    expect(cell?.baseline.mean).toBe(2.5)
    expect(cell?.baseline.sd).toBeCloseTo(Math.sqrt(3 / 11), 12)
    expect(cell?.baseline.excess).toBe(2.5)
    expect(p.hotSpots.byExcess).toEqual(['skolgarden'])
  })

  it('grades areas by the status rule and restricts to an area on request', () => {
    const p = given(
      event(
        'StatusRuleSet',
        {
          effectiveFrom: '2020-01-01',
          rule: {
            basis: 'count',
            windowDays: 14,
            levels: [
              { status: 'green', minScore: 0 },
              { status: 'yellow', minScore: 3 },
              { status: 'red', minScore: 6 },
            ],
          },
        },
        at('2021-01-01T00:00:00Z'),
      ),
      reportSubmitted(
        'r1',
        'police',
        [
          { place: 'resecentrum', category: 'robbery', on: '2021-03-16', count: 4 },
          { place: 'gastisparken', category: 'robbery', on: '2021-03-16', count: 3 },
          { place: 'skolgarden', category: 'robbery', on: '2021-03-16', count: 3 },
        ],
        at('2021-03-18T10:00:00Z'),
      ),
    )
    const all = p.when({ asOf: '2021-03-16' })
    expect(all.areas.map((a) => [a.areaId, a.statusScore, a.status])).toEqual([
      ['centrum', 7, 'red'],
      ['vaster', 3, 'yellow'],
    ])
    expect(all.places.find((x) => x.placeId === 'resecentrum')?.status).toBe('yellow')
    const vaster = p.when({ asOf: '2021-03-16', area: 'vaster' })
    expect(vaster.cells.map((c) => c.placeId)).toEqual(['skolgarden'])
    expect(vaster.areas.map((a) => a.areaId)).toEqual(['vaster'])
  })

  it('lists measures active on asOf and completed measures awaiting evaluation', () => {
    const m = (id: string) => ({
      measureId: id,
      title: id,
      type: 'lighting',
      ownerOrganisationId: 'municipality',
      placeIds: ['resecentrum'],
      targetCategories: ['vandalism'],
    })
    const p = given(
      measure('MeasureProposed', m('m1'), at('2021-01-10T00:00:00Z')),
      measure(
        'MeasureStarted',
        { measureId: 'm1', startedOn: '2021-02-01' },
        at('2021-02-01T00:00:00Z'),
      ),
      measure('MeasureProposed', m('m2'), at('2021-01-10T00:00:00Z')),
      measure(
        'MeasureStarted',
        { measureId: 'm2', startedOn: '2021-01-11' },
        at('2021-01-11T00:00:00Z'),
      ),
      measure(
        'MeasureCompleted',
        { measureId: 'm2', completedOn: '2021-02-28' },
        at('2021-03-01T00:00:00Z'),
      ),
      // Recorded after the meeting: not yet known then.
      measure('MeasureProposed', m('m3'), at('2021-03-17T00:00:00Z')),
      measure(
        'MeasureStarted',
        { measureId: 'm3', startedOn: '2021-03-15' },
        at('2021-03-17T00:00:00Z'),
      ),
    )
    const atMeeting = p.when({ asOf: '2021-03-16', knownAt: '2021-03-16T12:00:00Z' })
    expect(atMeeting.measures.active.map((x) => x.measureId)).toEqual(['m1'])
    expect(atMeeting.measures.awaitingEvaluation.map((x) => x.measureId)).toEqual(['m2'])
    const later = p.when({ asOf: '2021-03-16', knownAt: '2021-04-01T00:00:00Z' })
    expect(later.measures.active.map((x) => x.measureId)).toEqual(['m1', 'm3'])
  })
})
