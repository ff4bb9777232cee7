/**
 * Type parsers shared by both backends, so a read model sees the same JS values on PGlite
 * and on PostgreSQL: dates stay 'YYYY-MM-DD', instants become ISO strings, int8 becomes a
 * number (positions and counts stay far below 2^53).
 */
export const PG_OID = {
  int8: 20,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
} as const

const identity = (value: string): string => value

/**
 * Converts PostgreSQL's text output of a timestamptz (`2024-05-01 12:00:00.123456+02`) to an
 * ISO instant in UTC with millisecond precision (`2024-05-01T10:00:00.123Z`).
 *
 * @param value text as PostgreSQL prints it (DateStyle ISO)
 * @example timestamptzToIso('2024-05-01 12:00:00+02') // '2024-05-01T10:00:00.000Z'
 */
export const timestamptzToIso = (value: string): string => {
  if (value === 'infinity' || value === '-infinity') return value
  let text = value.replace(' ', 'T')
  // "+02" and "+0530" are not ISO offsets; JS wants "+02:00" / "+05:30".
  text = text.replace(
    /([+-]\d{2})(\d{2})?(:\d{2})?$/,
    (_m, h: string, m?: string, colonM?: string) =>
      colonM !== undefined ? `${h}${colonM}` : `${h}:${m ?? '00'}`,
  )
  const date = new Date(text)
  if (Number.isNaN(date.getTime())) throw new Error(`cannot parse timestamptz ${value}`)
  return date.toISOString()
}

/** A timestamp without time zone is taken as UTC. */
const timestampToIso = (value: string): string => timestamptzToIso(`${value}+00`)

export const typeParsers: Readonly<Record<number, (value: string) => unknown>> = {
  [PG_OID.int8]: (value: string) => Number(value),
  [PG_OID.date]: identity,
  [PG_OID.timestamp]: timestampToIso,
  [PG_OID.timestamptz]: timestamptzToIso,
}
