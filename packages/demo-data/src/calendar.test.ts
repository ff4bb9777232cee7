import { describe, expect, it } from 'vitest'
import {
  dayOf,
  isoOf,
  isoWeek,
  isSchoolTerm,
  isSummerTime,
  localInstant,
  mondayOnOrAfter,
  weekdayOf,
} from './calendar.js'

describe('calendar', () => {
  it('round-trips dates and knows weekdays', () => {
    expect(isoOf(dayOf('2024-02-29'))).toBe('2024-02-29')
    expect(weekdayOf(dayOf('2021-02-01'))).toBe(0)
    expect(weekdayOf(dayOf('2025-12-28'))).toBe(6)
    expect(isoOf(mondayOnOrAfter(dayOf('2019-01-01')))).toBe('2019-01-07')
    expect(() => dayOf('2019-13-01')).toThrow(/YYYY-MM-DD/)
  })

  // Summer time 2024 ran from 31 March to 27 October.
  it('stamps Swedish offsets on both sides of the switches', () => {
    expect(isSummerTime(dayOf('2024-03-30'))).toBe(false)
    expect(isSummerTime(dayOf('2024-03-31'))).toBe(true)
    expect(isSummerTime(dayOf('2024-10-26'))).toBe(true)
    expect(isSummerTime(dayOf('2024-10-27'))).toBe(false)
    const t = localInstant(dayOf('2024-07-01'), 9 * 3600 + 5)
    expect(t.iso).toBe('2024-07-01T09:00:05+02:00')
    expect(t.ms).toBe(Date.parse(t.iso))
    const w = localInstant(dayOf('2024-01-15'), 16 * 3600)
    expect(w.iso).toBe('2024-01-15T16:00:00+01:00')
    expect(w.ms).toBe(Date.parse(w.iso))
  })

  it('counts ISO weeks and school terms', () => {
    expect(isoWeek(dayOf('2021-01-04'))).toBe(1)
    expect(isoWeek(dayOf('2020-12-31'))).toBe(53)
    expect(isSchoolTerm(dayOf('2023-03-01'))).toBe(true)
    expect(isSchoolTerm(dayOf('2023-07-10'))).toBe(false)
    expect(isSchoolTerm(dayOf('2023-11-01'))).toBe(false) // autumn break, week 44
    expect(isSchoolTerm(dayOf('2023-12-27'))).toBe(false)
  })
})
