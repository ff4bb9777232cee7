/**
 * Coefficient tables and design-matrix checks shared by every regression in this package.
 */
import {
  normalQuantile,
  normalTwoSidedP,
  studentTQuantile,
  studentTTwoSidedP,
} from '../distributions.js'
import { assertInput, type Interval, StatisticsInputError, type StatWarning } from '../result.js'

/** One row of a coefficient table. */
export interface Coefficient {
  readonly name: string
  readonly estimate: number
  readonly se: number
  /** Wald statistic estimate / se: t when `inference.distribution` is 't', else z. */
  readonly statistic: number
  readonly pValue: number
  readonly ci: Interval
}

/** Which reference distribution the Wald statistics, p-values and intervals use. */
export type Inference =
  | { readonly distribution: 't'; readonly df: number }
  | { readonly distribution: 'normal' }

/** Builds the table from estimates and their covariance (row-major k×k). */
export function coefficientTable(
  names: readonly string[],
  beta: ArrayLike<number>,
  vcov: ArrayLike<number>,
  inference: Inference,
  level: number,
): Coefficient[] {
  const k = names.length
  const quantile =
    inference.distribution === 't'
      ? studentTQuantile(1 - (1 - level) / 2, inference.df)
      : normalQuantile(1 - (1 - level) / 2)
  const rows: Coefficient[] = []
  for (let j = 0; j < k; j++) {
    const estimate = beta[j] as number
    rows.push(waldRow(names[j] as string, estimate, Math.sqrt(vcov[j * k + j] as number)))
  }
  return rows

  function waldRow(name: string, estimate: number, se: number): Coefficient {
    // A zero or non-finite SE (perfect fit, saturated model with cluster SEs) would turn the
    // statistic into ±∞ or NaN; say so instead of passing it off as a number.
    if (!(se > 0 && Number.isFinite(se) && Number.isFinite(estimate))) {
      throw new StatisticsInputError(
        'degenerate-se',
        `The standard error of '${name}' is ${se}: the model fits the data exactly (or is saturated), so no test or interval exists.`,
      )
    }
    const statistic = estimate / se
    const pValue =
      inference.distribution === 't'
        ? studentTTwoSidedP(statistic, inference.df)
        : normalTwoSidedP(statistic)
    return {
      name,
      estimate,
      se,
      statistic,
      pValue,
      ci: { lower: estimate - quantile * se, upper: estimate + quantile * se, level },
    }
  }
}

/** Wald row for a linear combination c'β with variance c'Vc. */
export function linearCombination(
  name: string,
  c: ArrayLike<number>,
  beta: ArrayLike<number>,
  vcov: ArrayLike<number>,
  inference: Inference,
  level: number,
): Coefficient {
  const k = c.length
  let estimate = 0
  let variance = 0
  for (let i = 0; i < k; i++) {
    estimate += (c[i] as number) * (beta[i] as number)
    for (let j = 0; j < k; j++) {
      variance += (c[i] as number) * (vcov[i * k + j] as number) * (c[j] as number)
    }
  }
  const row = coefficientTable([name], [estimate], [variance], inference, level)[0]
  return row as Coefficient
}

/** exp() of a log-scale coefficient and its interval: rate ratios, incidence rate ratios. */
export interface Ratio {
  readonly name: string
  readonly estimate: number
  readonly ci: Interval
}

export const exponentiate = (row: Coefficient): Ratio => ({
  name: row.name,
  estimate: Math.exp(row.estimate),
  ci: { lower: Math.exp(row.ci.lower), upper: Math.exp(row.ci.upper), level: row.ci.level },
})

/** The validated design: row-major values plus column names. */
export interface Design {
  readonly X: Float64Array
  readonly n: number
  readonly k: number
  readonly names: readonly string[]
}

/**
 * Validates rows of a design matrix and optionally prepends an intercept column.
 * @throws StatisticsInputError for ragged rows, non-finite values, or mismatched names.
 */
export function buildDesign(
  rows: readonly (readonly number[])[],
  intercept: boolean,
  names: readonly string[] | undefined,
): Design {
  const n = rows.length
  assertInput(n > 0, 'empty-input', 'The design matrix X has no rows.')
  const p = (rows[0] as readonly number[]).length
  const k = p + (intercept ? 1 : 0)
  assertInput(k > 0, 'empty-design', 'The design matrix X has no columns and no intercept.')
  const X = new Float64Array(n * k)
  for (let i = 0; i < n; i++) {
    const row = rows[i] as readonly number[]
    assertInput(
      row.length === p,
      'ragged-design',
      `Row ${i} of X has ${row.length} values; row 0 has ${p}.`,
    )
    const offset = i * k
    if (intercept) X[offset] = 1
    for (let j = 0; j < p; j++) {
      const v = row[j] as number
      assertInput(Number.isFinite(v), 'non-finite', `X[${i}][${j}] is not a finite number.`)
      X[offset + j + (intercept ? 1 : 0)] = v
    }
  }
  let columnNames: string[]
  if (names === undefined) {
    columnNames = Array.from({ length: p }, (_, j) => `x${j + 1}`)
  } else {
    assertInput(
      names.length === p,
      'names-length',
      `names has ${names.length} entries but X has ${p} columns (do not name the intercept).`,
    )
    columnNames = [...names]
  }
  if (intercept) columnNames.unshift('(Intercept)')
  return { X, n, k, names: columnNames }
}

/** Validates a response vector against the design. */
export function checkResponse(y: readonly number[], n: number, label = 'y'): void {
  assertInput(
    y.length === n,
    'length-mismatch',
    `${label} has ${y.length} values; X has ${n} rows.`,
  )
  for (let i = 0; i < n; i++) {
    assertInput(Number.isFinite(y[i]), 'non-finite', `${label}[${i}] is not a finite number.`)
  }
}

/** Cluster-count threshold below which cluster-robust SEs are flagged; see docs. */
export const FEW_CLUSTERS_THRESHOLD = 30

export function fewClustersWarning(count: number): StatWarning[] {
  if (count >= FEW_CLUSTERS_THRESHOLD) return []
  return [
    {
      code: 'few-clusters',
      message: `Only ${count} clusters: cluster-robust standard errors are biased downwards with fewer than ${FEW_CLUSTERS_THRESHOLD} clusters, so intervals are too narrow and p-values too small (Cameron & Miller 2015). Treat them as approximate.`,
    },
  ]
}

export function checkClusters(clusters: readonly (string | number)[], n: number): void {
  assertInput(
    clusters.length === n,
    'length-mismatch',
    `clusters has ${clusters.length} entries; the data have ${n} rows.`,
  )
  const distinct = new Set(clusters).size
  assertInput(
    distinct >= 2,
    'too-few-clusters',
    'Cluster-robust standard errors need at least 2 clusters.',
  )
}

/** Row-major k×k as nested arrays, for results. */
export function toRows(m: ArrayLike<number>, k: number): number[][] {
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => m[i * k + j] as number),
  )
}

export function assertLevel(level: number): void {
  assertInput(
    level > 0 && level < 1,
    'invalid-level',
    `The confidence level must be strictly between 0 and 1; got ${level}.`,
  )
}
