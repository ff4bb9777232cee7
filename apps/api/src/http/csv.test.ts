import { describe, expect, it } from 'vitest'
import { toCsv } from './csv.js'

describe('toCsv', () => {
  it('quotes separators, quotes and line breaks (RFC 4180) with CRLF rows', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['line\nbreak', null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n')
  })

  it('defuses text a spreadsheet would run as a formula, but keeps negative numbers', () => {
    expect(
      toCsv(
        ['name', 'n'],
        [
          ['=HYPERLINK("x")', -3],
          ['@SUM(A1)', 0],
        ],
      ),
    ).toBe(`name,n\r\n"'=HYPERLINK(""x"")",-3\r\n'@SUM(A1),0\r\n`)
  })
})
