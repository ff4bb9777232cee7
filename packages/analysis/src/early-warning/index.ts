import { adjustPValues, betaDistCdf, gammaDistCdf, poissonRegression } from '@lagesbild/statistics'
import { check } from '../shared/errors.js'
import { checkPeriods, mean } from '../shared/series.js'

/** One place × category series, aligned with the periods. */
export interface EarlyWarningCell {
  readonly placeId: string
  readonly category: string
  readonly counts: readonly number[]
}

export interface EarlyWarningInput {
  /** Period start dates, strictly increasing; the history and the current period. */
  readonly periods: readonly string[]
  readonly cells: readonly EarlyWarningCell[]
  /** Index of the period to screen (default: the last). */
  readonly currentIndex?: number
}

export interface EarlyWarningOptions {
  /** Periods per year: 26 for fortnightly, 52 for weekly, 12 for monthly (default 26). */
  readonly periodsPerYear?: number
  /** History used for the expectation (default 3 years of periods). */
  readonly historyPeriods?: number
  /** Cells with fewer counts in the current period are not tested (default 3). */
  readonly minCount?: number
  /** Benjamini-Hochberg false discovery rate for alerts (default 0.05). */
  readonly fdr?: number
  /**
   * Widen the tail by the history's overdispersion (quasi-Poisson φ, only when > 1; default
   * true). Report counts are usually overdispersed, and a plain Poisson tail then over-alerts.
   */
  readonly overdispersion?: boolean
}

export interface EarlyWarningScore {
  readonly placeId: string
  readonly category: string
  readonly observed: number
  readonly expected: number
  /**
   * One-sided upper tail P(X ≥ observed): Poisson, mixed over the uncertainty of the expected
   * count (negative binomial), see docs/analysis.md.
   */
  readonly pValue: number
  /** Benjamini-Hochberg across every tested cell. */
  readonly qValue: number
  /** Standard error of log(expected) from the history fit (0 when not estimated). */
  readonly expectedLogSe: number
  /** How the expectation was formed. */
  readonly model: 'trend-season' | 'trend' | 'mean' | 'no-history'
  /** Dispersion φ of the history (Pearson χ²/df of the fit, or variance/mean); null without history. */
  readonly dispersion: number | null
}

export interface EarlyWarningResult {
  readonly period: string
  /** Cells with q ≤ fdr, most significant first: what the partners should discuss first. */
  readonly alerts: readonly EarlyWarningScore[]
  /** Every tested cell, most significant first. */
  readonly tested: readonly EarlyWarningScore[]
  readonly untested: number
}

/**
 * Which place × category cells exceed what their own history makes expected this period?
 *
 * The expectation is a Poisson GLM fitted to the cell's history: log μ = a + b·t + c·sin(2πt/P) +
 * d·cos(2πt/P), evaluated at the current period. The seasonal pair needs two years of history and
 * the trend eight periods; with less the history mean is used. A history without any count gets
 * ½ count spread over it, so a problem appearing at a new place can still alert.
 *
 * @param input periods, the cells' count series and the period to screen
 * @param options periods per year, history length, minimum count, FDR
 * @returns alerts (q ≤ fdr) and every tested cell, sorted by p then by observed/expected
 * @throws AnalysisInputError for bad periods, series of the wrong length or a current period
 *   without history
 * @example
 * const { alerts } = earlyWarning({ periods, cells: [{ placeId: 'park', category: 'klotter', counts }] })
 * alerts[0] // { placeId: 'park', category: 'klotter', observed: 14, expected: 4.2, pValue: 1e-4, qValue: 0.003, … }
 */
