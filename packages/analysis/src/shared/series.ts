import { check } from './errors.js'

/**
 * Counts per place, aligned with a list of period start dates: `counts[placeId][i]` is the count
 * in the period that starts on `periods[i]` and ends the day before `periods[i + 1]`.
 */
export type PlaceSeries = Readonly<Record<string, readonly number[]>>

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Checks that periods are ISO dates in strictly increasing order. */
export function checkPeriods(periods: readonly string[]): void {
  check(periods.length > 0, 'empty-periods', 'periods is empty: pass the period start dates.')
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i] as string
    check(ISO_DATE.test(p), 'invalid-period', `periods[${i}] is '${p}', expected YYYY-MM-DD.`)
    if (i > 0) {
      check(
        p > (periods[i - 1] as string),
        'periods-not-increasing',
        `periods must be strictly increasing; periods[${i}] = ${p} ≤ periods[${i - 1}].`,
      )
    }
  }
}

/** Checks that every series has one finite, non-negative count per period. */
export function checkSeries(series: PlaceSeries, periods: readonly string[], label: string): void {
  for (const [place, values] of Object.entries(series)) {
    check(
      values.length === periods.length,
      'length-mismatch',
      `${label}['${place}'] has ${values.length} values; there are ${periods.length} periods.`,
    )
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number
      check(
        Number.isFinite(v) && v >= 0,
        'invalid-count',
        `${label}['${place}'][${i}] is ${v}; counts must be finite and ≥ 0.`,
      )
    }
  }
}

/** Index of the period containing `date` (the last period starting on or before it), or -1. */
export function periodIndexOf(periods: readonly string[], date: string): number {
  let lo = 0
  let hi = periods.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if ((periods[mid] as string) <= date) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

export const sum = (xs: readonly number[]): number => {
  let s = 0
  for (const x of xs) s += x
  return s
}

export const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : sum(xs) / xs.length)

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0
  const m = mean(xs)
  let ss = 0
  for (const x of xs) ss += (x - m) ** 2
  return Math.sqrt(ss / (xs.length - 1))
}

/** Pearson correlation; 0 when either series is constant (no pattern to match). */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a)
  const mb = mean(b)
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < a.length; i++) {
    const da = (a[i] as number) - ma
    const db = (b[i] as number) - mb
    sab += da * db
    saa += da * da
    sbb += db * db
  }
  if (saa === 0 || sbb === 0) return 0
  return sab / Math.sqrt(saa * sbb)
}
