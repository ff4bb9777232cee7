import { describe, expect, it } from 'vitest'
import { parsePoliceEventsCompactCsv } from '../police-events/parse.js'
import { readCsv } from './csv.js'

describe('readCsv', () => {
  it('keeps rows that line up with the header and rejects those with more non-empty cells', () => {
    const text = 'a,b,c\n1,2,3\n1,2,3,,\n1,2,3,x\n"q,1",2,3\n'
    const { header, records, misfits } = readCsv(text)
    expect(header).toEqual(['a', 'b', 'c'])
    expect(records.map((r) => r.row)).toEqual([2, 3, 5])
    expect(records[2]?.fields).toEqual(['q,1', '2', '3'])
    expect(misfits).toEqual([
      { row: 4, kind: 'malformed', reason: '4 cells where the header has 3' },
    ])
  })

  it('makes a parser reject such a row instead of reading its columns shifted', () => {
    const text =
      'id,datetime,type,location_name\n' +
      '1,2024-03-01 21:10:00 +01:00,Skadegörelse,Mjölby\n' +
      '2,2024-03-02 22:00:00 +01:00,Brand,Mjölby, Östergötlands län\n'
    const parsed = parsePoliceEventsCompactCsv(text)
    expect(parsed.events.map((e) => e.id)).toEqual([1])
    expect(parsed.rejected).toEqual([
      { row: 3, kind: 'malformed', reason: '5 cells where the header has 4' },
    ])
    expect(parsed.rows).toBe(2)
  })
})
