/**
 * Sample size, power and minimum detectable effect for comparing two proportions.
 *
 * Same normal approximation as R's power.prop.test, with a design effect so survey designs
 * (weighting, clustering) can be planned: the test is assumed to behave like simple random
 * samples of n/designEffect per group.
 */
import { normalCdf, normalQuantile, normalSf } from '../distributions.js'
import { assertInput, type StatWarning } from '../result.js'

export type PowerAlternative = 'two.sided' | 'one.sided'

export interface PowerTwoProportionsInput {
  readonly p1: number
  readonly p2: number
  /** Sample size per group (after the design effect; may be fractional). Give n or power. */
  readonly n?: number
  /** Target power. Give n or power. */
  readonly power?: number
  /** Default 0.05. */
  readonly sigLevel?: number
  /** Default 'two.sided'. As in R, 'one.sided' ignores the sign of p2 − p1. */
  readonly alternative?: PowerAlternative
  /** Variance inflation of the design; n/designEffect is the SRS-equivalent size. Default 1. */
  readonly designEffect?: number
  /** Include the far rejection tail in two-sided power, as R's `strict = TRUE`. Default false. */
  readonly strict?: boolean
}

export interface PowerTwoProportionsResult {
  readonly p1: number
  readonly p2: number
  /** Per-group sample size including the design effect (not rounded; round up to plan). */
  readonly n: number
  /** n / designEffect: the simple-random-sample size per group the power formula uses. */
  readonly effectiveN: number
  readonly power: number
  readonly sigLevel: number
  readonly alternative: PowerAlternative
  readonly designEffect: number
  readonly strict: boolean
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

function assertOpenProbability(value: number, name: string): void {
  assertInput(
    Number.isFinite(value) && value > 0 && value < 1,
    'invalid-probability',
    `${name} must be strictly between 0 and 1, got ${value}`,
  )
}

interface Setting {
  readonly sigLevel: number
  readonly alternative: PowerAlternative
  readonly strict: boolean
}

/** Power for an SRS-equivalent per-group size, R's p.body. */
function powerAt(p1: number, p2: number, nEff: number, s: Setting): number {
  const tside = s.alternative === 'two.sided' ? 2 : 1
  const qu = normalQuantile(1 - s.sigLevel / tside)
  const d = Math.abs(p1 - p2)
  const pBar = (p1 + p2) / 2
  const nullSd = Math.sqrt(2 * pBar * (1 - pBar))
  const altSd = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
  const near = normalCdf((Math.sqrt(nEff) * d - qu * nullSd) / altSd)
  if (!(s.strict && tside === 2)) return near
  return near + normalSf((Math.sqrt(nEff) * d + qu * nullSd) / altSd)
}

/** Bisection to full double precision on a function that changes sign once in [lo, hi]. */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  let a = lo
  let b = hi
  let fa = f(a)
  for (let i = 0; i < 200; i++) {
    const mid = (a + b) / 2
    if (mid === a || mid === b) break
    const fm = f(mid)
    if (fm === 0) return mid
    if (fm < 0 === fa < 0) {
      a = mid
      fa = fm
    } else {
      b = mid
    }
  }
  return (a + b) / 2
}

function settingFrom(input: {
  sigLevel?: number
  alternative?: PowerAlternative
  strict?: boolean
  designEffect?: number
}) {
  const sigLevel = input.sigLevel ?? 0.05
  const alternative = input.alternative ?? 'two.sided'
  const designEffect = input.designEffect ?? 1
  assertOpenProbability(sigLevel, 'sigLevel')
  assertInput(
    alternative === 'two.sided' || alternative === 'one.sided',
    'invalid-option',
    `alternative must be 'two.sided' or 'one.sided', got ${String(alternative)}`,
  )
  assertInput(
    Number.isFinite(designEffect) && designEffect > 0,
    'invalid-option',
    `designEffect must be a positive number, got ${designEffect}`,
  )
  return { sigLevel, alternative, strict: input.strict ?? false, designEffect }
}

