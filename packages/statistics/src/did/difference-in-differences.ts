/**
 * Difference-in-differences: 2×2 aggregate comparisons (means or counts) and a two-way
 * fixed-effects Poisson panel model.
 */
import {
  normalQuantile,
  normalTwoSidedP,
  studentTQuantile,
  studentTTwoSidedP,
} from '../distributions.js'
import { assertLevel, fewClustersWarning, type Inference } from '../regression/coefficients.js'
import { assertInput, type Interval, StatisticsInputError, type StatWarning } from '../result.js'
import { fitTwfePoisson } from './twfe-poisson.js'

/** A count with optional exposure (person-time, population, number of weeks reported). */
export interface CountCell {
  readonly count: number
  /** Default 1, i.e. plain counts. */
  readonly exposure?: number
}

/** A group mean, with its SD and size when a standard error is wanted. */
export interface MeanCell {
  readonly mean: number
  readonly sd?: number
  readonly n?: number
}

export interface DidCounts {
  readonly mode: 'counts'
  readonly treated: { readonly before: CountCell; readonly after: CountCell }
  readonly control: { readonly before: CountCell; readonly after: CountCell }
}

export interface DidMeans {
  readonly mode: 'means'
  readonly treated: { readonly before: MeanCell; readonly after: MeanCell }
  readonly control: { readonly before: MeanCell; readonly after: MeanCell }
}

/** One row per place × period. */
export interface DidPanelRow {
  readonly unit: string | number
  readonly period: string | number
  readonly y: number
  /** 1 for a treated place in a post-intervention period, else 0. */
  readonly treatedPost: number
  /** Default 1. */
  readonly exposure?: number
}

export interface DidPanel {
  readonly mode: 'panel'
  readonly rows: readonly DidPanelRow[]
}

export interface DidOptions {
  readonly level?: number
  /** Panel mode only: 'cluster' (by unit, default), 'quasi' or 'model'. */
  readonly se?: 'cluster' | 'quasi' | 'model'
}

export interface DidCountsResult {
  readonly method: string
  /** log of the ratio of rate ratios, log[(T_after/T_before)/(C_after/C_before)]. */
  readonly estimate: number
  readonly se: number
  readonly statistic: number
  readonly pValue: number
  readonly ci: Interval
  /** exp(estimate) and exp(ci): the ratio of rate ratios. */
  readonly ratioOfRateRatios: { readonly estimate: number; readonly ci: Interval }
  readonly treatedRateRatio: number
  readonly controlRateRatio: number
  readonly warnings: readonly StatWarning[]
}

export interface DidMeansResult {
  readonly method: string
  /** (T_after − T_before) − (C_after − C_before). */
  readonly estimate: number
  /** Present when every cell has sd and n. */
  readonly se?: number
  readonly statistic?: number
  readonly pValue?: number
  readonly ci?: Interval
  readonly warnings: readonly StatWarning[]
}

export interface DidPanelResult {
  readonly method: string
  /** β of treatedPost: log incidence rate ratio. */
  readonly estimate: number
  readonly se: number
  readonly statistic: number
  readonly pValue: number
  readonly ci: Interval
  readonly inference: Inference
  /** exp(β) with exp(CI). */
  readonly incidenceRateRatio: { readonly estimate: number; readonly ci: Interval }
  readonly n: number
  readonly units: number
  readonly periods: number
  /** Units / periods whose counts are all zero: they carry no information and are dropped. */
  readonly droppedUnits: readonly (string | number)[]
  readonly droppedPeriods: readonly (string | number)[]
  /** Pearson χ²/(n − k). */
  readonly dispersion: number
  readonly deviance: number
  readonly iterations: number
  readonly converged: boolean
  readonly clusterCount?: number
  readonly warnings: readonly StatWarning[]
}

/** Fewer treated places than this get a second 'few-clusters' warning with cluster SEs. */
export const DID_FEW_TREATED_UNITS = 5

/** Counts below this in any cell of the 2×2 get a 'small-counts' warning. */
export const DID_SMALL_COUNT = 10

