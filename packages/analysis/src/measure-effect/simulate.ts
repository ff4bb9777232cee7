import { gamma, mulberry32, periodStarts, poisson } from '../testing/random.js'

export interface Scenario {
  readonly seed: number
  /** Multiplier on the treated places' rate after the start (0.67 = a 33 % cut). */
  readonly effect?: number
  /** Extra multiplier on the treated rate in the 3 periods just before the start. */
  readonly preSpike?: number
  /** Multiplier on the buffer places' rate after the start. */
  readonly bufferEffect?: number
  /** Multiplier on every place's rate after the start: a shock the measure did not cause. */
  readonly commonShift?: number
  /** Scales every base rate (default 1: 4–12 per period). */
  readonly baseScale?: number
  /**
   * Negative binomial size k: each place-period rate is multiplied by Gamma(k)/k, so
   * Var = μ + μ²/k, as report counts are. Absent: Poisson.
   */
  readonly overdispersion?: number
  readonly treatedPlaces?: number
  readonly otherPlaces?: number
}

/**
 * 60 fortnightly periods; the measure starts in period 30. Places have their own base rate
 * (4–12 per period), a shared seasonal wave and a shared drift, so controls matter.
 */
export function simulate(s: Scenario) {
  const rand = mulberry32(s.seed)
  const n = 60
  const startIndex = 30
  const periods = periodStarts('2024-01-01', n, 14)
  const common = periods.map(
    (_, i) => (1 + 0.25 * Math.sin((2 * Math.PI * i) / 26)) * (1 + 0.004 * i),
  )
  const counts: Record<string, number[]> = {}
  const treated = Array.from({ length: s.treatedPlaces ?? 3 }, (_, k) => `t${k}`)
  const buffers = ['b0', 'b1']
  const others = Array.from({ length: s.otherPlaces ?? 15 }, (_, k) => `c${k}`)
  for (const place of [...treated, ...buffers, ...others]) {
    const base = (4 + 8 * rand()) * (s.baseScale ?? 1)
    counts[place] = periods.map((_, i) => {
      let mu = base * (common[i] as number)
      if (place.startsWith('t') && i > startIndex) mu *= s.effect ?? 1
      if (place.startsWith('t') && i >= startIndex - 3 && i < startIndex) mu *= s.preSpike ?? 1
      if (place.startsWith('b') && i > startIndex) mu *= s.bufferEffect ?? 1
      if (i > startIndex) mu *= s.commonShift ?? 1
      if (s.overdispersion !== undefined) mu *= gamma(rand, s.overdispersion) / s.overdispersion
      return poisson(rand, mu)
    })
  }
  return {
    periods,
    counts,
    measure: {
      id: 'm1',
      placeIds: treated,
      targetCategories: ['skadegorelse'],
      startedOn: periods[startIndex] as string,
      bufferPlaceIds: buffers,
    },
  }
}
