import { CompiledQuery } from 'kysely'

/**
 * Rows for `COPY … FROM STDIN` in PostgreSQL's text format. Both of our drivers recognise a
 * compiled query whose only parameter is a CopyPayload and stream it with the backend's COPY
 * mechanism (pg-copy-streams on pg, the `/dev/blob` device on PGlite), so COPY runs on the
 * same connection, and therefore in the same transaction, as the surrounding kysely queries.
 */
export class CopyPayload {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

/**
 * A compiled `COPY <table> (<columns>) FROM STDIN` carrying the rows.
 *
 * @param table table name (trusted, not user input)
 * @param columns column names (trusted)
 * @param text rows in COPY text format, see {@link copyText}
 */
export const copyFromStdin = (
  table: string,
  columns: readonly string[],
  text: string,
): CompiledQuery =>
  CompiledQuery.raw(`copy ${table} (${columns.join(', ')}) from stdin`, [new CopyPayload(text)])

export const copyPayloadOf = (query: CompiledQuery): CopyPayload | undefined => {
  const [first] = query.parameters
  return query.parameters.length === 1 && first instanceof CopyPayload ? first : undefined
}

// Backslash, tab, newline and carriage return are the only characters COPY's text format
// treats specially inside a field.
const SPECIAL = /[\\\t\n\r]/
const escapeField = (value: string): string =>
  SPECIAL.test(value)
    ? value
        .replaceAll('\\', '\\\\')
        .replaceAll('\t', '\\t')
        .replaceAll('\n', '\\n')
        .replaceAll('\r', '\\r')
    : value

/**
 * Encodes one row for COPY's text format (tab-separated, `\N` for null).
 *
 * @param fields the row's values; strings are escaped, numbers written as they are
 */
export const copyLine = (fields: readonly (string | number | null)[]): string => {
  let line = ''
  for (let i = 0; i < fields.length; i++) {
    const value = fields[i]
    if (i > 0) line += '\t'
    line +=
      value === null || value === undefined
        ? '\\N'
        : typeof value === 'number'
          ? String(value)
          : escapeField(value)
  }
  return `${line}\n`
}

/** `begin` with kysely's transaction settings, shared by both drivers. */
export const beginStatement = (settings: {
  readonly isolationLevel?: string
  readonly accessMode?: string
}): string =>
  `begin${settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''}${settings.accessMode ? ` ${settings.accessMode}` : ''}`
