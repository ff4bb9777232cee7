/** Parsers for the cell formats the import files share. Each returns undefined when invalid. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Strict `YYYY-MM-DD` that names a real calendar day. */
export const parseDate = (value: string): string | undefined => {
  const m = DATE.exec(value)
  if (m === null) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1) return undefined
  const max = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
  return day <= max ? value : undefined
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/

/** `HH:MM`, 24 hours. A single-digit hour (`9:30`) is padded because spreadsheets drop zeros. */
export const parseTime = (value: string): string | undefined => {
  const padded = /^\d:\d\d$/.test(value) ? `0${value}` : value
  return TIME.test(padded) ? padded : undefined
}

const INTEGER = /^-?\d+$/

export const parseInteger = (value: string): number | undefined =>
  INTEGER.test(value) ? Number(value) : undefined

const DECIMAL = /^-?\d+(?:[.,]\d+)?$/

/**
 * A decimal number with a point or a Swedish decimal comma. Spaces (also non-breaking and
 * narrow ones) are accepted as thousands separators, as Swedish spreadsheets write them.
 */
export const parseDecimal = (value: string): number | undefined => {
  const compact = value.replace(/[\s\u00a0\u202f]/g, '').replace('\u2212', '-')
  return DECIMAL.test(compact) ? Number(compact.replace(',', '.')) : undefined
}

const INSTANT =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Stockholm',
  timeZoneName: 'longOffset',
})

/** Stockholm's UTC offset at an instant, e.g. `+01:00` in winter and `+02:00` in summer. */
const stockholmOffsetAt = (epochMs: number): string => {
  const name = offsetFormat.formatToParts(epochMs).find((p) => p.type === 'timeZoneName')?.value
  const offset = name?.replace('GMT', '') ?? ''
  return offset === '' ? '+00:00' : offset
}

const offsetMinutes = (offset: string): number => {
  if (offset === 'Z') return 0
  const sign = offset.startsWith('-') ? -1 : 1
  const digits = offset.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)))
}

const offsetCache = new Map<string, string>()

/** The offset Swedish local time had at a wall-clock time (the earlier one in the DST overlap). */
const stockholmOffsetFor = (date: string, hour: string, minute: string): string => {
  const key = `${date}T${hour}`
  const cached = offsetCache.get(key)
  if (cached !== undefined) return cached
  const wall = Date.parse(`${date}T${hour}:${minute}:00Z`)
  // Guess with the winter offset, then correct once: the offset can only be +01:00 or +02:00.
  let offset = stockholmOffsetAt(wall - 60 * 60_000)
  offset = stockholmOffsetAt(wall - offsetMinutes(offset) * 60_000)
  if (offsetCache.size > 10_000) offsetCache.clear()
  offsetCache.set(key, offset)
  return offset
}

/**
 * An instant, normalised to `YYYY-MM-DDTHH:MM:SS±HH:MM` (or `…Z`). Without an offset the value is
 * Swedish local time (Europe/Stockholm); a bare date means local midnight at its start.
 */
export const parseInstant = (value: string): string | undefined => {
  const dateOnly = parseDate(value)
  const m = dateOnly === undefined ? INSTANT.exec(value) : null
  let date: string
  let hour = '00'
  let minute = '00'
  let second = '00'
  let fraction = ''
  let offset: string | undefined
  if (dateOnly !== undefined) {
    date = dateOnly
  } else if (m !== null && m[1] !== undefined && parseDate(m[1]) !== undefined) {
    date = m[1]
    hour = m[2] ?? '00'
    minute = m[3] ?? '00'
    second = m[4] ?? '00'
    fraction = m[5] ?? ''
    offset = m[6]
    if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined
  } else {
    return undefined
  }
  if (offset === undefined) offset = stockholmOffsetFor(date, hour, minute)
  else if (offset !== 'Z' && !offset.includes(':'))
    offset = `${offset.slice(0, 3)}:${offset.slice(3)}`
  return `${date}T${hour}:${minute}:${second}${fraction}${offset}`
}

/** Epoch milliseconds of a normalised instant. */
export const instantMs = (instant: string): number => Date.parse(instant)
