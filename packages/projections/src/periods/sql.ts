import { type CadenceSetting, DEFAULT_CADENCE } from './index.js'

const lit = (date: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a date: ${date}`)
  return `date '${date}'`
}

/**
 * `periodContaining(column).start` as a SQL expression over a `date` column, for set-based
 * rebuilds and re-bucketing after a cadence change. Must agree with `periodContaining`; the
 * read-model property test checks that it does.
 * @param history the result of `cadenceHistory`
 * @param column a SQL expression of type date
 */
export const periodStartSql = (history: readonly CadenceSetting[], column: string): string => {
  const h = history.length === 0 ? [DEFAULT_CADENCE] : history
  const raw = (s: CadenceSetting): string => {
    const n = Math.trunc(s.intervalDays)
    const diff = `(${column} - ${lit(s.anchorDate)})`
    return `(${lit(s.anchorDate)} + (${diff} - (((${diff} % ${n}) + ${n}) % ${n})))`
  }
  const clamped = (s: CadenceSetting): string => `greatest(${lit(s.effectiveFrom)}, ${raw(s)})`
  const first = h[0] as CadenceSetting
  const branches = h
    .map((s) => `when ${column} >= ${lit(s.effectiveFrom)} then ${clamped(s)}`)
    .reverse()
  return `(case ${branches.join(' ')} else ${raw(first)} end)`
}

/** One expression per tenant, for tables holding several tenants. */
export const periodStartByTenantSql = (
  histories: ReadonlyMap<string, readonly CadenceSetting[]>,
  tenantColumn: string,
  column: string,
): string => {
  const cases = [...histories].map(
    ([tenant, h]) => `when '${tenant.replaceAll("'", "''")}' then ${periodStartSql(h, column)}`,
  )
  const fallback = periodStartSql([], column)
  return cases.length === 0
    ? fallback
    : `(case ${tenantColumn} ${cases.join(' ')} else ${fallback} end)`
}
