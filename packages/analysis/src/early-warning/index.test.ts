import { poissonDistCdf } from '@lagesbild/statistics'
import { describe, expect, it } from 'vitest'
import { mulberry32, periodStarts, poisson } from '../testing/random.js'
import { earlyWarning } from './index.js'

const P = 26
const periods = periodStarts('2023-01-02', 3 * P + 1, 14)

/** 30 places × 4 categories with a yearly wave and a slow rise; `boost` multiplies chosen current cells. */
function screen(seed: number, boost: Record<string, number> = {}) {
  const rand = mulberry32(seed)
  const cells = []
  for (let p = 0; p < 30; p++) {
    for (const category of ['klotter', 'skadegorelse', 'nedskrapning', 'hot']) {
      const base = 1 + 6 * rand()
      const key = `p${p}/${category}`
      cells.push({
        placeId: `p${p}`,
        category,
        counts: periods.map((_, t) => {
          const mu = base * (1 + 0.5 * Math.sin((2 * Math.PI * t) / P)) * (1 + 0.003 * t)
          return poisson(rand, t === periods.length - 1 ? mu * (boost[key] ?? 1) : mu)
        }),
      })
    }
  }
  return { periods, cells }
}

describe('earlyWarning', () => {
  it('puts a planted fourfold count at the top of the alerts', () => {
    let found = 0
    for (let seed = 1; seed <= 20; seed++) {
      const r = earlyWarning(screen(seed, { 'p3/klotter': 4 }), { periodsPerYear: P })
      if (r.alerts[0]?.placeId === 'p3' && r.alerts[0]?.category === 'klotter') found++
    }
    // 75–79 of 100 seeds on a longer run (docs/analysis.md)
    expect(found).toBeGreaterThanOrEqual(14)
  })

  it('raises an alert in few seeds when nothing changed (BH across cells)', () => {
    let seedsWithAlerts = 0
    for (let seed = 101; seed <= 140; seed++) {
      if (earlyWarning(screen(seed), { periodsPerYear: P }).alerts.length > 0) seedsWithAlerts++
    }
    // Under the complete null BH bounds the chance of any alert by the FDR (5 %); allow noise.
    expect(seedsWithAlerts).toBeLessThanOrEqual(5)
  })

  it('follows the season: a summer-high count in summer is expected', () => {
    const counts = periods.map((_, t) =>
      Math.round(10 * Math.exp(0.5 * Math.sin((2 * Math.PI * t) / P))),
    )
    const r = earlyWarning(
      { periods, cells: [{ placeId: 'x', category: 'c', counts }], currentIndex: 78 - 26 + 6 },
      { periodsPerYear: P, historyPeriods: 52 },
    )
    const s = r.tested[0]
    expect(s?.model).toBe('trend-season')
    // The peak is well above the yearly mean (≈ 10.6), and the seasonal fit expects it.
    expect(s?.observed).toBeGreaterThanOrEqual(15)
    expect(Math.abs((s?.expected ?? 0) / (s?.observed ?? 1) - 1)).toBeLessThan(0.05)
    expect(s?.pValue).toBeGreaterThan(0.2)
  })

  /** Negative binomial P(X ≥ x) by summing the pmf, independently of the incomplete beta. */
  const nbUpper = (x: number, mean: number, size: number) => {
    const p = size / (size + mean)
    let pmf = p ** size
    let below = 0
    for (let k = 0; k < x; k++) {
      below += pmf
      pmf *= ((k + size) / (k + 1)) * (1 - p)
    }
    return 1 - below
  }

  it('mixes the Poisson tail over the uncertainty of the expectation, and reports BH q-values', () => {
    const flat = (n: number, last: number) => [...Array.from({ length: n - 1 }, () => 4), last]
    const p5 = periodStarts('2024-01-01', 5, 7)
    const r = earlyWarning(
      {
        periods: p5,
        cells: [
          { placeId: 'a', category: 'c', counts: flat(5, 10) },
          { placeId: 'b', category: 'c', counts: flat(5, 4) },
          { placeId: 'c', category: 'c', counts: flat(5, 1) },
        ],
      },
      { periodsPerYear: 52 },
    )
    expect(r.untested).toBe(1)
    const a = r.tested.find((s) => s.placeId === 'a')
    // history 4, 4, 4, 4: mean 4, se(log mean) = 1/√16, so μ ~ Gamma(shape 16)
    expect(a).toMatchObject({ observed: 10, expected: 4, model: 'mean', expectedLogSe: 0.25 })
    expect(a?.pValue).toBeCloseTo(nbUpper(10, 4, 16), 12)
    // wider than the plain Poisson tail, which ignores that 4 is itself an estimate
    expect(a?.pValue).toBeGreaterThan(1 - poissonDistCdf(9, 4))
    const b = r.tested.find((s) => s.placeId === 'b')
    expect(b?.pValue).toBeCloseTo(nbUpper(4, 4, 16), 12)
    expect(a?.qValue).toBeCloseTo(2 * (a?.pValue ?? 0), 12)
    expect(r.alerts.map((s) => s.placeId)).toEqual(['a'])
  })

  it('widens the tail by the history’s overdispersion unless told not to', () => {
    const p = periodStarts('2024-01-01', 6, 7)
    const cells = [
      { placeId: 'steady', category: 'c', counts: [5, 5, 5, 5, 5, 14] },
      { placeId: 'bursty', category: 'c', counts: [0, 10, 0, 10, 5, 14] },
    ]
    const r = earlyWarning({ periods: p, cells })
    const steady = r.tested.find((s) => s.placeId === 'steady')
    const bursty = r.tested.find((s) => s.placeId === 'bursty')
    expect(bursty?.dispersion).toBeCloseTo(25 / 5, 12) // variance 25, mean 5
    expect(bursty?.pValue).toBeGreaterThan(10 * (steady?.pValue ?? 1))
    // the same variance as a negative binomial: 1/size = (φ − 1)/μ + se², se² = φ/total
    expect(bursty?.pValue).toBeCloseTo(nbUpper(14, 5, 1 / (4 / 5 + 5 / 25)), 12)
    const plain = earlyWarning({ periods: p, cells }, { overdispersion: false })
    expect(plain.tested.find((s) => s.placeId === 'bursty')?.pValue).toBeCloseTo(
      steady?.pValue ?? 0,
      12,
    )
  })

  it('lets a first appearance alert and rejects a current period without history', () => {
    const p3 = periodStarts('2024-01-01', 30, 7)
    const counts = [...Array.from({ length: 29 }, () => 0), 5]
    const r = earlyWarning({ periods: p3, cells: [{ placeId: 'n', category: 'c', counts }] })
    expect(r.alerts[0]).toMatchObject({ model: 'no-history', observed: 5, expected: 0.5 / 29 })
    // no estimate to be uncertain about: the plain Poisson tail
    expect(r.alerts[0]?.pValue).toBeCloseTo(1 - poissonDistCdf(4, 0.5 / 29), 15)
    expect(() => earlyWarning({ periods: p3, cells: [], currentIndex: 0 })).toThrow(/history/)
    expect(() =>
      earlyWarning({ periods: p3, cells: [{ placeId: 'n', category: 'c', counts: [1, 2] }] }),
    ).toThrow(/2 counts; there are 30 periods/)
  })
})
