import { normalQuantile, normalTwoSidedP } from '../distributions.js'
import { assertInput, type Interval, type StatWarning } from '../result.js'

/** Crime counts in a before/after, treated/control design. */
export interface RelativeEffectSizeInput {
  /** Treated area, before. */
  readonly a: number
  /** Treated area, after. */
  readonly b: number
  /** Control area, before. */
  readonly c: number
  /** Control area, after. */
  readonly d: number
}

export interface RelativeEffectSizeOptions {
  /** Confidence level, default 0.95. */
  readonly level?: number
  /**
   * Added to all four cells when any is zero (e.g. 0.5, Haldane's correction). Without it a zero
   * cell throws, because log RES and its variance are undefined.
   */
  readonly zeroCorrection?: number
  /**
   * Multiplies var(log RES), for overdispersed counts (Farrington & Welsh's D). Default 1, the
   * pure Poisson variance.
   */
  readonly varianceInflation?: number
}

export interface RelativeEffectSizeResult {
  /** RES = (a·d)/(b·c). > 1: relative decrease in the treated area (desirable). */
  readonly estimate: number
  /** log RES. */
  readonly logEstimate: number
  /** SE of log RES: sqrt(varianceInflation·(1/a + 1/b + 1/c + 1/d)). */
  readonly se: number
  /** exp(log RES ± z·se). */
  readonly ci: Interval
  /** z = log RES / se. */
  readonly statistic: number
  /** Two-sided normal p-value for RES = 1. */
  readonly pValue: number
  /**
   * Change in the treated area relative to the control trend, in percent: (1/RES − 1)·100.
   * Negative is a relative decrease, e.g. RES = 1.25 → −20 %.
   */
  readonly percentChange: number
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

const CELLS = ['a', 'b', 'c', 'd'] as const

/**
 * Relative effect size of Welsh & Farrington (CCTV and street-lighting meta-analyses): the odds
 * ratio of a before/after × treated/control table of counts.
 *
 * Orientation: a, b are the treated area before and after; c, d the control area before and
 * after; RES = (a/b)/(c/d) = (a·d)/(b·c). RES > 1 means crime fell relatively more (or rose
 * relatively less) in the treated area than in the control area: a desirable effect. RES = 1.25
 * corresponds to a 20 % relative decrease (`percentChange` = −20).
 *
 * Variance: var(log RES) = 1/a + 1/b + 1/c + 1/d (counts treated as independent Poisson), times
 * `varianceInflation` if given. Interval exp(log RES ± z·SE) with z = Φ⁻¹(1 − (1 − level)/2);
 * z-test of log RES = 0, two-sided normal p-value. No continuity correction unless a cell is zero
 * and `zeroCorrection` is set.
 *
 * @param input - the four counts (non-negative integers).
 * @param options - `level` (0.95), `zeroCorrection` (none), `varianceInflation` (1).
 * @throws {StatisticsInputError} on negative, non-integer or non-finite counts; on a zero cell
 *   without `zeroCorrection` (code 'zero-count'); on a bad level, correction or inflation.
 * @example
 * const r = relativeEffectSize({ a: 120, b: 80, c: 100, d: 100 })
 * r.estimate // 1.5  (a 33 % relative decrease in the treated area)
 * r.percentChange // -33.33
 */
export function relativeEffectSize(
  input: RelativeEffectSizeInput,
  options: RelativeEffectSizeOptions = {},
): RelativeEffectSizeResult {
  const level = options.level ?? 0.95
  const inflation = options.varianceInflation ?? 1
  for (const key of CELLS) {
    const v = input[key]
    assertInput(
      Number.isInteger(v) && v >= 0,
      'invalid-count',
      `${key} must be a non-negative integer count, got ${v}`,
    )
  }
  assertInput(level > 0 && level < 1, 'invalid-level', 'level must be in (0, 1)')
  assertInput(
    Number.isFinite(inflation) && inflation > 0,
    'invalid-variance-inflation',
    'varianceInflation must be finite and > 0',
  )

  const warnings: StatWarning[] = []
  let { a, b, c, d } = input
  const zeroCells = CELLS.filter((key) => input[key] === 0)
  if (zeroCells.length > 0) {
    const k = options.zeroCorrection
    assertInput(
      k !== undefined,
      'zero-count',
      `Zero count in ${zeroCells.join(', ')}: log RES is undefined. Pass zeroCorrection (e.g. 0.5) to add it to every cell.`,
    )
    assertInput(
      Number.isFinite(k) && k > 0,
      'invalid-zero-correction',
      'zeroCorrection must be finite and > 0',
    )
    a += k
    b += k
    c += k
    d += k
    warnings.push({
      code: 'zero-count',
      message: `Zero count in ${zeroCells.join(', ')}: ${k} was added to every cell before computing RES.`,
    })
  }
  const small = CELLS.filter((key) => input[key] < 5)
  if (small.length > 0) {
    warnings.push({
      code: 'small-counts',
      message: `Counts below 5 in ${small.join(', ')}: the normal approximation to log RES is unreliable.`,
    })
  }

  const logEstimate = Math.log(a) + Math.log(d) - Math.log(b) - Math.log(c)
  const estimate = Math.exp(logEstimate)
  const se = Math.sqrt(inflation * (1 / a + 1 / b + 1 / c + 1 / d))
  const z = normalQuantile(1 - (1 - level) / 2)
  const statistic = logEstimate / se
  return {
    estimate,
    logEstimate,
    se,
    ci: { lower: Math.exp(logEstimate - z * se), upper: Math.exp(logEstimate + z * se), level },
    statistic,
    pValue: normalTwoSidedP(statistic),
    percentChange: (1 / estimate - 1) * 100,
    method: `Relative effect size (Welsh & Farrington) RES = (a·d)/(b·c), a,b treated before/after, c,d control before/after; var(log RES) = ${
      inflation === 1 ? '' : `${inflation}·`
    }(1/a + 1/b + 1/c + 1/d); normal interval on the log scale`,
    warnings,
  }
}
