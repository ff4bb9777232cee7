/**
 * Reporting periods. Dates are `YYYY-MM-DD` strings; arithmetic runs on whole UTC days so that
 * no time zone or daylight-saving shift can move a boundary.
 */

/** One ReportingCadenceSet, as the projections need it. */
export interface CadenceSetting {
  readonly intervalDays: number
  readonly anchorDate: string
  readonly effectiveFrom: string
}

/** An inclusive range of days, `start` … `end`. */
export interface Period {
  readonly start: string
  readonly end: string
}

const DAY_MS = 86_400_000

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export const dayNumber = (date: string): number => {
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`)
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${date}`)
  return Math.floor(ms / DAY_MS)
}

/** The `YYYY-MM-DD` date of a day number. */
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** `date` plus `days` (negative to go back). */
export const addDays = (date: string, days: number): string => dateOfDay(dayNumber(date) + days)

/** The same calendar day `years` later (29 February falls back to 28 February). */
export const addYears = (date: string, years: number): string => {
  const y = Number(date.slice(0, 4)) + years
  const md = date.slice(5, 10)
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`
}

/**
 * Without any ReportingCadenceSet, periods are ISO weeks (Monday to Sunday): the most common
 * routine, and a tenant that has not configured a cadence still gets a sensible picture.
 */
export const DEFAULT_CADENCE: CadenceSetting = {
  intervalDays: 7,
  anchorDate: '2000-01-03',
  effectiveFrom: '0001-01-01',
}

/**
 * Orders a tenant's cadence settings by `effectiveFrom`; among settings with the same
 * `effectiveFrom` the one recorded last wins (pass them in log order).
 * @param settings the tenant's ReportingCadenceSet data in log order
 * @returns the effective history, earliest first, never empty
 */
export const cadenceHistory = (settings: readonly CadenceSetting[]): readonly CadenceSetting[] => {
  const byFrom = new Map<string, CadenceSetting>()
  for (const s of settings) byFrom.set(s.effectiveFrom, s)
  const sorted = [...byFrom.values()].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))
  return sorted.length === 0 ? [DEFAULT_CADENCE] : sorted
}

/**
 * The reporting period that contains `date`. Each setting counts periods of `intervalDays` from
 * its `anchorDate`; the periods at a change of cadence are clipped to the setting's
 * `[effectiveFrom, next effectiveFrom)` so periods never overlap. Dates before the first
 * setting use the first setting unclipped (history imported from before the routine started).
 * @param date `YYYY-MM-DD`
 * @param history the result of `cadenceHistory`
 * @throws RangeError when `date` is not a date
 * @example periodContaining('2021-03-15', cadenceHistory([{ intervalDays: 14, anchorDate: '2021-02-01', effectiveFrom: '2021-02-01' }]))
 * // { start: '2021-03-15', end: '2021-03-28' }
 */
export const periodContaining = (date: string, history: readonly CadenceSetting[]): Period => {
  const d = dayNumber(date)
  const h = history.length === 0 ? [DEFAULT_CADENCE] : history
  let i = 0
  for (let k = 0; k < h.length; k++) {
    if (dayNumber((h[k] as CadenceSetting).effectiveFrom) <= d) i = k
  }
  const s = h[i] as CadenceSetting
  const next = h[i + 1]
  const anchor = dayNumber(s.anchorDate)
  const n = s.intervalDays
  let start = anchor + Math.floor((d - anchor) / n) * n
  let end = start + n - 1
  const from = dayNumber(s.effectiveFrom)
  if (d >= from) start = Math.max(start, from)
  else end = Math.min(end, from - 1)
  if (next) end = Math.min(end, dayNumber(next.effectiveFrom) - 1)
  return { start: dateOfDay(start), end: dateOfDay(end) }
}

/** The period just before `period`. */
export const previousPeriod = (period: Period, history: readonly CadenceSetting[]): Period =>
  periodContaining(addDays(period.start, -1), history)

/** The period just after `period`. */
export const nextPeriod = (period: Period, history: readonly CadenceSetting[]): Period =>
  periodContaining(addDays(period.end, 1), history)

/**
 * The `n` periods before `period`, most recent first.
 * @example periodsBefore(p, history, 12) // the baseline of p
 */
export const periodsBefore = (
  period: Period,
  history: readonly CadenceSetting[],
  n: number,
): readonly Period[] => {
  const out: Period[] = []
  let p = period
  for (let k = 0; k < n; k++) {
    p = previousPeriod(p, history)
    out.push(p)
  }
  return out
}

/**
 * Every period overlapping `[from, to]`, in order.
 * @throws RangeError when `to` is before `from`
 */
export const periodsBetween = (
  from: string,
  to: string,
  history: readonly CadenceSetting[],
): readonly Period[] => {
  if (to < from) throw new RangeError(`to (${to}) is before from (${from})`)
  const out: Period[] = []
  let p = periodContaining(from, history)
  while (p.start <= to) {
    out.push(p)
    p = nextPeriod(p, history)
  }
  return out
}
