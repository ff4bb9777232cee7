import { describe, expect, it } from 'vitest'
import { perceivedInsecurity } from '../insecurity/index.js'
import { periodStarts } from '../testing/random.js'
import { reportsVsSurveys } from './index.js'

const periods = periodStarts('2023-01-02', 52, 14) // 2023 and 2024, 26 periods each
const perPeriod = (n2023: number, n2024: number) => periods.map((p) => (p < '2024' ? n2023 : n2024))

const respondents = (areaId: string, year: number, n: number, unsafe: number) =>
  Array.from({ length: n }, (_, i) => ({
    respondentId: `${areaId}-${year}-${i}`,
    areaId,
    year,
    answer: i < unsafe ? 4 : 1,
  }))

describe('reportsVsSurveys', () => {
  const insecurity = perceivedInsecurity({
    respondents: [
      ...respondents('busy', 2024, 100, 10),
      ...respondents('quiet', 2024, 100, 60),
      ...respondents('mid', 2024, 100, 30),
      ...respondents('matched', 2024, 100, 40),
      ...respondents('tiny', 2024, 3, 3),
    ],
    unsafe: { threshold: 3, direction: 'higher-is-worse' },
  }).cells
  const r = reportsVsSurveys({
    periods,
    counts: {
      busy: perPeriod(1, 20),
      quiet: perPeriod(1, 1),
      mid: perPeriod(1, 5),
      matched: perPeriod(1, 12),
      tiny: perPeriod(1, 9),
      unsurveyed: perPeriod(1, 50),
    },
    insecurity,
  })

  it('sums the reports over the survey year beside the share', () => {
    const busy = r.rows.find((x) => x.placeId === 'busy')
    expect(busy).toMatchObject({ year: 2024, reports: 520, periods: 26, reportsPerPeriod: 20 })
    expect(busy?.insecurity?.share).toBeCloseTo(0.1, 12)
    expect(r.rows.some((x) => x.placeId === 'unsurveyed')).toBe(false)
  })

  it('flags places where perceived insecurity and reports diverge', () => {
    const pattern = Object.fromEntries(r.rows.map((x) => [x.placeId, x.pattern]))
    expect(pattern).toMatchObject({
      busy: 'many-reports-but-secure',
      quiet: 'insecure-but-few-reports',
      matched: 'consistent',
    })
    expect(r.rows[0]?.placeId).toMatch(/busy|quiet/)
  })

  it('keeps suppressed cells suppressed and out of the ranking', () => {
    const tiny = r.rows.find((x) => x.placeId === 'tiny')
    expect(tiny).toMatchObject({
      suppressed: true,
      insecurity: null,
      divergence: null,
      pattern: null,
    })
    expect(r.years).toEqual([{ year: 2024, places: 4, spearman: expect.any(Number) }])
    // report ranks busy 3, matched 2, mid 1, quiet 0; share ranks busy 0, mid 1, matched 2,
    // quiet 3: Σd² = 18, ρ = 1 − 6·18/(4·15) = −0.8
    expect(r.years[0]?.spearman).toBeCloseTo(-0.8, 12)
  })
})
