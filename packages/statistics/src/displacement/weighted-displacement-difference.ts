import { normalQuantile, normalTwoSidedP } from '../distributions.js'
import { assertInput, type Interval, type StatWarning } from '../result.js'
import { assertBeforeAfter, type BeforeAfter } from './before-after.js'

export interface WeightedDisplacementDifferenceInput {
  /** Treated area. */
  readonly treatment: BeforeAfter
  /** Control area for the treated area. */
  readonly control: BeforeAfter
  /** Displacement (buffer) area around the treated area; give with `displacementControl`. */
  readonly displacementArea?: BeforeAfter
  /** Control area for the displacement area; give with `displacementArea`. */
  readonly displacementControl?: BeforeAfter
}

export interface WeightedDisplacementDifferenceOptions {
  /** Confidence level, default 0.95. */
  readonly level?: number
  /**
   * Lengths of the before and after periods (any unit, e.g. months), default 1 and 1. Counts are
   * divided by them, so the WDD is a change in crimes per unit of time (Wheeler 2021).
   */
  readonly timeWeights?: { readonly before: number; readonly after: number }
  /**
   * Sizes of the four areas (any unit), default 1 each. Counts are divided by them, so the WDD is
   * a change in crime density (Wheeler 2021).
   */
  readonly areaWeights?: {
    readonly treatment?: number
    readonly control?: number
    readonly displacementArea?: number
    readonly displacementControl?: number
  }
}

/** One difference-in-differences of counts with its Poisson standard error. */
export interface CountDifference {
  /** Change in the area minus change in its control (negative: relative decrease). */
  readonly estimate: number
  /** sqrt(Σ count/weight²); with unit weights sqrt(sum of the counts involved). */
  readonly se: number
  readonly ci: Interval
  /** z = estimate / se; `null` when every count is 0 (no variance). */
  readonly statistic: number | null
  /** Two-sided normal p-value; `null` when every count is 0. */
  readonly pValue: number | null
}

