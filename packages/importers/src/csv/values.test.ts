import { describe, expect, it } from 'vitest'
import { sniffDelimiter } from './source.js'
import { parseDate, parseDecimal, parseInstant, parseTime } from './values.js'

describe('cell values', () => {
  it('read Swedish decimal commas, points and space thousands separators', () => {
    expect(parseDecimal('1,27')).toBe(1.27)
    expect(parseDecimal('-0.5')).toBe(-0.5)
    expect(parseDecimal('1 234,5')).toBe(1234.5)
    expect(parseDecimal('1,2,3')).toBeUndefined()
    expect(parseDecimal('12 %')).toBeUndefined()
  })

  it('accept only real YYYY-MM-DD dates', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29')
    expect(parseDate('2023-02-29')).toBeUndefined()
    expect(parseDate('2024-2-3')).toBeUndefined()
    expect(parseDate('03/02/2024')).toBeUndefined()
  })

  it('pad single-digit hours and refuse impossible times', () => {
    expect(parseTime('9:30')).toBe('09:30')
    expect(parseTime('24:00')).toBeUndefined()
  })

  it('read local times with the Stockholm offset of that day, summer time included', () => {
    expect(parseInstant('2024-03-04 09:15')).toBe('2024-03-04T09:15:00+01:00')
    expect(parseInstant('2024-07-01 09:15')).toBe('2024-07-01T09:15:00+02:00')
    expect(parseInstant('2024-03-31')).toBe('2024-03-31T00:00:00+01:00')
    expect(parseInstant('2024-03-05T10:00:00Z')).toBe('2024-03-05T10:00:00Z')
    expect(parseInstant('2024-03-05T10:00+0100')).toBe('2024-03-05T10:00:00+01:00')
    expect(parseInstant('2024-03-05 25:00')).toBeUndefined()
  })

  it('take the delimiter from the header line, ignoring quoted commas', () => {
    expect(sniffDelimiter('a;b;c')).toBe(';')
    expect(sniffDelimiter('a,b,c')).toBe(',')
    expect(sniffDelimiter('"a,b";c;d')).toBe(';')
    expect(sniffDelimiter('single')).toBe(',')
  })
})