/**
 * Power of, or per-group sample size for, a two-sample comparison of proportions, as R's
 * `power.prop.test` (normal approximation, pooled variance under H0):
 * power = Φ((√n′·|p1−p2| − z_{1−α/t}·√(2p̄q̄)) / √(p1q1 + p2q2)), p̄ = (p1+p2)/2, t = 2 for
 * two-sided, n′ = n/designEffect. With `strict`, the far tail Φ̄((√n′|p1−p2| + z·√(2p̄q̄))/…) is added.
 * Give exactly one of `n` and `power`; the other is solved. The non-strict n has the closed form
 * n′ = ((z_{1−α/t}√(2p̄q̄) + z_power√(p1q1+p2q2))/|p1−p2|)²; the strict one is solved by bisection
 * to machine precision (R's uniroot stops at tol = 1.2e-4, so R's printed n can differ in the
 * 6th digit unless `tol` is tightened).
 *
 * @param input - p1, p2 (strictly inside (0, 1), different), n or power, sigLevel, alternative,
 *   designEffect, strict.
 * @returns Both n and power, the design effect, and the SRS-equivalent size.
 * @throws {StatisticsInputError} Unless exactly one of n/power is given, or for probabilities
 *   outside (0, 1), p1 = p2, n ≤ 0, a non-positive design effect, or a power not above what n → 0
 *   already gives.
 * @example
 * powerTwoProportions({ p1: 0.5, p2: 0.75, n: 50 }).power // 0.7401659 (?power.prop.test)
 * powerTwoProportions({ p1: 0.5, p2: 0.75, power: 0.9 }).n // 76.70693 (R 4.2.2)
 */
