/**
 * Pearson and likelihood-ratio tests of independence for an r×c contingency table.
 */
import { assertInput, type StatWarning } from '../result.js'
import { chiSquareUpperTail } from './chi-square-tail.js'
import type { ChiSquareStatistic } from './two-proportion-test.js'

export interface ChiSquareTestOptions {
  /**
   * Apply Yates' continuity correction; only allowed for 2×2 tables. Default false (note: R's
   * chisq.test defaults to TRUE for 2×2 tables).
   */
  readonly yates?: boolean
}

export interface ChiSquareTestResult {
  /** Pearson X² (Yates-corrected when requested). */
  readonly statistic: number
  /** (r − 1)(c − 1). */
  readonly df: number
  /** Upper-tail chi-square p-value of `statistic`. */
  readonly pValue: number
  /** Likelihood-ratio G² = 2 Σ O·ln(O/E) (0·ln 0 = 0), same df. */
  readonly gSquared: ChiSquareStatistic
  /** √(X²/(N·(min(r, c) − 1))) from the uncorrected X². */
  readonly cramersV: number
  /** Expected counts rowTotal·colTotal/N. */
  readonly expected: readonly (readonly number[])[]
  /** Pearson residuals (O − E)/√E, as chisq.test()$residuals. */
  readonly residuals: readonly (readonly number[])[]
  /** Adjusted (standardised) residuals, as chisq.test()$stdres. */
  readonly stdResiduals: readonly (readonly number[])[]
  readonly n: number
  readonly yatesApplied: boolean
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

/**
 * Chi-square test of independence for an r×c table of counts, as R's `chisq.test(table)`.
 *
 * X² = Σ (|O − E| − c)²/E with c = 0, or for a 2×2 table with `yates: true`, R's
 * c = min(0.5, min |O − E|). df = (r−1)(c−1); p-values are upper tails of χ²(df). Also returns
 * G², Cramér's V (from the uncorrected X²), expected counts and residuals. A `small-counts`
 * warning is given when any expected count is below 5, R's "Chi-squared approximation may be
 * incorrect" rule.
 *
 * @param table - Rows of non-negative integer counts; at least 2×2, rectangular, with no empty
 *   row or column (its expected counts would be 0 and X² undefined).
 * @param options - `yates` (default false; 2×2 only).
 * @returns Statistics, expected counts, residuals, warnings.
 * @throws {StatisticsInputError} For ragged or too small tables, negative or non-integer counts,
 *   an all-zero row or column, or `yates` on a table larger than 2×2.
 * @example
 * // R help page ?chisq.test: party identification by gender
 * chiSquareTest([[762, 327, 468], [484, 239, 477]]).statistic // 30.0701 (df 2, p 2.954e-7)
 */
export function chiSquareTest(
  table: readonly (readonly number[])[],
  options: ChiSquareTestOptions = {},
): ChiSquareTestResult {
  const rows = table.length
  assertInput(rows >= 2, 'invalid-table', `table needs at least 2 rows, got ${rows}`)
  const cols = table[0]?.length ?? 0
  assertInput(cols >= 2, 'invalid-table', `table needs at least 2 columns, got ${cols}`)
  for (const [i, row] of table.entries()) {
    assertInput(
      row.length === cols,
      'invalid-table',
      `row ${i} has ${row.length} cells; every row must have ${cols}`,
    )
    for (const v of row) {
      assertInput(
        Number.isInteger(v) && v >= 0,
        'invalid-count',
        `counts must be non-negative integers, got ${v} in row ${i}`,
      )
    }
  }
  const yates = options.yates ?? false
  assertInput(
    !yates || (rows === 2 && cols === 2),
    'invalid-option',
    `Yates' correction applies to 2×2 tables only; this table is ${rows}×${cols}`,
  )
  const cell = (i: number, j: number): number => table[i]?.[j] ?? 0
  const rowSums = table.map((row) => row.reduce((s, v) => s + v, 0))
  const colSums = Array.from({ length: cols }, (_, j) =>
    table.reduce((s, _row, i) => s + cell(i, j), 0),
  )
  const n = rowSums.reduce((s, v) => s + v, 0)
  for (const [i, s] of rowSums.entries()) {
    assertInput(s > 0, 'empty-margin', `row ${i} has no observations`)
  }
  for (const [j, s] of colSums.entries()) {
    assertInput(s > 0, 'empty-margin', `column ${j} has no observations`)
  }

  const expected = rowSums.map((r) => colSums.map((c) => (r * c) / n))
  const exp = (i: number, j: number): number => expected[i]?.[j] ?? 0
  let minAbs = Number.POSITIVE_INFINITY
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) minAbs = Math.min(minAbs, Math.abs(cell(i, j) - exp(i, j)))
  const correction = yates ? Math.min(0.5, minAbs) : 0

  let x2 = 0
  let x2Plain = 0
  let g2 = 0
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const o = cell(i, j)
      const e = exp(i, j)
      x2 += (Math.abs(o - e) - correction) ** 2 / e
      x2Plain += (o - e) ** 2 / e
      if (o > 0) g2 += 2 * o * Math.log(o / e)
    }
  }
  const df = (rows - 1) * (cols - 1)
  const residuals = expected.map((row, i) => row.map((e, j) => (cell(i, j) - e) / Math.sqrt(e)))
  const stdResiduals = expected.map((row, i) =>
    row.map((e, j) => {
      const v = e * (1 - (rowSums[i] ?? 0) / n) * (1 - (colSums[j] ?? 0) / n)
      return (cell(i, j) - e) / Math.sqrt(v)
    }),
  )
  const warnings: StatWarning[] = []
  const small = expected.flat().filter((e) => e < 5).length
  if (small > 0) {
    warnings.push({
      code: 'small-counts',
      message: `${small} of ${rows * cols} expected counts are below 5; the chi-square approximation may be incorrect (consider an exact test)`,
    })
  }
  return {
    statistic: x2,
    df,
    pValue: chiSquareUpperTail(x2, df),
    gSquared: { statistic: g2, df, pValue: chiSquareUpperTail(g2, df) },
    cramersV: Math.sqrt(x2Plain / (n * (Math.min(rows, cols) - 1))),
    expected,
    residuals,
    stdResiduals,
    n,
    yatesApplied: yates,
    method: yates
      ? "Pearson's chi-square test with Yates' continuity correction (R chisq.test, correct = TRUE)"
      : "Pearson's chi-square test of independence without continuity correction",
    warnings,
  }
}
