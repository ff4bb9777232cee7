import { describe, expect, it } from 'vitest'
import type { ProjectionEvent } from '../events.js'
import {
  cadenceSet,
  observationCorrected,
  placeRegistered,
  reportRetracted,
  reportSubmitted,
} from '../testing/events.js'
import { evolvePlaceTrend, placeTrendInitialState, placeTrendOf } from './fold.js'
import { bucketsBetween, calendarBucket, type PlaceTrendQuery } from './model.js'

const at = (recordedAt: string) => ({ recordedAt })
const NOW = Date.parse('2030-01-01T00:00:00Z')

const places: ProjectionEvent[] = [
  placeRegistered('mjolby', null, 'municipality', at('2021-01-01T00:00:00Z')),
  placeRegistered('centrum', 'mjolby', 'area', at('2021-01-01T00:00:00Z')),
  placeRegistered('resecentrum', 'centrum', 'place', at('2021-01-01T00:00:00Z')),
  placeRegistered('gastisparken', 'centrum', 'place', at('2021-01-01T00:00:00Z')),
  placeRegistered('skolgarden', 'mjolby', 'place', at('2021-01-01T00:00:00Z')),
]

/** given(events).when(query).thenCounts(counts per bucket) — the fold's specification, no database. */
const given = (events: readonly ProjectionEvent[]) => ({
  when: (query: PlaceTrendQuery) => ({
    thenCounts: (expected: readonly (number | Record<string, number>)[]) => {
      const state = [...places, ...events].reduce(evolvePlaceTrend, placeTrendInitialState())
      const trend = placeTrendOf(state, 'demo', query, NOW)
      expect(
        trend.points.map((p) => (p.byCategory === undefined ? p.count : p.byCategory)),
      ).toEqual(expected)
      return trend
    },
  }),
})