/**
 * Difference-in-differences.
 *
 * - `mode: 'counts'`: ratio of rate ratios. Estimate log[(b/E_b)/(a/E_a)] − log[(d/E_d)/(c/E_c)]
 *   with SE √(1/a + 1/b + 1/c + 1/d) (Poisson counts; equal to the interaction term of a
 *   saturated Poisson GLM), z-test, normal CI. Zero counts throw (the log ratio is undefined);
 *   'small-counts' warning when a count is below 10.
 * - `mode: 'means'`: (T_after − T_before) − (C_after − C_before); with sd and n in every cell,
 *   SE = √Σ sd²/n (four independent samples, e.g. repeated cross-sectional surveys), z-test and
 *   normal CI. Without them only the estimate is returned.
 * - `mode: 'panel'`: Poisson GLM log μ = α_unit + γ_period + β·treatedPost + log(exposure),
 *   fitted by Newton with the fixed effects eliminated through their diagonal Hessian blocks.
 *   Units or periods whose counts are all zero are dropped first (their effects are −∞ and they
 *   do not inform β), and listed. SEs: 'cluster' (default) is the CR1/HC1 sandwich clustered by
 *   unit, G/(G−1)·(n−1)/(n−k) with k = units + periods (R `sandwich::vcovCL(glm(y ~
 *   factor(unit) + factor(period) + treatedPost, family = poisson), cluster = ~unit, type =
 *   'HC1')`), normal inference; 'quasi' multiplies the model variance by Pearson χ²/(n−k) and
 *   uses t(n−k); 'model' is the plain Poisson variance, normal inference. 'few-clusters' below 30
 *   units, and again below 5 treated units; 'overdispersion' with 'model' SEs when the
 *   dispersion exceeds 1.5.
 *
 * @param input - one of the three modes.
 * @param options - `level` (default 0.95); panel `se` (default 'cluster').
 * @throws StatisticsInputError for zero or negative counts (2×2), non-positive exposure or n,
 *   negative sd, an empty or all-zero panel, duplicate unit × period rows, or a treatedPost that
 *   the fixed effects absorb.
 * @example
 * const did = differenceInDifferences({
 *   mode: 'counts',
 *   treated: { before: { count: 120 }, after: { count: 80 } },
 *   control: { before: { count: 200 }, after: { count: 190 } },
 * })
 * did.ratioOfRateRatios.estimate // (80/120)/(190/200) ≈ 0.702
 */
export function differenceInDifferences(input: DidCounts, options?: DidOptions): DidCountsResult
export function differenceInDifferences(input: DidMeans, options?: DidOptions): DidMeansResult
export function differenceInDifferences(input: DidPanel, options?: DidOptions): DidPanelResult
export function differenceInDifferences(
  input: DidCounts | DidMeans | DidPanel,
  options: DidOptions = {},
): DidCountsResult | DidMeansResult | DidPanelResult {
  const level = options.level ?? 0.95
  assertLevel(level)
  if (input.mode === 'counts') return didCounts(input, level)
  if (input.mode === 'means') return didMeans(input, level)
  return didPanel(input, level, options.se ?? 'cluster')
}

function didCounts(input: DidCounts, level: number): DidCountsResult {
  const cells = [
    ['treated.before', input.treated.before],
    ['treated.after', input.treated.after],
    ['control.before', input.control.before],
    ['control.after', input.control.after],
  ] as const
  const warnings: StatWarning[] = []
  for (const [label, cell] of cells) {
    assertInput(
      Number.isFinite(cell.count) && cell.count >= 0,
      'negative-count',
      `${label}.count must be a non-negative number; got ${cell.count}.`,
    )
    assertInput(
      cell.count > 0,
      'zero-count',
      `${label}.count is 0: the log ratio of rate ratios is undefined. Aggregate over longer periods or report the counts descriptively.`,
    )
    const e = cell.exposure ?? 1
    assertInput(
      e > 0 && Number.isFinite(e),
      'non-positive-exposure',
      `${label}.exposure must be positive.`,
    )
  }
  const small = cells.filter(([, c]) => c.count < DID_SMALL_COUNT).map(([l]) => l)
  if (small.length > 0) {
    warnings.push({
      code: 'small-counts',
      message: `Counts below ${DID_SMALL_COUNT} in ${small.join(', ')}: the normal approximation on the log scale is rough and the interval is wide.`,
    })
  }
  const rate = (c: CountCell) => c.count / (c.exposure ?? 1)
  const treatedRateRatio = rate(input.treated.after) / rate(input.treated.before)
  const controlRateRatio = rate(input.control.after) / rate(input.control.before)
  const estimate = Math.log(treatedRateRatio) - Math.log(controlRateRatio)
  let sum = 0
  for (const [, c] of cells) sum += 1 / c.count
  const se = Math.sqrt(sum)
  const statistic = estimate / se
  const z = normalQuantile(1 - (1 - level) / 2)
  const ci = { lower: estimate - z * se, upper: estimate + z * se, level }
  return {
    method:
      'Difference-in-differences on counts: log ratio of rate ratios, SE √(Σ1/count) (Poisson), normal inference',
    estimate,
    se,
    statistic,
    pValue: normalTwoSidedP(statistic),
    ci,
    ratioOfRateRatios: {
      estimate: Math.exp(estimate),
      ci: { lower: Math.exp(ci.lower), upper: Math.exp(ci.upper), level },
    },
    treatedRateRatio,
    controlRateRatio,
    warnings,
  }
}

