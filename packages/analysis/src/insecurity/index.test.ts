import { adjustPValues, normalCdf, twoProportionTest, wilsonInterval } from '@lagesbild/statistics'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../testing/random.js'
import { isUnsafe, perceivedInsecurity } from './index.js'
import type { InsecurityEstimate, InsecurityRespondent } from './types.js'

const rule = { threshold: 3, direction: 'higher-is-worse' } as const

/** `unsafe` of `n` respondents answer 4, the rest 1 or 2; ids are unique per call. */
let seq = 0
function wave(
  areaId: string,
  year: number,
  n: number,
  unsafe: number,
  extra: Partial<InsecurityRespondent> = {},
) {
  return Array.from({ length: n }, (_, i) => ({
    respondentId: `r${seq++}`,
    areaId,
    year,
    answer: i < unsafe ? 4 : 1 + (i % 2),
    ...extra,
  }))
}

const estimate = (cells: readonly unknown[], areaId: string, year: number) =>
  cells.find(
    (c) => (c as InsecurityEstimate).areaId === areaId && (c as InsecurityEstimate).year === year,
  ) as InsecurityEstimate

describe('perceivedInsecurity cells', () => {
  it('gives the unweighted share with the Wilson interval of R prop.test(correct = FALSE)', () => {
    const r = perceivedInsecurity({ respondents: wave('a', 2024, 100, 30), unsafe: rule })
    const cell = estimate(r.cells, 'a', 2024)
    expect(cell).toMatchObject({ share: 0.3, n: 100, estimation: 'unweighted', suppressed: false })
    // prop.test(30, 100, correct = FALSE)$conf.int
    expect(cell.ci?.lower).toBeCloseTo(0.2189489, 6)
    expect(cell.ci?.upper).toBeCloseTo(0.3958485, 6)
  })

  it('counts refraining from going out as unsafe and leaves out other non-answers', () => {
    const rows = [
      ...wave('a', 2024, 10, 2),
      { respondentId: 'x1', areaId: 'a', year: 2024, answer: null, refrainsFromGoingOut: true },
      { respondentId: 'x2', areaId: 'a', year: 2024, answer: null },
      { respondentId: 'x3', areaId: 'a', year: 2024, answer: 1, refrainsFromGoingOut: true },
    ]
    const cell = estimate(perceivedInsecurity({ respondents: rows, unsafe: rule }).cells, 'a', 2024)
    expect(cell.n).toBe(12)
    expect(cell.share).toBeCloseTo(4 / 12, 12)
  })

  it('orients Mann-Whitney so that a positive effect means more unsafe, on either scale', () => {
    // On a 1–5 "how safe do you feel" scale (higher is better) answers 1–2 are unsafe.
    const better = { threshold: 2, direction: 'higher-is-better' } as const
    const answers = (year: number, values: number[]) =>
      values.map((answer, i) => ({ respondentId: `${year}-${i}`, areaId: 'a', year, answer }))
    const r = perceivedInsecurity({
      respondents: [
        ...answers(2023, [5, 5, 4, 4, 3, 3, 5, 4]),
        ...answers(2024, [1, 2, 2, 3, 1, 2, 4, 1]),
      ],
      unsafe: better,
    })
    expect(estimate(r.cells, 'a', 2024).share).toBeCloseTo(6 / 8, 12)
    const y = r.yearVsYear.find((c) => c.areaId === 'a')
    expect(y?.difference).toBeCloseTo(6 / 8, 12)
    expect(y?.mannWhitney?.rankBiserial).toBeGreaterThan(0.8)
  })

  it('reads the rule in the scale direction', () => {
    expect(isUnsafe({ threshold: 2, direction: 'higher-is-better' }, 1)).toBe(true)
    expect(isUnsafe({ threshold: 2, direction: 'higher-is-better' }, 3)).toBe(false)
    expect(isUnsafe(rule, 3)).toBe(true)
    expect(isUnsafe(rule, 2)).toBe(false)
  })

  it('weights respondents, and post-stratifies when population shares exist', () => {
    const rows = [
      ...wave('a', 2024, 10, 5, { weight: 3, ageGroup: 'young' }),
      ...wave('a', 2024, 10, 0, { weight: 1, ageGroup: 'old' }),
    ]
    const weighted = estimate(
      perceivedInsecurity({ respondents: rows, unsafe: rule }).cells,
      'a',
      2024,
    )
    expect(weighted.estimation).toBe('weights')
    expect(weighted.share).toBeCloseTo(15 / 40, 12)
    expect(weighted.effectiveN).toBeCloseTo(40 ** 2 / (10 * 9 + 10), 12)
    const strat = estimate(
      perceivedInsecurity({
        respondents: rows,
        unsafe: rule,
        populationShares: { a: { 'young|': 0.2, 'old|': 0.8 } },
      }).cells,
      'a',
      2024,
    )
    expect(strat.estimation).toBe('post-stratified')
    expect(strat.share).toBeCloseTo(0.2 * 0.5 + 0.8 * 0, 12)
  })

  it('compares weighted cells by Newcombe’s method built from their own intervals', () => {
    const rows = [
      ...wave('a', 2023, 60, 12, { weight: 2 }),
      ...wave('a', 2023, 40, 4),
      ...wave('a', 2024, 60, 24, { weight: 2 }),
      ...wave('a', 2024, 40, 8),
    ]
    const r = perceivedInsecurity({ respondents: rows, unsafe: rule })
    const c23 = estimate(r.cells, 'a', 2023)
    const c24 = estimate(r.cells, 'a', 2024)
    expect(c24.estimation).toBe('weights')
    const y = r.yearVsYear.find((c) => c.areaId === 'a')
    const d = c24.share - c23.share
    const l1 = c24.ci?.lower ?? Number.NaN
    const u1 = c24.ci?.upper ?? Number.NaN
    const l2 = c23.ci?.lower ?? Number.NaN
    const u2 = c23.ci?.upper ?? Number.NaN
    expect(y?.difference).toBeCloseTo(d, 12)
    expect(y?.ci?.lower).toBeCloseTo(
      d - Math.sqrt((c24.share - l1) ** 2 + (u2 - c23.share) ** 2),
      12,
    )
    expect(y?.ci?.upper).toBeCloseTo(
      d + Math.sqrt((u1 - c24.share) ** 2 + (c23.share - l2) ** 2),
      12,
    )
    const z = d / Math.sqrt((c24.se as number) ** 2 + (c23.se as number) ** 2)
    expect(y?.pValue).toBeCloseTo(2 * (1 - normalCdf(Math.abs(z))), 10)
  })

  it('suppresses cells below minCellSize everywhere, leaking neither share nor n', () => {
    const respondents = [
      ...wave('big', 2023, 80, 20),
      ...wave('big', 2024, 80, 40),
      ...wave('tiny', 2023, 4, 4),
      ...wave('tiny', 2024, 30, 3),
    ]
    const r = perceivedInsecurity({ respondents, unsafe: rule })
    const tiny = r.cells.filter((c) => c.areaId === 'tiny')
    expect(tiny).toContainEqual({
      areaId: 'tiny',
      year: 2023,
      source: 'respondents',
      suppressed: true,
      n: null,
    })
    const tinyYears = r.yearVsYear.filter((c) => c.areaId === 'tiny')
    expect(tinyYears).toHaveLength(1)
    expect(tinyYears[0]).toMatchObject({
      suppressed: true,
      difference: null,
      ci: null,
      pValue: null,
      mannWhitney: null,
    })
    const vs = r.placeVsMunicipality.find((c) => c.areaId === 'tiny' && c.year === 2023)
    expect(vs).toMatchObject({ suppressed: true, difference: null })
    // The share of the suppressed 2023 cell is 1; it must not appear anywhere attached to it.
    expect(JSON.stringify(tiny.filter((c) => c.year === 2023))).not.toMatch(/share|"n":4/)
    const larger = perceivedInsecurity({ respondents, unsafe: rule }, { minCellSize: 50 })
    expect(larger.cells.find((c) => c.areaId === 'tiny' && c.year === 2024)?.suppressed).toBe(true)
  })
})

