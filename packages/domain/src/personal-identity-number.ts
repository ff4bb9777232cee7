/**
 * Detection of Swedish personal identity numbers (personnummer) and coordination numbers
 * (samordningsnummer) in free text. Reports are about places, never about persons, so any text
 * carrying one is refused. Only candidates with a real date and a valid check digit count, so
 * ordinary numbers (counts, phone numbers, case numbers) rarely trip it.
 *
 * Recognised forms, with optional spaces around the separator: YYMMDD-NNNN, YYMMDD+NNNN,
 * YYMMDD NNNN, YYYYMMDDNNNN, YYYYMMDD-NNNN. A bare ten-digit YYMMDDNNNN is NOT checked: Swedish
 * mobile numbers (07XXXXXXXX) form valid dates and one in ten would pass the check digit.
 */

const SEP = '[ \\u00a0]?[-+\\u2010\\u2013\\u2212][ \\u00a0]?'
const CANDIDATE = new RegExp(
  `(?<!\\d)(?:(\\d{8})(?:${SEP}|[ \\u00a0])?(\\d{4})|(\\d{6})(?:${SEP}|[ \\u00a0])(\\d{4}))(?!\\d)`,
  'g',
)

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const daysIn = (year: number, month: number): number =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

/** Day numbers 61–91 are coordination numbers (day + 60). */
const isValidDatePart = (years: readonly number[], month: number, day: number): boolean => {
  if (month < 1 || month > 12) return false
  const realDay = day > 60 ? day - 60 : day
  return realDay >= 1 && years.some((y) => realDay <= daysIn(y, month))
}

/** Luhn over the ten-digit form YYMMDDNNNC. */
const hasValidCheckDigit = (tenDigits: string): boolean => {
  let sum = 0
  for (let i = 0; i < 10; i++) {
    let d = tenDigits.charCodeAt(i) - 48
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

const isValidCandidate = (datePart: string, serial: string): boolean => {
  const short = datePart.length === 8 ? datePart.slice(2) : datePart
  const yy = Number(short.slice(0, 2))
  const month = Number(short.slice(2, 4))
  const day = Number(short.slice(4, 6))
  const years = datePart.length === 8 ? [Number(datePart.slice(0, 4))] : [1900 + yy, 2000 + yy]
  return isValidDatePart(years, month, day) && hasValidCheckDigit(short + serial)
}

/**
 * True when the text contains a valid-looking personnummer or samordningsnummer.
 * @param text free text from a user
 * @example containsPersonalIdentityNumber('seen by 811218-9876') // true
 */
export const containsPersonalIdentityNumber = (text: string): boolean => {
  // Cheap pre-check: most texts have no run of six digits at all.
  if (!/\d{6}/.test(text)) return false
  for (const m of text.matchAll(CANDIDATE)) {
    const datePart = m[1] ?? m[3]
    const serial = m[2] ?? m[4]
    if (datePart !== undefined && serial !== undefined && isValidCandidate(datePart, serial)) {
      return true
    }
  }
  return false
}

/**
 * Walks a value and returns the path of the first string holding a personal identity number.
 * @param value command data (objects, arrays, strings)
 * @returns a dotted path such as `observations.2.note`, or undefined when clean
 * @example findPersonalIdentityNumber({ note: 'ok' }) // undefined
 */
export const findPersonalIdentityNumber = (value: unknown, path = ''): string | undefined => {
  if (typeof value === 'string') {
    return containsPersonalIdentityNumber(value) ? path : undefined
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findPersonalIdentityNumber(value[i], path === '' ? `${i}` : `${path}.${i}`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      // Keys are scanned too: survey answers are keyed by indicator id.
      const keyPath = path === '' ? key : `${path}.${key}`
      if (containsPersonalIdentityNumber(key)) return keyPath
      const found = findPersonalIdentityNumber(v, keyPath)
      if (found !== undefined) return found
    }
  }
  return undefined
}