function didMeans(input: DidMeans, level: number): DidMeansResult {
  const cells = [
    ['treated.before', input.treated.before],
    ['treated.after', input.treated.after],
    ['control.before', input.control.before],
    ['control.after', input.control.after],
  ] as const
  for (const [label, cell] of cells) {
    assertInput(Number.isFinite(cell.mean), 'non-finite', `${label}.mean is not finite.`)
    if (cell.sd !== undefined) {
      assertInput(
        cell.sd >= 0 && Number.isFinite(cell.sd),
        'negative-sd',
        `${label}.sd must be ≥ 0.`,
      )
    }
    if (cell.n !== undefined) {
      assertInput(
        Number.isInteger(cell.n) && cell.n >= 1,
        'invalid-n',
        `${label}.n must be a positive integer.`,
      )
    }
  }
  const { treated: t, control: c } = input
  const estimate = t.after.mean - t.before.mean - (c.after.mean - c.before.mean)
  const complete = cells.every(([, cell]) => cell.sd !== undefined && cell.n !== undefined)
  const base = 'Difference-in-differences of means (T_after − T_before) − (C_after − C_before)'
  if (!complete) {
    return { method: `${base}; no SE (sd and n not given for every cell)`, estimate, warnings: [] }
  }
  const warnings: StatWarning[] = []
  let variance = 0
  for (const [, cell] of cells) variance += (cell.sd as number) ** 2 / (cell.n as number)
  const se = Math.sqrt(variance)
  assertInput(
    se > 0,
    'zero-variance',
    'Every cell has sd 0: the standard error is 0 and no test is possible.',
  )
  if (cells.some(([, cell]) => (cell.n as number) < 2)) {
    warnings.push({
      code: 'few-observations',
      message:
        'A cell has a single observation: its sd is not an estimate and the SE is unreliable.',
    })
  }
  const statistic = estimate / se
  const z = normalQuantile(1 - (1 - level) / 2)
  return {
    method: `${base}; SE √Σ sd²/n (independent samples), normal inference`,
    estimate,
    se,
    statistic,
    pValue: normalTwoSidedP(statistic),
    ci: { lower: estimate - z * se, upper: estimate + z * se, level },
    warnings,
  }
}