describe('perceivedInsecurity comparisons', () => {
  const rand = mulberry32(42)
  const areas = ['a', 'b', 'c', 'd']
  const respondents = areas.flatMap((areaId, k) =>
    [2021, 2022, 2023, 2024].flatMap((year, y) =>
      // area a gets steadily worse; the others hover around 20 %
      wave(
        areaId,
        year,
        300,
        Math.round(
          300 * (areaId === 'a' ? 0.15 + 0.12 * y : 0.2 + 0.02 * (rand() - 0.5) + 0.005 * k),
        ),
      ),
    ),
  )
  const r = perceivedInsecurity({ respondents, unsafe: rule })

  it('compares year with year by Newcombe CI, attaches the MDE and BH q-values per year pair', () => {
    const a = r.yearVsYear.find((c) => c.areaId === 'a' && c.year === 2024)
    expect(a?.against).toEqual({ areaId: 'a', year: 2023 })
    expect(a?.difference).toBeCloseTo(0.12, 2)
    // unweighted cells: exactly the two-sample test (Newcombe method 10) on the counts
    expect(a?.ci).toEqual(twoProportionTest(153, 300, 117, 300).ci)
    expect(a?.minimumDetectableEffect?.up).toBeGreaterThan(0.05)
    expect(a?.minimumDetectableEffect?.up).toBeLessThan(0.15)
    const family = r.yearVsYear.filter((c) => c.against.year === 2023 && c.year === 2024)
    expect(family).toHaveLength(5) // four areas and the municipality
    const q = adjustPValues(
      family.map((c) => c.pValue as number),
      'BH',
    )
    expect(family.map((c) => c.qValue)).toEqual(q)
    expect(a?.mannWhitney?.pValue).toBeLessThan(0.05)
    expect(a?.mannWhitney?.rankBiserial).toBeGreaterThan(0)
    // small wobbles in the other areas are flagged as below the detectable effect
    const b = r.yearVsYear.find((c) => c.areaId === 'b' && c.year === 2024)
    expect(b?.belowMinimumDetectableEffect).toBe(true)
    expect(b?.warnings.map((w) => w.code)).toContain('below-minimum-detectable-effect')
  })

  it('compares each place with the rest of the municipality in the same year', () => {
    const a = r.placeVsMunicipality.find((c) => c.areaId === 'a' && c.year === 2024)
    const unsafe = (area: (id: string) => boolean) =>
      respondents.filter((x) => x.year === 2024 && area(x.areaId) && (x.answer ?? 0) >= 3).length
    const restX = unsafe((id) => id !== 'a')
    expect(a?.against.areaId).toBe('rest of municipality')
    expect(a?.ci).toEqual(
      twoProportionTest(
        unsafe((id) => id === 'a'),
        300,
        restX,
        900,
      ).ci,
    )
    expect(a?.ci?.lower).toBeGreaterThan(0)
    expect(r.cells.find((c) => c.areaId === 'municipality' && c.year === 2024)?.n).toBe(1200)
    const municipality = r.yearVsYear.find((c) => c.areaId === 'municipality' && c.year === 2024)
    expect(municipality?.against).toEqual({ areaId: 'municipality', year: 2023 })
    expect(r.trends.find((t) => t.areaId === 'municipality')?.years).toEqual([
      2021, 2022, 2023, 2024,
    ])
  })

  it('finds the rising trend, and none where shares hover', () => {
    const a = r.trends.find((t) => t.areaId === 'a')
    expect(a).toMatchObject({ direction: 1, years: [2021, 2022, 2023, 2024] })
    expect(a?.qValue).toBeLessThan(0.001)
    const b = r.trends.find((t) => t.areaId === 'b')
    expect(b?.pValue).toBeGreaterThan(0.05)
  })
})