export interface WeightedDisplacementDifferenceResult extends CountDifference {
  /** Local estimate ΔT − ΔCt, without the displacement part. */
  readonly local: CountDifference
  /** Displacement part ΔD − ΔCd; `null` when no displacement areas were given. */
  readonly displacement: CountDifference | null
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

function countDifference(estimate: number, variance: number, level: number): CountDifference {
  const se = Math.sqrt(variance)
  const z = normalQuantile(1 - (1 - level) / 2)
  const statistic = variance > 0 ? estimate / se : null
  return {
    estimate,
    se,
    ci: { lower: estimate - z * se, upper: estimate + z * se, level },
    statistic,
    pValue: statistic === null ? null : normalTwoSidedP(statistic),
  }
}

interface Weights {
  readonly before: number
  readonly after: number
}

// A count n observed over weight w contributes n/w to the estimate and n/w² to the variance.
const change = (x: BeforeAfter, w: Weights) => x.after / w.after - x.before / w.before
const weightedVariance = (x: BeforeAfter, w: Weights) =>
  x.after / (w.after * w.after) + x.before / (w.before * w.before)
const countTotal = (x: BeforeAfter) => x.after + x.before

/**
 * Weighted displacement difference test of Wheeler & Ratcliffe (2018, Crime Science 7:11).
 *
 * WDD = ΔT − ΔCt + ΔD − ΔCd, where Δ is the after count minus the before count in the treated
 * area T, its control Ct, the displacement area D and its control Cd. Negative values are crimes
 * prevented net of displacement. Each count is treated as an independent Poisson variable, so
 * var(WDD) is the sum of the eight counts; z = WDD/SE with a two-sided normal p-value and
 * interval WDD ± z·SE. No continuity correction. Optional `timeWeights` and `areaWeights`
 * (Wheeler's extension, as in the authors' R package ptools::wdd) divide each count by its period
 * length × area size; the variance then sums count/weight². The local estimate ΔT − ΔCt
 * (variance: its four counts) and the displacement part ΔD − ΔCd are reported too. Warns 'small-counts' when any count is below 5, since the
 * normal approximation then rests on few events.
 *
 * @param input - before/after counts for treatment and control, optionally the displacement area
 *   and its control (both or neither).
 * @param options - `level` (default 0.95), `timeWeights`, `areaWeights` (default 1).
 * @throws {StatisticsInputError} on negative or non-integer counts, only one of the displacement
 *   areas, all treated and control counts zero, a bad level, or a weight that is not finite and
 *   > 0.
 * @example
 * // Wheeler & Ratcliffe (2018) worked example
 * const r = weightedDisplacementDifference({
 *   treatment: { before: 207, after: 110 },
 *   control: { before: 308, after: 318 },
 *   displacementArea: { before: 178, after: 157 },
 *   displacementControl: { before: 150, after: 140 },
 * })
 * r.estimate // -118
 * r.se // sqrt(1568) ≈ 39.6
 * r.statistic // -2.98
 */
export function weightedDisplacementDifference(
  input: WeightedDisplacementDifferenceInput,
  options: WeightedDisplacementDifferenceOptions = {},
): WeightedDisplacementDifferenceResult {
  const level = options.level ?? 0.95
  assertInput(level > 0 && level < 1, 'invalid-level', 'level must be in (0, 1)')
  const time = options.timeWeights ?? { before: 1, after: 1 }
  const area = options.areaWeights ?? {}
  const positive = (v: number) => Number.isFinite(v) && v > 0
  assertInput(
    positive(time.before) && positive(time.after),
    'invalid-weight',
    'timeWeights.before and timeWeights.after must be finite and > 0',
  )
  const weightsFor = (name: keyof NonNullable<typeof options.areaWeights>): Weights => {
    const a = area[name] ?? 1
    assertInput(positive(a), 'invalid-weight', `areaWeights.${name} must be finite and > 0`)
    return { before: time.before * a, after: time.after * a }
  }
  const t = assertBeforeAfter('treatment', input.treatment, true)
  const ct = assertBeforeAfter('control', input.control, true)
  const hasD = input.displacementArea !== undefined
  assertInput(
    hasD === (input.displacementControl !== undefined),
    'missing-area',
    'give displacementArea and displacementControl together, or neither',
  )
  assertInput(
    countTotal(t) + countTotal(ct) > 0,
    'zero-count',
    'treatment and control counts are all zero: the WDD has no variance',
  )
  const wt = weightsFor('treatment')
  const wc = weightsFor('control')
  const local = countDifference(
    change(t, wt) - change(ct, wc),
    weightedVariance(t, wt) + weightedVariance(ct, wc),
    level,
  )
  const all: Record<string, BeforeAfter> = { treatment: t, control: ct }
  let displacement: CountDifference | null = null
  if (hasD) {
    const d = assertBeforeAfter('displacementArea', input.displacementArea, true)
    const cd = assertBeforeAfter('displacementControl', input.displacementControl, true)
    const wd = weightsFor('displacementArea')
    const wcd = weightsFor('displacementControl')
    displacement = countDifference(
      change(d, wd) - change(cd, wcd),
      weightedVariance(d, wd) + weightedVariance(cd, wcd),
      level,
    )
    all.displacementArea = d
    all.displacementControl = cd
  }
  const estimate = local.estimate + (displacement?.estimate ?? 0)
  const totalVariance = local.se ** 2 + (displacement?.se ?? 0) ** 2

  const warnings: StatWarning[] = []
  const small = Object.entries(all).flatMap(([name, x]) =>
    (['before', 'after'] as const).filter((k) => x[k] < 5).map((k) => `${name}.${k}`),
  )
  if (small.length > 0) {
    warnings.push({
      code: 'small-counts',
      message: `Counts below 5 (${small.join(', ')}): the normal approximation to the Poisson differences is rough.`,
    })
  }
  return {
    ...countDifference(estimate, totalVariance, level),
    local,
    displacement,
    method: `${
      hasD
        ? 'Weighted displacement difference (Wheeler & Ratcliffe 2018): WDD = ΔT − ΔCt + ΔD − ΔCd, var = sum of the eight counts (Poisson)'
        : 'Weighted displacement difference (Wheeler & Ratcliffe 2018), local only: ΔT − ΔCt, var = sum of the four counts (Poisson)'
    }${
      options.timeWeights !== undefined || options.areaWeights !== undefined
        ? '; counts divided by period length × area size, variance Σ count/weight²'
        : ''
    }; normal z-test and interval`,
    warnings,
  }
}
