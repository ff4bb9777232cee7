/** Calendar arithmetic on `YYYY-MM-DD` strings, in UTC so no local time zone leaks in. */

const MS_PER_DAY = 86_400_000

/**
 * Adds whole days to a date.
 * @example addDays('2024-02-28', 2) // '2024-03-01'
 */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10)

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 * @example daysBetween('2024-01-01', '2024-01-15') // 14
 */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY)

/**
 * The calendar date of an ISO instant in the offset it was written with, i.e. the local date
 * when the instant carries the municipality's offset.
 * @example dateOfInstant('2024-03-15T00:30:00+01:00') // '2024-03-15'
 */
export const dateOfInstant = (instant: string): string => instant.slice(0, 10)