describe('perceivedInsecurity on published aggregates', () => {
  const published = [
    { areaId: 'municipality', year: 2023, estimate: 0.2, ciLower: 0.18, ciUpper: 0.22, n: 2000 },
    { areaId: 'centrum', year: 2022, estimate: 0.3, ciLower: 0.25, ciUpper: 0.35, n: 320 },
    { areaId: 'centrum', year: 2023, estimate: 0.4, ciLower: 0.35, ciUpper: 0.45, n: 340 },
    { areaId: 'hamnen', year: 2023, estimate: 0.5, ciLower: 0.1, ciUpper: 0.9, n: 3 },
    { areaId: 'norr', year: 2023, estimate: 0.25, ciLower: 0.2, ciUpper: 0.3, n: null },
  ]
  const r = perceivedInsecurity({ published, unsafe: rule })

  it('uses published figures as published and suppresses small ones', () => {
    expect(estimate(r.cells, 'centrum', 2023)).toMatchObject({
      share: 0.4,
      ci: { lower: 0.35, upper: 0.45, level: 0.95 },
      n: 340,
      estimation: 'published',
    })
    expect(r.cells).toContainEqual({
      areaId: 'hamnen',
      year: 2023,
      source: 'published',
      suppressed: true,
      n: null,
    })
    expect(estimate(r.cells, 'norr', 2023).warnings.map((w) => w.code)).toEqual(['unknown-n'])
  })

  it('compares with the municipality and year with year from the published intervals', () => {
    const c = r.placeVsMunicipality.find((x) => x.areaId === 'centrum')
    expect(c?.difference).toBeCloseTo(0.2, 12)
    // Newcombe from intervals: 0.2 − √(0.05² + 0.02²), 0.2 + √(0.05² + 0.02²)
    expect(c?.ci?.lower).toBeCloseTo(0.2 - Math.sqrt(0.05 ** 2 + 0.02 ** 2), 12)
    expect(c?.ci?.upper).toBeCloseTo(0.2 + Math.sqrt(0.05 ** 2 + 0.02 ** 2), 12)
    expect(r.placeVsMunicipality.find((x) => x.areaId === 'hamnen')?.suppressed).toBe(true)
    const y = r.yearVsYear.find((x) => x.areaId === 'centrum')
    expect(y?.difference).toBeCloseTo(0.1, 12)
    expect(y?.pValue).toBeLessThan(0.05)
    expect(y?.mannWhitney).toBeNull()
  })

  it('agrees with the Wilson interval it would have computed itself', () => {
    const w = wilsonInterval(96, 320)
    const own = perceivedInsecurity({
      published: [
        {
          areaId: 'x',
          year: 2024,
          estimate: w.estimate,
          ciLower: w.ci.lower,
          ciUpper: w.ci.upper,
          n: 320,
        },
      ],
      unsafe: rule,
    })
    expect(estimate(own.cells, 'x', 2024).effectiveN).toBeGreaterThan(300)
    expect(estimate(own.cells, 'x', 2024).effectiveN).toBeLessThan(340)
  })
})
