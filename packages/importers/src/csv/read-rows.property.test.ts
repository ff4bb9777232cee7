import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { scanLayout } from './layout.js'
import { readRecords } from './read-rows.js'
import type { Delimiter } from './source.js'

const dir = mkdtempSync(join(tmpdir(), 'lagesbild-read-rows-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

/** What the importer read before the fast path: csv-parse, strict, with empty lines dropped. */
const reference = (text: string, delimiter: Delimiter): string[][] =>
  (
    parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: false,
    }) as string[][]
  ).filter((fields, i) => i === 0 || !(fields.length === 1 && fields[0] === ''))

/** What the importer reads now, through files read `chunkBytes` at a time. */
const read = async (
  text: string,
  delimiter: Delimiter,
  chunkBytes: number,
): Promise<{ records?: string[][]; error?: unknown; wellFormed: boolean }> => {
  const path = join(dir, `f${files++}.csv`)
  writeFileSync(path, text, 'utf8')
  const { wellFormed } = await scanLayout(path, delimiter, chunkBytes)
  try {
    const records: string[][] = []
    for await (const r of readRecords(path, delimiter, undefined, chunkBytes)) {
      records.push([...r.fields])
    }
    return { records, wellFormed }
  } catch (error) {
    return { error, wellFormed }
  }
}

/** A cell as a spreadsheet writes it: quoted when it must be (or at random), quotes doubled. */
const cell = fc
  .tuple(
    fc
      .array(fc.constantFrom('a', 'Ö', 'å', ' ', ',', ';', '"', '\n', '\r\n', '1', '€'), {
        maxLength: 6,
      })
      .map((parts) => parts.join('')),
    fc.boolean(),
  )
  .map(([value, quoteAnyway]) =>
    quoteAnyway || /[",;\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value,
  )

const wellFormedFile = fc
  .record({
    rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    delimiter: fc.constantFrom<Delimiter>(',', ';'),
    bom: fc.boolean(),
    trailingNewline: fc.boolean(),
  })
  .map(({ rows, newline, delimiter, bom, trailingNewline }) => ({
    delimiter,
    text:
      (bom ? '\ufeff' : '') +
      rows.map((r) => r.join(delimiter)).join(newline) +
      (trailingNewline ? newline : ''),
  }))

/** Anything at all from the characters that matter to CSV. */
const anyFile = fc.record({
  delimiter: fc.constantFrom<Delimiter>(',', ';'),
  text: fc
    .array(fc.constantFrom('a', 'å', ' ', ',', ';', '"', '\n', '\r', '\ufeff'), { maxLength: 40 })
    .map((parts) => parts.join('')),
})

describe('readRecords', () => {
  it('reads every well-formed file exactly as strict csv-parse does, across chunk borders', async () => {
    await fc.assert(
      fc.asyncProperty(wellFormedFile, fc.integer({ min: 1, max: 64 }), async (file, chunk) => {
        const got = await read(file.text, file.delimiter, chunk)
        expect(got.wellFormed).toBe(true)
        expect(got.records).toEqual(reference(file.text, file.delimiter))
      }),
      { numRuns: 300 },
    )
  })

  it('agrees with strict csv-parse on arbitrary text: the same records, or an error for both', async () => {
    await fc.assert(
      fc.asyncProperty(anyFile, fc.integer({ min: 1, max: 16 }), async (file, chunk) => {
        let expected: string[][] | undefined
        try {
          expected = reference(file.text, file.delimiter)
        } catch {
          expected = undefined
        }
        const got = await read(file.text, file.delimiter, chunk)
        if (expected === undefined) expect(got.error).toBeDefined()
        else expect(got.records).toEqual(expected)
      }),
      { numRuns: 1000 },
    )
  })

  it('sends a quote opening mid-field, an unclosed quote or mixed line breaks to the strict parser', async () => {
    for (const text of ['a,b"c\n', 'a,"b\n', 'a,"b"c\n', 'a,b\r\nc\n', 'a\nb\rc\n', 'a\rb\nc']) {
      expect((await read(text, ',', 3)).wellFormed, JSON.stringify(text)).toBe(false)
    }
    for (const text of ['a,"b\nc"\r\n', '\ufeff"a";"b""c"\n', '"a"\r"b"\r', '', 'a']) {
      expect((await read(text, text.includes(';') ? ';' : ',', 2)).wellFormed).toBe(true)
    }
  })
})
