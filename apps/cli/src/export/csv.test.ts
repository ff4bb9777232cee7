import { PICTURE_CSV_HEADER, pictureCsv, toCsv } from '@lagesbild/api'
import { describe, expect, it } from 'vitest'
import { samplePicture } from './fixture.js'

describe('toCsv', () => {
  it('prefixes formula-like text with an apostrophe and quotes where needed', () => {
    expect(toCsv(['a'], [['=1+1'], ['+x'], ['-y'], ['@z'], ['a,b'], ['say "hi"'], [-3]])).toBe(
      `a\r\n'=1+1\r\n'+x\r\n'-y\r\n'@z\r\n"a,b"\r\n"say ""hi"""\r\n-3\r\n`,
    )
  })

  it('writes null and undefined as empty cells', () => {
    expect(toCsv(['a', 'b'], [[null, undefined]])).toBe('a,b\r\n,\r\n')
  })
})

describe('pictureCsv', () => {
  const lines = pictureCsv(samplePicture()).split('\r\n')

  it('has the API header and one row per cell', () => {
    expect(lines[0]).toBe(PICTURE_CSV_HEADER.join(','))
    expect(lines).toHaveLength(1 + 2 + 1) // header, two cells, trailing empty line
    expect(lines[3]).toBe('')
  })

  it('writes a cell row with period, name, counts and comparisons', () => {
    expect(lines[2]).toBe(
      '2024-03-04,2024-03-17,torget,"Torget, ""stora""",graffiti,1,1,1,1.5,4,-3,1,1.5,',
    )
  })

  it('neutralises a formula in a category', () => {
    expect(lines[1]).toContain(`,"'=HYPERLINK(""x"")",`)
    expect(
      lines[1]?.startsWith('2024-03-04,2024-03-17,park,<script>alert(1)</script> Parken,'),
    ).toBe(true)
  })
})
