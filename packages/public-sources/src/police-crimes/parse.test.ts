import { describe, expect, it } from 'vitest'
import { readRealFile } from '../testing/real-data.js'
import { normaliseCrimeCode, parseCrimeCodeKey, parsePoliceCrimes } from './parse.js'

describe('normaliseCrimeCode', () => {
  it('restores the leading zero the integer reading lost', () => {
    expect(normaliseCrimeCode('821')).toBe('0821')
    expect(normaliseCrimeCode('9827')).toBe('9827')
    expect(normaliseCrimeCode('12345')).toBeUndefined()
    expect(normaliseCrimeCode('08a')).toBeUndefined()
  })
})

describe('the real Ludvika delivery and Region Dalarna key', () => {
  const keyResult = parseCrimeCodeKey(readRealFile('brottskod_kategori_nyckel_region_dalarna.csv'))
  const { crimes, rejected, rows } = parsePoliceCrimes(
    readRealFile('polisen_brott_deso_ludvika_2022_2025.csv'),
    keyResult.key,
  )

  it('reads the key: 683 codes with five levels each', () => {
    expect(keyResult.rejected).toEqual([])
    expect(keyResult.key.size).toBe(683)
    expect(keyResult.key.get('0821')?.levels[2]).toBe('Inbrott')
  })

  it('accounts for every delivery row', () => {
    expect(rows).toBe(9305)
    expect(crimes.length + rejected.length).toBe(rows)
    expect(new Set([...crimes.map((c) => c.row), ...rejected.map((r) => r.row)]).size).toBe(rows)
    for (const r of rejected) expect(r.reason).not.toBe('')
  })

  it('keeps all 9,867 crimes, with 18 DeSO areas and the key for every code', () => {
    expect(rejected).toEqual([])
    expect(crimes.reduce((n, c) => n + c.count, 0)).toBe(9867)
    expect(new Set(crimes.map((c) => c.desoCode)).size).toBe(18)
    expect(crimes.filter((c) => c.category === undefined)).toEqual([])
    expect(crimes.every((c) => /^\d{4}$/.test(c.crimeCode))).toBe(true)
  })

  it('reads "-" as an unknown crime date, not as a date', () => {
    expect(crimes.filter((c) => c.crimeFrom === undefined).length).toBe(266)
  })
})