export function earlyWarning(
  input: EarlyWarningInput,
  options: EarlyWarningOptions = {},
): EarlyWarningResult {
  const { periods } = input
  checkPeriods(periods)
  const P = options.periodsPerYear ?? 26
  const history = options.historyPeriods ?? 3 * P
  const minCount = options.minCount ?? 3
  const fdr = options.fdr ?? 0.05
  const useDispersion = options.overdispersion ?? true
  const current = input.currentIndex ?? periods.length - 1
  check(
    Number.isInteger(current) && current >= 1 && current < periods.length,
    'invalid-option',
    `currentIndex must leave at least one period of history; got ${current}.`,
  )
  check(P >= 2 && Number.isInteger(P), 'invalid-option', `periodsPerYear must be an integer ≥ 2.`)
  const from = Math.max(0, current - history)
  const scores: Omit<EarlyWarningScore, 'qValue'>[] = []
  let untested = 0
  for (const cell of input.cells) {
    check(
      cell.counts.length === periods.length,
      'length-mismatch',
      `Cell ${cell.placeId}/${cell.category} has ${cell.counts.length} counts; there are ${periods.length} periods.`,
    )
    const observed = cell.counts[current] as number
    check(
      Number.isInteger(observed) && observed >= 0,
      'invalid-count',
      `Cell ${cell.placeId}/${cell.category} has count ${observed} in the current period.`,
    )
    if (observed < minCount) {
      untested++
      continue
    }
    const past = cell.counts.slice(from, current)
    const { expected, logSe, model, dispersion } = expectation(
      past,
      current - from,
      P,
      useDispersion,
    )
    scores.push({
      placeId: cell.placeId,
      category: cell.category,
      observed,
      expected,
      pValue: upperTail(
        observed,
        expected,
        logSe,
        useDispersion ? Math.max(1, dispersion ?? 1) : 1,
      ),
      expectedLogSe: logSe,
      model,
      dispersion,
    })
  }
  const q =
    scores.length === 0
      ? []
      : adjustPValues(
          scores.map((s) => s.pValue),
          'BH',
        )
  const tested = scores
    .map((s, i) => ({ ...s, qValue: q[i] as number }))
    .sort(
      (a, b) =>
        a.pValue - b.pValue ||
        b.observed / b.expected - a.observed / a.expected ||
        (a.placeId + a.category < b.placeId + b.category ? -1 : 1),
    )
  return {
    period: periods[current] as string,
    alerts: tested.filter((s) => s.qValue <= fdr),
    tested,
    untested,
  }
}

function expectation(
  past: readonly number[],
  tNow: number,
  P: number,
  useDispersion: boolean,
): {
  expected: number
  logSe: number
  model: EarlyWarningScore['model']
  dispersion: number | null
} {
  const n = past.length
  const floor = 0.5 / Math.max(n, 1)
  if (n === 0 || past.every((y) => y === 0)) {
    return { expected: floor, logSe: 0, model: 'no-history', dispersion: null }
  }
  const seasonal = n >= 2 * P
  const trend = n >= 8
  if (trend) {
    // Time centred on the history so the intercept is the history's level, not an extrapolation.
    const centre = (n - 1) / 2
    const row = (t: number) => {
      const r = [(t - centre) / P]
      if (seasonal) r.push(Math.sin((2 * Math.PI * t) / P), Math.cos((2 * Math.PI * t) / P))
      return r
    }
    try {
      const fit = poissonRegression(
        { X: past.map((_, t) => row(t)), y: past, intercept: true },
        { se: 'model' },
      )
      const x = [1, ...row(tNow)]
      const eta = fit.coefficients.reduce((s, c, j) => s + c.estimate * (x[j] as number), 0)
      let variance = 0
      for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < x.length; j++) {
          variance += (x[i] as number) * (fit.vcov[i]?.[j] as number) * (x[j] as number)
        }
      }
      const phi = useDispersion ? Math.max(1, fit.dispersion) : 1
      return {
        expected: Math.max(Math.exp(eta), floor),
        logSe: Math.sqrt(Math.max(variance * phi, 0)),
        model: seasonal ? 'trend-season' : 'trend',
        dispersion: fit.dispersion,
      }
    } catch {
      // separation or non-convergence: fall back to the plain mean below
    }
  }
  const total = past.reduce((s, y) => s + y, 0)
  const m = mean(past)
  const phi = n >= 2 ? past.reduce((s, y) => s + (y - m) ** 2, 0) / (n - 1) / m : null
  // log of a mean of Poisson counts has SE ≈ 1/√(total count), times √φ when overdispersed.
  return {
    expected: Math.max(m, floor),
    logSe: Math.sqrt((useDispersion ? Math.max(1, phi ?? 1) : 1) / total),
    model: 'mean',
    dispersion: phi,
  }
}

/**
 * P(X ≥ x) when X ~ Poisson(μ) and μ itself is only estimated: with μ ~ Gamma(shape r, mean μ̂),
 * r = 1/se(log μ̂)², X is negative binomial and P(X ≥ x) = I_{μ̂/(r+μ̂)}(x, r). Ignoring the
 * uncertainty of μ̂ (a plain Poisson tail at μ̂) makes low-count cells alert far too often.
 * Overdispersion φ > 1 is matched by the size s of a negative binomial with the same variance,
 * μ + μ²/s = φμ + μ²/r. With neither it is the Poisson tail P(Gamma(x, 1) ≤ μ), precise far into
 * the tail.
 */
function upperTail(x: number, mu: number, logSe: number, phi: number): number {
  if (x <= 0) return 1
  const inverseSize = (phi - 1) / mu + logSe ** 2
  if (inverseSize < 1e-16) return gammaDistCdf(mu, x, 1)
  const s = 1 / inverseSize
  return betaDistCdf(mu / (s + mu), x, s)
}
