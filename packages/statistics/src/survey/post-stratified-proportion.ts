/**
 * A weighted survey proportion (e.g. the share who feel unsafe) with design-based uncertainty.
 */
import { normalQuantile } from '../distributions.js'
import { assertInput, type Interval, type StatWarning } from '../result.js'

/** One respondent: y = 1 if they have the property (e.g. feel unsafe). */
export interface SurveyResponse {
  readonly y: 0 | 1
  /** Post-stratum (e.g. age × sex cell); required with `populationShares`. */
  readonly stratum?: string
  /** Respondent weight; required (and only allowed) without `populationShares`. */
  readonly weight?: number
}

export interface PostStratifiedProportionInput {
  readonly responses: readonly SurveyResponse[]
  /** Population share of each stratum; must cover every stratum in the responses and sum to 1. */
  readonly populationShares?: Readonly<Record<string, number>>
  /** Default 0.95. */
  readonly level?: number
}

export interface PostStratum {
  readonly stratum: string
  readonly n: number
  readonly populationShare: number
  readonly sampleShare: number
  readonly proportion: number
  /** Weight of each respondent in the stratum, scaled to mean 1 over the sample. */
  readonly weight: number
}

export interface PostStratifiedProportionResult {
  /** Weighted proportion Σwy/Σw (= Σ_h W_h·p̂_h when post-stratified). */
  readonly estimate: number
  /** Linearised standard error (see the function's documentation for the formula). */
  readonly se: number
  /** Wilson score interval with n replaced by the Kish effective sample size. */
  readonly ci: Interval
  /** estimate ± z·se, clipped to [0, 1]: for comparison with software that reports Wald limits. */
  readonly waldCi: Interval
  readonly n: number
  /** Kish effective sample size (Σw)²/Σw². */
  readonly effectiveN: number
  /** Kish's design effect due to weighting, n / effectiveN = 1 + CV²(w). */
  readonly designEffect: number
  /** Per-respondent weights in input order, scaled to mean 1. */
  readonly weights: readonly number[]
  /** Post-strata in first-seen order; empty when respondent weights were given. */
  readonly strata: readonly PostStratum[]
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

const SHARE_TOLERANCE = 1e-6

/**
 * Post-stratified (or weighted) proportion with a linearised SE, Kish effective n and a
 * Wilson-type interval.
 *
 * Two ways in:
 * - `populationShares`: respondent weight in stratum h is w_h = W_h/(n_h/n) (population share over
 *   sample share, mean 1). Estimate p̂ = Σ_h W_h p̂_h. Variance, as R's survey package for
 *   `postStratify(svydesign(ids = ~1, data = d), ~stratum, pop)` then `svymean` (with-replacement
 *   linearisation, residuals within post-strata): V̂ = n/(n−1) · Σ_h W_h² p̂_h(1−p̂_h)/n_h.
 *   (Lohr, Sampling, §4.4's conditional variance Σ_h W_h² s_h²/n_h uses s_h² = n_h p̂_h(1−p̂_h)/(n_h−1)
 *   instead and is slightly larger for small strata; no finite-population correction either way.)
 * - per-response `weight`: p̂ = Σwᵢyᵢ/Σwᵢ and V̂ = n/(n−1) · Σ wᵢ²(yᵢ − p̂)² / (Σw)², as
 *   `svymean(~y, svydesign(ids = ~1, weights = ~w, data = d))`.
 *
 * Interval: the Wilson score formula with n replaced by the Kish effective n
 * n_eff = (Σw)²/Σw²: (p̂ + z²/2n_eff ± z√(p̂(1−p̂)/n_eff + z²/4n_eff²))/(1 + z²/n_eff). Kish's n_eff
 * (not p̂(1−p̂)/V̂) keeps the interval defined when p̂ is 0 or 1; it ignores the variance gain of
 * post-stratification, so the interval is slightly conservative relative to `se`. `designEffect`
 * is Kish's n/n_eff (R's `deff` needs a population size and is not reproduced).
 *
 * Warnings: `few-observations` when a post-stratum has fewer than 5 respondents (its weight is
 * unstable); `boundary` when p̂ is 0 or 1 (SE 0).
 *
 * @param input - responses, populationShares (or per-response weights), level (0.95).
 * @returns Estimate, SE, Wilson and Wald intervals, n, effective n, design effect, weights, strata.
 * @throws {StatisticsInputError} For fewer than 2 responses, y not 0/1, mixing shares and weights,
 *   missing strata or weights, non-positive weights or shares, shares not summing to 1 (±1e-6), a
 *   stratum without respondents or without a share, or a level outside (0, 1).
 * @example
 * postStratifiedProportion({
 *   responses: [{ y: 1, stratum: 'young' }, { y: 0, stratum: 'young' }, { y: 0, stratum: 'old' }],
 *   populationShares: { young: 0.3, old: 0.7 },
 * }).estimate // 0.3 × 0.5 + 0.7 × 0 = 0.15
 */
export function postStratifiedProportion(
  input: PostStratifiedProportionInput,
): PostStratifiedProportionResult {
  const { responses, populationShares } = input
  const level = input.level ?? 0.95
  assertInput(
    Number.isFinite(level) && level > 0 && level < 1,
    'invalid-level',
    `level must be strictly between 0 and 1, got ${level}`,
  )
  const n = responses.length
  assertInput(n >= 2, 'invalid-input', `need at least 2 responses, got ${n}`)
  for (const [i, r] of responses.entries()) {
    assertInput(
      r.y === 0 || r.y === 1,
      'invalid-input',
      `responses[${i}].y must be 0 or 1, got ${r.y}`,
    )
  }

  const warnings: StatWarning[] = []
  let weights: number[]
  let strata: PostStratum[] = []
  let variance: number
  let method: string
  if (populationShares !== undefined) {
    ;({ weights, strata, variance } = postStratify(responses, populationShares))
    method =
      'Post-stratified proportion; linearised variance n/(n−1)·Σ W_h² p̂_h(1−p̂_h)/n_h (R survey postStratify + svymean); Wilson interval on Kish effective n'
    const thin = strata.filter((s) => s.n < 5)
    if (thin.length > 0) {
      warnings.push({
        code: 'few-observations',
        message: `post-strata with fewer than 5 respondents: ${thin.map((s) => `${s.stratum} (${s.n})`).join(', ')}; their weights are unstable, consider collapsing strata`,
      })
    }
  } else {
    weights = responses.map((r, i) => {
      const w = r.weight
      assertInput(
        w !== undefined,
        'invalid-input',
        `responses[${i}] has no weight; give a weight per response or populationShares`,
      )
      assertInput(
        Number.isFinite(w) && w > 0,
        'invalid-input',
        `responses[${i}].weight must be a positive number, got ${w}`,
      )
      return w
    })
    const sumW = weights.reduce((a, b) => a + b, 0)
    const p = responses.reduce((acc, r, i) => acc + (weights[i] ?? 0) * r.y, 0) / sumW
    let ss = 0
    for (const [i, r] of responses.entries()) ss += ((weights[i] ?? 0) * (r.y - p)) ** 2
    variance = ((n / (n - 1)) * ss) / (sumW * sumW)
    const mean = sumW / n
    weights = weights.map((w) => w / mean)
    method =
      'Weighted proportion Σwy/Σw; linearised with-replacement variance (R survey svymean, ids = ~1); Wilson interval on Kish effective n'
  }

  const sumW = weights.reduce((a, b) => a + b, 0)
  const sumW2 = weights.reduce((a, b) => a + b * b, 0)
  const estimate = responses.reduce((acc, r, i) => acc + (weights[i] ?? 0) * r.y, 0) / sumW
  const effectiveN = (sumW * sumW) / sumW2
  const se = Math.sqrt(Math.max(0, variance))
  const z = normalQuantile((1 + level) / 2)
  const z2 = z * z
  const centre = estimate + z2 / (2 * effectiveN)
  const half = z * Math.sqrt((estimate * (1 - estimate)) / effectiveN + z2 / (4 * effectiveN ** 2))
  const denominator = 1 + z2 / effectiveN
  if (estimate === 0 || estimate === 1) {
    warnings.push({
      code: 'boundary',
      message: `every respondent answered ${estimate}; the SE is 0 and only the Wilson interval is informative`,
    })
  }
  return {
    estimate,
    se,
    ci: {
      lower: Math.max(0, (centre - half) / denominator),
      upper: Math.min(1, (centre + half) / denominator),
      level,
    },
    waldCi: {
      lower: Math.max(0, estimate - z * se),
      upper: Math.min(1, estimate + z * se),
      level,
    },
    n,
    effectiveN,
    designEffect: n / effectiveN,
    weights,
    strata,
    method,
    warnings,
  }
}

function postStratify(
  responses: readonly SurveyResponse[],
  shares: Readonly<Record<string, number>>,
): { weights: number[]; strata: PostStratum[]; variance: number } {
  const n = responses.length
  const counts = new Map<string, { n: number; yes: number }>()
  for (const [i, r] of responses.entries()) {
    assertInput(
      r.weight === undefined,
      'invalid-input',
      `responses[${i}] has a weight; give either populationShares or per-response weights, not both`,
    )
    const s = r.stratum
    assertInput(
      s !== undefined,
      'invalid-input',
      `responses[${i}] has no stratum; every response needs one with populationShares`,
    )
    assertInput(
      Object.hasOwn(shares, s),
      'invalid-input',
      `stratum '${s}' (responses[${i}]) has no population share`,
    )
    const c = counts.get(s) ?? { n: 0, yes: 0 }
    c.n += 1
    c.yes += r.y
    counts.set(s, c)
  }
  let total = 0
  for (const [stratum, share] of Object.entries(shares)) {
    assertInput(
      Number.isFinite(share) && share > 0 && share <= 1,
      'invalid-input',
      `population share of '${stratum}' must be in (0, 1], got ${share}`,
    )
    assertInput(
      counts.has(stratum),
      'invalid-input',
      `stratum '${stratum}' has a population share but no respondents; collapse it with a neighbour`,
    )
    total += share
  }
  assertInput(
    Math.abs(total - 1) <= SHARE_TOLERANCE,
    'invalid-input',
    `population shares must sum to 1, they sum to ${total}`,
  )
  const strata: PostStratum[] = []
  let variance = 0
  for (const [stratum, c] of counts) {
    const share = shares[stratum] as number
    const proportion = c.yes / c.n
    strata.push({
      stratum,
      n: c.n,
      populationShare: share,
      sampleShare: c.n / n,
      proportion,
      weight: share / (c.n / n),
    })
    variance += (share * share * proportion * (1 - proportion)) / c.n
  }
  const byStratum = new Map(strata.map((s) => [s.stratum, s.weight]))
  const weights = responses.map((r) => byStratum.get(r.stratum as string) as number)
  return { weights, strata, variance: (n / (n - 1)) * variance }
}