function didPanel(
  input: DidPanel,
  level: number,
  seType: 'cluster' | 'quasi' | 'model',
): DidPanelResult {
  const rows = input.rows
  assertInput(rows.length > 0, 'empty-input', 'The panel has no rows.')
  const N = rows.length
  const unitOf = new Int32Array(N)
  const periodOf = new Int32Array(N)
  const unitLevels = new Map<string | number, number>()
  const periodLevels = new Map<string | number, number>()
  for (let i = 0; i < N; i++) {
    const row = rows[i] as DidPanelRow
    // Messages are built only on failure: eager template strings cost more than the fit.
    const e = row.exposure ?? 1
    if (
      !(
        Number.isFinite(row.y) &&
        row.y >= 0 &&
        Number.isFinite(row.treatedPost) &&
        e > 0 &&
        Number.isFinite(e)
      )
    ) {
      throw new StatisticsInputError(
        'invalid-row',
        `rows[${i}] needs a non-negative finite y (got ${row.y}), a finite treatedPost (got ${row.treatedPost}) and a positive exposure (got ${e}).`,
      )
    }
    let u = unitLevels.get(row.unit)
    if (u === undefined) {
      u = unitLevels.size
      unitLevels.set(row.unit, u)
    }
    let p = periodLevels.get(row.period)
    if (p === undefined) {
      p = periodLevels.size
      periodLevels.set(row.period, p)
    }
    unitOf[i] = u
    periodOf[i] = p
  }
  const U = unitLevels.size
  const P = periodLevels.size
  // A bitmap over unit × period cells is far cheaper than a Set for panels up to 10⁷ cells.
  const cellSeen = U * P <= 1e7 ? new Uint8Array(U * P) : undefined
  const cellSet = cellSeen === undefined ? new Set<number>() : undefined
  for (let i = 0; i < N; i++) {
    const cell = (unitOf[i] as number) * P + (periodOf[i] as number)
    const duplicate = cellSeen === undefined ? cellSet?.has(cell) : cellSeen[cell] === 1
    if (duplicate) {
      throw new StatisticsInputError(
        'duplicate-row',
        `Unit ${rows[i]?.unit} has more than one row for period ${rows[i]?.period}.`,
      )
    }
    if (cellSeen === undefined) cellSet?.add(cell)
    else cellSeen[cell] = 1
  }
  // Drop all-zero units and periods until none remain: dropping one can empty another.
  const keepUnit = new Uint8Array(U).fill(1)
  const keepPeriod = new Uint8Array(P).fill(1)
  for (;;) {
    const unitTotal = new Float64Array(U)
    const periodTotal = new Float64Array(P)
    const unitRows = new Int32Array(U)
    const periodRows = new Int32Array(P)
    for (let i = 0; i < N; i++) {
      const u = unitOf[i] as number
      const p = periodOf[i] as number
      if (keepUnit[u] === 0 || keepPeriod[p] === 0) continue
      const y = (rows[i] as DidPanelRow).y
      unitTotal[u] = (unitTotal[u] as number) + y
      periodTotal[p] = (periodTotal[p] as number) + y
      unitRows[u] = (unitRows[u] as number) + 1
      periodRows[p] = (periodRows[p] as number) + 1
    }
    let changed = false
    for (let u = 0; u < U; u++) {
      if (keepUnit[u] === 1 && (unitRows[u] === 0 || unitTotal[u] === 0)) {
        keepUnit[u] = 0
        changed = true
      }
    }
    for (let p = 0; p < P; p++) {
      if (keepPeriod[p] === 1 && (periodRows[p] === 0 || periodTotal[p] === 0)) {
        keepPeriod[p] = 0
        changed = true
      }
    }
    if (!changed) break
  }
  const unitNames = [...unitLevels.keys()]
  const periodNames = [...periodLevels.keys()]
  const droppedUnits = unitNames.filter((_, u) => keepUnit[u] === 0)
  const droppedPeriods = periodNames.filter((_, p) => keepPeriod[p] === 0)
  // Dense re-indexing of the kept levels.
  const unitNew = new Int32Array(U).fill(-1)
  const periodNew = new Int32Array(P).fill(-1)
  let unitCount = 0
  let periodCount = 0
  for (let u = 0; u < U; u++) if (keepUnit[u] === 1) unitNew[u] = unitCount++
  for (let p = 0; p < P; p++) if (keepPeriod[p] === 1) periodNew[p] = periodCount++
  assertInput(
    unitCount > 0,
    'all-zero-outcome',
    'Every count in the panel is zero: nothing to estimate.',
  )
  const keptRows: number[] = []
  for (let i = 0; i < N; i++) {
    if (keepUnit[unitOf[i] as number] === 1 && keepPeriod[periodOf[i] as number] === 1)
      keptRows.push(i)
  }
  const n = keptRows.length
  // Plain loops: TypedArray.from with a map function takes V8's slow iterator path.
  const yKept = new Float64Array(n)
  const unitKept = new Int32Array(n)
  const periodKept = new Int32Array(n)
  const dKept = new Float64Array(n)
  const offsetKept = new Float64Array(n)
  for (let r = 0; r < n; r++) {
    const i = keptRows[r] as number
    const row = rows[i] as DidPanelRow
    yKept[r] = row.y
    unitKept[r] = unitNew[unitOf[i] as number] as number
    periodKept[r] = periodNew[periodOf[i] as number] as number
    dKept[r] = row.treatedPost
    offsetKept[r] = row.exposure === undefined ? 0 : Math.log(row.exposure)
  }
  let treatedTotal = 0
  let untreatedTotal = 0
  for (const i of keptRows) {
    const row = rows[i] as DidPanelRow
    if (row.treatedPost !== 0) treatedTotal += row.y
    else untreatedTotal += row.y
  }
  // All-zero counts on one side of treatedPost send β to ±∞ (separation).
  assertInput(
    treatedTotal > 0 && untreatedTotal > 0,
    'separation',
    `Every count with treatedPost ${treatedTotal === 0 ? '≠ 0' : '= 0'} is zero: the incidence rate ratio is ${treatedTotal === 0 ? '0' : 'infinite'} and has no finite estimate or SE.`,
  )
  const fit = fitTwfePoisson({
    unit: unitKept,
    unitCount,
    period: periodKept,
    periodCount,
    d: dKept,
    y: yKept,
    offset: offsetKept,
  })
  const k = fit.parameterCount
  assertInput(
    n > k,
    'too-few-observations',
    `The panel has ${n} usable rows but the model has ${k} parameters.`,
  )
  let pearson = 0
  for (let r = 0; r < n; r++) {
    const m = fit.mu[r] as number
    pearson += ((yKept[r] as number) - m) ** 2 / m
  }
  const dfResidual = n - k
  const dispersion = pearson / dfResidual
  const warnings: StatWarning[] = []
  if (!fit.converged) {
    warnings.push({
      code: 'not-converged',
      message: 'The fixed-effects Poisson fit did not converge in 100 Newton steps.',
    })
  }
  if (droppedUnits.length > 0 || droppedPeriods.length > 0) {
    warnings.push({
      code: 'zero-count',
      message: `Dropped ${droppedUnits.length} unit(s) and ${droppedPeriods.length} period(s) whose counts are all zero; they carry no information about the effect.`,
    })
  }
  let variance: number
  let inference: Inference
  let method: string
  let clusterCount: number | undefined
  if (seType === 'cluster') {
    const sums = new Float64Array(unitCount)
    for (let r = 0; r < n; r++) {
      const score = (fit.influence[r] as number) * ((yKept[r] as number) - (fit.mu[r] as number))
      const u = unitKept[r] as number
      sums[u] = (sums[u] as number) + score
    }
    const G = unitCount
    clusterCount = G
    assertInput(G >= 2, 'too-few-clusters', 'Cluster-robust SEs need at least 2 places.')
    let meat = 0
    for (const s of sums) meat += s * s
    variance = (G / (G - 1)) * ((n - 1) / (n - k)) * meat
    inference = { distribution: 'normal' }
    method = `Two-way fixed-effects Poisson (unit + period effects), cluster-robust SE by unit (HC1: G/(G−1)·(n−1)/(n−k), ${G} clusters), normal inference`
    warnings.push(...fewClustersWarning(G))
    const treatedUnits = new Set<number>()
    for (let r = 0; r < n; r++)
      if ((dKept[r] as number) !== 0) treatedUnits.add(unitKept[r] as number)
    if (treatedUnits.size < DID_FEW_TREATED_UNITS) {
      // Cluster-robust SEs rely on many treated clusters, not just many clusters (MacKinnon &
      // Webb 2017): with one to four treated places the sandwich badly understates uncertainty.
      warnings.push({
        code: 'few-clusters',
        message: `Only ${treatedUnits.size} treated place(s): cluster-robust SEs over-reject badly with fewer than ${DID_FEW_TREATED_UNITS} treated clusters (MacKinnon & Webb 2017). Prefer a placebo/permutation comparison.`,
      })
    }
  } else if (seType === 'quasi') {
    variance = fit.varianceModel * dispersion
    inference = { distribution: 't', df: dfResidual }
    method = `Two-way fixed-effects quasi-Poisson (unit + period effects), SE × √φ, φ = Pearson χ²/(n−k) = ${dispersion.toPrecision(4)}, t(${dfResidual}) inference`
  } else {
    variance = fit.varianceModel
    inference = { distribution: 'normal' }
    method =
      'Two-way fixed-effects Poisson (unit + period effects), model-based SE, normal inference'
    if (dispersion > 1.5) {
      warnings.push({
        code: 'overdispersion',
        message: `Pearson dispersion ${dispersion.toPrecision(3)} > 1.5: model-based SEs are too small; use 'cluster' or 'quasi'.`,
      })
    }
  }
  const se = Math.sqrt(variance)
  const estimate = fit.beta
  const statistic = estimate / se
  const q =
    inference.distribution === 't'
      ? studentTQuantile(1 - (1 - level) / 2, inference.df)
      : normalQuantile(1 - (1 - level) / 2)
  const pValue =
    inference.distribution === 't'
      ? studentTTwoSidedP(statistic, inference.df)
      : normalTwoSidedP(statistic)
  const ci = { lower: estimate - q * se, upper: estimate + q * se, level }
  return {
    method,
    estimate,
    se,
    statistic,
    pValue,
    ci,
    inference,
    incidenceRateRatio: {
      estimate: Math.exp(estimate),
      ci: { lower: Math.exp(ci.lower), upper: Math.exp(ci.upper), level },
    },
    n,
    units: unitCount,
    periods: periodCount,
    droppedUnits,
    droppedPeriods,
    dispersion,
    deviance: fit.deviance,
    iterations: fit.iterations,
    converged: fit.converged,
    ...(clusterCount === undefined ? {} : { clusterCount }),
    warnings,
  }
}