export function powerTwoProportions(input: PowerTwoProportionsInput): PowerTwoProportionsResult {
  const { p1, p2 } = input
  assertOpenProbability(p1, 'p1')
  assertOpenProbability(p2, 'p2')
  assertInput(
    p1 !== p2,
    'invalid-input',
    'p1 and p2 are equal: no sample size detects no difference',
  )
  const s = settingFrom(input)
  assertInput(
    (input.n === undefined) !== (input.power === undefined),
    'invalid-input',
    'give exactly one of n and power; the other is solved',
  )
  const tside = s.alternative === 'two.sided' ? 2 : 1
  let nEff: number
  let power: number
  if (input.n !== undefined) {
    assertInput(
      Number.isFinite(input.n) && input.n > 0,
      'invalid-input',
      `n must be a positive number, got ${input.n}`,
    )
    nEff = input.n / s.designEffect
    power = powerAt(p1, p2, nEff, s)
  } else {
    power = input.power as number
    assertOpenProbability(power, 'power')
    const floor = powerAt(p1, p2, 0, s)
    assertInput(
      power > floor,
      'invalid-input',
      `power ${power} is not above ${floor}, the power at n = 0; no sample size solves it`,
    )
    const d = Math.abs(p1 - p2)
    const pBar = (p1 + p2) / 2
    const closed =
      ((normalQuantile(1 - s.sigLevel / tside) * Math.sqrt(2 * pBar * (1 - pBar)) +
        normalQuantile(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) /
        d) **
      2
    // Strict power ≥ non-strict power at every n, so the closed form bounds the strict root.
    nEff =
      s.strict && tside === 2
        ? bisect((m) => powerAt(p1, p2, m, s) - power, 0, Math.max(closed, 1e-12))
        : closed
  }
  return {
    p1,
    p2,
    n: nEff * s.designEffect,
    effectiveN: nEff,
    power,
    sigLevel: s.sigLevel,
    alternative: s.alternative,
    designEffect: s.designEffect,
    strict: s.strict,
    method: `Two-sample comparison of proportions power calculation (normal approximation as R power.prop.test${s.strict ? ', strict = TRUE' : ''}); n per group, design effect ${s.designEffect}`,
    warnings: [],
  }
}

export interface MinimumDetectableEffectInput {
  /** Baseline proportion, strictly inside (0, 1). */
  readonly p1: number
  /** Per-group sample size including the design effect. */
  readonly n: number
  /** Default 0.8. */
  readonly power?: number
  /** Default 0.05. */
  readonly sigLevel?: number
  /** Default 'two.sided'. */
  readonly alternative?: PowerAlternative
  /** Default 1. */
  readonly designEffect?: number
  /** As in {@link powerTwoProportions}; default false. */
  readonly strict?: boolean
}

/** One direction of a minimum detectable effect. */
export interface DetectableChange {
  /** The alternative proportion reached. */
  readonly p2: number
  /** p2 − p1 (positive upward, negative downward). */
  readonly difference: number
}

export interface MinimumDetectableEffectResult {
  readonly p1: number
  readonly n: number
  readonly effectiveN: number
  readonly power: number
  readonly sigLevel: number
  readonly alternative: PowerAlternative
  readonly designEffect: number
  /** Smallest p2 > p1 reaching the power; null when even p2 → 1 does not. */
  readonly upward: DetectableChange | null
  /** Largest p2 < p1 reaching the power; null when even p2 → 0 does not. */
  readonly downward: DetectableChange | null
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

function searchDirection(
  p1: number,
  end: 0 | 1,
  target: (p2: number) => number,
): DetectableChange | null {
  // Power is not guaranteed monotone in p2 near the ends (the alternative variance shrinks), so a
  // grid finds the first crossing before bisection refines it; the MDE is the nearest crossing.
  const steps = 2000
  let previous = p1
  for (let i = 1; i <= steps; i++) {
    const p2 = p1 + ((end - p1) * i) / steps
    if (target(p2) >= 0) {
      const root = bisect(target, previous, p2)
      return { p2: root, difference: root - p1 }
    }
    previous = p2
  }
  return null
}

/**
 * Minimum detectable effect: the smallest change from p1, upward and downward, that a two-group
 * comparison with n per group detects with the given power, under the same approximation as
 * {@link powerTwoProportions} (R's power.prop.test solved for p2). Solved numerically: a grid of
 * 2000 steps towards 1 (and towards 0) locates the first crossing, then bisection refines it to
 * machine precision. The two directions differ because the binomial variance depends on p.
 *
 * @param input - p1, n per group, power (0.8), sigLevel (0.05), alternative, designEffect (1), strict.
 * @returns Upward and downward detectable p2 with the differences; null for a direction that
 *   cannot reach the power (with a `below-minimum-detectable-effect` warning).
 * @throws {StatisticsInputError} For p1 or power outside (0, 1), n ≤ 0 or a bad design effect.
 * @example
 * // ?power.prop.test: power.prop.test(n = 50, p1 = .5, power = .90) => p2 = 0.8026
 * minimumDetectableEffect({ p1: 0.5, n: 50, power: 0.9 }).upward?.p2 // 0.8026306
 */
export function minimumDetectableEffect(
  input: MinimumDetectableEffectInput,
): MinimumDetectableEffectResult {
  const { p1, n } = input
  const power = input.power ?? 0.8
  assertOpenProbability(p1, 'p1')
  assertOpenProbability(power, 'power')
  assertInput(Number.isFinite(n) && n > 0, 'invalid-input', `n must be a positive number, got ${n}`)
  const s = settingFrom(input)
  const nEff = n / s.designEffect
  const target = (p2: number) => powerAt(p1, p2, nEff, s) - power
  const upward = searchDirection(p1, 1, target)
  const downward = searchDirection(p1, 0, target)
  const warnings: StatWarning[] = []
  for (const [label, found] of [
    ['upward', upward],
    ['downward', downward],
  ] as const) {
    if (found === null) {
      warnings.push({
        code: 'below-minimum-detectable-effect',
        message: `no ${label} change from p1 = ${p1} reaches power ${power} with n = ${n} per group`,
      })
    }
  }
  return {
    p1,
    n,
    effectiveN: nEff,
    power,
    sigLevel: s.sigLevel,
    alternative: s.alternative,
    designEffect: s.designEffect,
    upward,
    downward,
    method: `Minimum detectable difference of two proportions (R power.prop.test solved for p2${s.strict ? ', strict' : ''}); n per group, design effect ${s.designEffect}`,
    warnings,
  }
}
