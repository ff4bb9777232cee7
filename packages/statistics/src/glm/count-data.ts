/**
 * Input checks shared by the count regressions.
 */
import { buildDesign, checkResponse, type Design } from '../regression/coefficients.js'
import { assertInput } from '../result.js'

export interface CountRegressionData {
  /** Design matrix, one row per observation. */
  readonly X: readonly (readonly number[])[]
  /** Non-negative counts. Non-integer values are accepted (quasi-likelihood). */
  readonly y: readonly number[]
  /** Added to the linear predictor (log scale), e.g. log(population). */
  readonly offset?: readonly number[]
  /** Positive exposure (person-time, population); used as offset log(exposure). */
  readonly exposure?: readonly number[]
  /** Names of the columns of X (not of the intercept). */
  readonly names?: readonly string[]
  /** Prepend a column of ones named '(Intercept)'. Default false. */
  readonly intercept?: boolean
}

export interface CountDesign extends Design {
  readonly y: Float64Array
  readonly offset: Float64Array
}

export function buildCountDesign(data: CountRegressionData): CountDesign {
  const design = buildDesign(data.X, data.intercept ?? false, data.names)
  const { n, k } = design
  checkResponse(data.y, n)
  let total = 0
  for (let i = 0; i < n; i++) {
    const v = data.y[i] as number
    assertInput(v >= 0, 'negative-count', `y[${i}] = ${v} is negative; counts must be ≥ 0.`)
    total += v
  }
  assertInput(
    total > 0,
    'all-zero-outcome',
    'Every count is zero: a log-linear model has no finite estimates. Report the zero counts instead.',
  )
  assertInput(
    n > k,
    'too-few-observations',
    `Need more observations than coefficients (n = ${n}, k = ${k}).`,
  )
  assertInput(
    data.offset === undefined || data.exposure === undefined,
    'offset-and-exposure',
    'Pass either offset or exposure (exposure e means offset log e), not both.',
  )
  const offset = new Float64Array(n)
  if (data.offset !== undefined) {
    checkResponse(data.offset, n, 'offset')
    offset.set(data.offset)
  }
  if (data.exposure !== undefined) {
    checkResponse(data.exposure, n, 'exposure')
    for (let i = 0; i < n; i++) {
      const e = data.exposure[i] as number
      assertInput(e > 0, 'non-positive-exposure', `exposure[${i}] = ${e} must be positive.`)
      offset[i] = Math.log(e)
    }
  }
  return { ...design, y: Float64Array.from(data.y), offset }
}