describe('place trend fold', () => {
  it('counts per month with zero months, summing counts', () => {
    given([
      reportSubmitted(
        'r1',
        'police',
        [
          { id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-01-10', count: 2 },
          { id: 'b', place: 'resecentrum', category: 'assault', on: '2021-03-02' },
        ],
        at('2021-03-05T10:00:00Z'),
      ),
    ])
      .when({ placeId: 'resecentrum', from: '2021-01-01', to: '2021-04-30', bucket: 'month' })
      .thenCounts([2, 0, 1, 0])
  })

  it('splits counts by source and counts only the requested sources', () => {
    const events = [
      reportSubmitted(
        'r1',
        'housing',
        [{ id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-02-10', count: 2 }],
        at('2021-02-15T10:00:00Z'),
      ),
      reportSubmitted(
        'r2',
        'police-events-feed',
        [{ id: 'b', place: 'resecentrum', category: 'vandalism', on: '2021-02-11' }],
        at('2021-02-15T10:00:00Z'),
      ),
      reportSubmitted(
        'r3',
        'police-crime-statistics',
        [{ id: 'c', place: 'resecentrum', category: 'vandalism', on: '2021-02-12', count: 4 }],
        at('2021-02-15T10:00:00Z'),
      ),
    ]
    const q = {
      placeId: 'resecentrum',
      from: '2021-01-01',
      to: '2021-12-31',
      bucket: 'year',
    } as const
    const all = given(events).when(q).thenCounts([7])
    expect(all.points[0]?.bySource).toEqual({ partners: 2, 'police-events': 1, 'police-crimes': 4 })
    const police = given(events)
      .when({ ...q, sources: ['police-events', 'police-crimes'] })
      .thenCounts([5])
    expect(police.points[0]?.bySource).toEqual({ 'police-events': 1, 'police-crimes': 4 })
    expect(() =>
      given(events)
        .when({ ...q, sources: [] })
        .thenCounts([0]),
    ).toThrow(RangeError)
  })

  it('an area covers every place below it, a place only itself', () => {
    const events = [
      reportSubmitted(
        'r1',
        'police',
        [
          { id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-02-10' },
          { id: 'b', place: 'gastisparken', category: 'vandalism', on: '2021-02-11', count: 3 },
          { id: 'c', place: 'skolgarden', category: 'vandalism', on: '2021-02-12', count: 5 },
        ],
        at('2021-02-15T10:00:00Z'),
      ),
    ]
    const q = { from: '2021-01-01', to: '2021-12-31', bucket: 'year' } as const
    given(events)
      .when({ ...q, area: 'centrum' })
      .thenCounts([4])
    given(events)
      .when({ ...q, area: 'mjolby' })
      .thenCounts([9])
    given(events)
      .when({ ...q, placeId: 'centrum' })
      .thenCounts([0])
  })

  it('applies corrections and drops retracted reports, as known at knownAt', () => {
    const events = [
      reportSubmitted(
        'r1',
        'police',
        [{ id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-01-10', count: 4 }],
        at('2021-01-11T10:00:00Z'),
      ),
      reportSubmitted(
        'r2',
        'school',
        [{ id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-02-10' }],
        at('2021-02-11T10:00:00Z'),
      ),
      // The count was wrong and the date was in February.
      observationCorrected(
        'r1',
        { id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-02-01', count: 2 },
        at('2021-03-01T10:00:00Z'),
      ),
      reportRetracted('r2', at('2021-03-02T10:00:00Z')),
    ]
    const q = { placeId: 'resecentrum', from: '2021-01-01', to: '2021-02-28', bucket: 'month' }
    given(events)
      .when({ ...q, bucket: 'month' })
      .thenCounts([0, 2])
    given(events)
      .when({ ...q, bucket: 'month', knownAt: '2021-02-20T00:00:00Z' })
      .thenCounts([4, 1])
    given(events)
      .when({ ...q, bucket: 'month', knownAt: '2021-03-01T12:00:00Z' })
      .thenCounts([0, 3])
    given(events)
      .when({ ...q, bucket: 'month', knownAt: '2021-01-01T00:00:00Z' })
      .thenCounts([0, 0])
  })

  it('a late report counts in the bucket it happened in, once it is known', () => {
    const events = [
      reportSubmitted(
        'r1',
        'housing',
        [{ id: 'a', place: 'gastisparken', category: 'littering', on: '2021-01-05', count: 7 }],
        at('2021-06-01T10:00:00Z'),
      ),
    ]
    const q = { area: 'centrum', from: '2021-01-01', to: '2021-06-30', bucket: 'quarter' } as const
    given(events).when(q).thenCounts([7, 0])
    given(events)
      .when({ ...q, knownAt: '2021-05-31T00:00:00Z' })
      .thenCounts([0, 0])
  })

  it('breaks down by the requested categories, zeros included, ignoring the others', () => {
    given([
      reportSubmitted(
        'r1',
        'police',
        [
          { id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-01-10', count: 2 },
          { id: 'b', place: 'resecentrum', category: 'assault', on: '2021-04-02' },
          { id: 'c', place: 'resecentrum', category: 'littering', on: '2021-04-03', count: 9 },
        ],
        at('2021-05-05T10:00:00Z'),
      ),
    ])
      .when({
        placeId: 'resecentrum',
        categories: ['vandalism', 'assault'],
        from: '2021-01-01',
        to: '2021-06-30',
        bucket: 'quarter',
      })
      .thenCounts([
        { assault: 0, vandalism: 2 },
        { assault: 1, vandalism: 0 },
      ])
  })

  it('period buckets follow the tenant cadence, across a change of cadence', () => {
    const trend = given([
      cadenceSet(14, '2021-02-01', '2021-02-01', at('2021-01-01T00:00:00Z')),
      cadenceSet(7, '2021-03-01', '2021-03-01', at('2021-01-01T00:00:00Z')),
      reportSubmitted(
        'r1',
        'police',
        [
          { id: 'a', place: 'resecentrum', category: 'vandalism', on: '2021-02-14' },
          { id: 'b', place: 'resecentrum', category: 'vandalism', on: '2021-02-15', count: 2 },
          { id: 'c', place: 'resecentrum', category: 'vandalism', on: '2021-03-07', count: 4 },
        ],
        at('2021-03-10T10:00:00Z'),
      ),
    ])
      .when({ placeId: 'resecentrum', from: '2021-02-03', to: '2021-03-08', bucket: 'period' })
      .thenCounts([1, 2, 4, 0])
    expect(trend.points.map((p) => [p.start, p.end])).toEqual([
      ['2021-02-01', '2021-02-14'],
      ['2021-02-15', '2021-02-28'],
      ['2021-03-01', '2021-03-07'],
      ['2021-03-08', '2021-03-14'],
    ])
  })

  it('refuses a query with both or neither of placeId and area, or to before from', () => {
    const state = places.reduce(evolvePlaceTrend, placeTrendInitialState())
    const base = { from: '2021-01-01', to: '2021-02-01', bucket: 'month' } as const
    expect(() => placeTrendOf(state, 'demo', base)).toThrow(RangeError)
    expect(() => placeTrendOf(state, 'demo', { ...base, placeId: 'a', area: 'b' })).toThrow(
      /exactly one/,
    )
    expect(() =>
      placeTrendOf(state, 'demo', { ...base, placeId: 'a', from: '2021-03-01' }),
    ).toThrow(/before/)
  })
})

describe('calendar buckets', () => {
  it('are whole months, quarters and years, leap days included', () => {
    expect(calendarBucket('2024-02-10', 'month')).toEqual({
      start: '2024-02-01',
      end: '2024-02-29',
    })
    expect(calendarBucket('2021-12-31', 'quarter')).toEqual({
      start: '2021-10-01',
      end: '2021-12-31',
    })
    expect(calendarBucket('2021-05-05', 'year')).toEqual({ start: '2021-01-01', end: '2021-12-31' })
    expect(bucketsBetween('2021-11-15', '2022-02-01', 'month', []).map((b) => b.start)).toEqual([
      '2021-11-01',
      '2021-12-01',
      '2022-01-01',
      '2022-02-01',
    ])
  })
})
