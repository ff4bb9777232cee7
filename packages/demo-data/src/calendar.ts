/**
 * Calendar arithmetic on day numbers (whole days since 1970-01-01, UTC). The generators loop
 * over hundreds of thousands of days × cells, so they work on integers and format ISO strings
 * only when an event is written.
 */

const MS_PER_DAY = 86_400_000

/** Day number of a `YYYY-MM-DD` date. */
export const dayOf = (date: string): number => {
  const ms = Date.parse(`${date}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) {
    throw new Error(`Expected a date YYYY-MM-DD, got "${date}"`)
  }
  return Math.round(ms / MS_PER_DAY)
}

const isoCache = new Map<number, string>()

/** `YYYY-MM-DD` of a day number. */
export const isoOf = (day: number): string => {
  let iso = isoCache.get(day)
  if (iso === undefined) {
    iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
    isoCache.set(day, iso)
  }
  return iso
}

/** 0 = Monday … 6 = Sunday (ISO order; 1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7

/** Calendar year of a day number. */
export const yearOf = (day: number): number => new Date(day * MS_PER_DAY).getUTCFullYear()

/** 0-based day of the year. */
export const dayOfYear = (day: number): number => day - dayOf(`${yearOf(day)}-01-01`)

/** The first Monday on or after a day. */
export const mondayOnOrAfter = (day: number): number => day + ((7 - weekdayOf(day)) % 7)

// March and October both have 31 days.
const lastSunday = (year: number, month: '03' | '10'): number => {
  const end = dayOf(`${year}-${month}-31`)
  return end - ((weekdayOf(end) + 1) % 7)
}

const dstCache = new Map<number, readonly [number, number]>()

/**
 * Whether Swedish summer time applies on a day (last Sunday of March to the day before the last
 * Sunday of October). Events are stamped between 07:00 and 23:00, so the switch hour itself
 * never matters.
 */
export const isSummerTime = (day: number): boolean => {
  const year = yearOf(day)
  let range = dstCache.get(year)
  if (range === undefined) {
    range = [lastSunday(year, '03'), lastSunday(year, '10')]
    dstCache.set(year, range)
  }
  return day >= range[0] && day < range[1]
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** `HH:MM` of minutes after midnight. */
export const timeOf = (minutes: number): string =>
  `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`

/**
 * An instant in Swedish local time with its offset, and its epoch milliseconds for ordering
 * (ISO strings with different offsets do not sort by time).
 * @param day day number
 * @param seconds seconds after local midnight, 0 … 86 399
 */
export const localInstant = (day: number, seconds: number): { iso: string; ms: number } => {
  const offsetHours = isSummerTime(day) ? 2 : 1
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  return {
    iso: `${isoOf(day)}T${pad2(h)}:${pad2(m)}:${pad2(s)}+0${offsetHours}:00`,
    ms: day * MS_PER_DAY + (seconds - offsetHours * 3600) * 1000,
  }
}

/**
 * Whether compulsory and upper-secondary schools are in term on a day, roughly as in
 * Östergötland: spring term 9 January – 12 June, autumn term 20 August – 20 December, without
 * the sports holiday (week 8), Easter week (approximated as week 15) and the autumn break
 * (week 44).
 */
export const isSchoolTerm = (day: number): boolean => {
  const md = isoOf(day).slice(5)
  const inTerm = (md >= '01-09' && md <= '06-12') || (md >= '08-20' && md <= '12-20')
  if (!inTerm) return false
  const week = isoWeek(day)
  return week !== 8 && week !== 15 && week !== 44
}

/** ISO 8601 week number. */
export const isoWeek = (day: number): number => {
  const thursday = day - weekdayOf(day) + 3
  const jan1 = dayOf(`${yearOf(thursday)}-01-01`)
  return Math.floor((thursday - jan1) / 7) + 1
}
