import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  addYears,
  cadenceHistory,
  dayNumber,
  nextPeriod,
  periodContaining,
  periodsBefore,
  periodsBetween,
} from './index.js'

// Mjölby's shape: every other week in 2021, weekly from 2022.
const mjolby = cadenceHistory([
  { intervalDays: 14, anchorDate: '2021-02-01', effectiveFrom: '2021-02-01' },
  { intervalDays: 7, anchorDate: '2022-01-03', effectiveFrom: '2022-01-03' },
])

describe('periodContaining', () => {
  it('counts whole intervals from the anchor', () => {
    expect(periodContaining('2021-03-15', mjolby)).toEqual({
      start: '2021-03-15',
      end: '2021-03-28',
    })
    expect(periodContaining('2021-03-14', mjolby)).toEqual({
      start: '2021-03-01',
      end: '2021-03-14',
    })
  })

  it('clips the period that straddles a change of cadence', () => {
    // 2021-12-20 + 14 days would run to 2022-01-02, exactly the day before weekly starts.
    expect(periodContaining('2022-01-02', mjolby)).toEqual({
      start: '2021-12-20',
      end: '2022-01-02',
    })
    expect(periodContaining('2022-01-05', mjolby)).toEqual({
      start: '2022-01-03',
      end: '2022-01-09',
    })
    const odd = cadenceHistory([
      { intervalDays: 14, anchorDate: '2021-02-01', effectiveFrom: '2021-02-01' },
      { intervalDays: 7, anchorDate: '2021-03-03', effectiveFrom: '2021-03-10' },
    ])
    expect(periodContaining('2021-03-09', odd)).toEqual({ start: '2021-03-01', end: '2021-03-09' })
    expect(periodContaining('2021-03-10', odd)).toEqual({ start: '2021-03-10', end: '2021-03-16' })
  })

  it('extends the first setting backwards for history before the routine started', () => {
    expect(periodContaining('2021-01-20', mjolby)).toEqual({
      start: '2021-01-18',
      end: '2021-01-31',
    })
  })

  it('falls back to ISO weeks without any setting', () => {
    expect(periodContaining('2024-05-01', cadenceHistory([]))).toEqual({
      start: '2024-04-29',
      end: '2024-05-05',
    })
  })

  it('lets the last recorded setting win for the same effective date', () => {
    const h = cadenceHistory([
      { intervalDays: 14, anchorDate: '2021-02-01', effectiveFrom: '2021-02-01' },
      { intervalDays: 7, anchorDate: '2021-02-01', effectiveFrom: '2021-02-01' },
    ])
    expect(periodContaining('2021-02-10', h)).toEqual({ start: '2021-02-08', end: '2021-02-14' })
  })

  it('tiles the calendar without gaps or overlaps for any cadence history', () => {
    const setting = fc.record({
      intervalDays: fc.constantFrom(7, 14),
      anchor: fc.integer({ min: 0, max: 2000 }),
      from: fc.integer({ min: 0, max: 2000 }),
    })
    fc.assert(
      fc.property(
        fc.array(setting, { maxLength: 4 }),
        fc.integer({ min: -50, max: 2100 }),
        (ss, d) => {
          const h = cadenceHistory(
            ss.map((s) => ({
              intervalDays: s.intervalDays,
              anchorDate: addDays('2020-01-01', s.anchor),
              effectiveFrom: addDays('2020-01-01', s.from),
            })),
          )
          const date = addDays('2020-01-01', d)
          const p = periodContaining(date, h)
          expect(p.start <= date && date <= p.end).toBe(true)
          const len = dayNumber(p.end) - dayNumber(p.start) + 1
          expect(len).toBeGreaterThan(0)
          expect(len).toBeLessThanOrEqual(14)
          // Every day of the period maps to the same period, and the next one starts right after.
          expect(periodContaining(p.start, h)).toEqual(p)
          expect(periodContaining(p.end, h)).toEqual(p)
          expect(nextPeriod(p, h).start).toBe(addDays(p.end, 1))
        },
      ),
    )
  })
})

describe('period walking', () => {
  it('lists the baseline periods most recent first', () => {
    const p = periodContaining('2022-01-05', mjolby)
    const base = periodsBefore(p, mjolby, 3)
    expect(base.map((x) => x.start)).toEqual(['2021-12-20', '2021-12-06', '2021-11-22'])
  })

  it('lists every period overlapping a range', () => {
    expect(periodsBetween('2021-12-25', '2022-01-12', mjolby).map((x) => x.start)).toEqual([
      '2021-12-20',
      '2022-01-03',
      '2022-01-10',
    ])
    expect(() => periodsBetween('2022-01-02', '2022-01-01', mjolby)).toThrow(RangeError)
  })

  it('moves to the same day a year back, 29 February to 28 February', () => {
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28')
    expect(addYears('2021-03-15', -1)).toBe('2020-03-15')
  })
})
