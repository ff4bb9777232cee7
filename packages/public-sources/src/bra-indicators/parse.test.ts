import { describe, expect, it } from 'vitest'
import { readRealFile } from '../testing/real-data.js'
import { parseBraIndicators } from './parse.js'

const FILE = 'bra_kommunindikatorer_dalarna.csv'

describe('parseBraIndicators on the real Dalarna file', () => {
  const text = readRealFile(FILE)
  const result = parseBraIndicators(text)

  it('accounts for every row exactly once (figure, respondents or rejected)', () => {
    const used = [
      ...result.ntu.flatMap((f) => f.rows),
      ...result.reportedCrime.flatMap((f) => f.rows),
      ...[...result.respondents.values()].map((r) => r.row),
      ...result.rejected.map((r) => r.row),
    ]
    expect(result.rows).toBe(13_209)
    expect(used).toHaveLength(result.rows)
    expect(new Set(used).size).toBe(result.rows)
  })

  it('flags the indicator whose name carries its unit text, and nothing else', () => {
    expect(result.rejected.length).toBeGreaterThan(0)
    for (const r of result.rejected) {
      expect(r.reason).toMatch(/unit text/)
      expect(r.kind).toBe('malformed')
    }
    // 17 geographies × 9 years × 3 rows (estimate and two limits)
    expect(result.rejected).toHaveLength(459)
  })

  it("gives Ludvika's otrygghet exactly as published, with its n", () => {
    const ludvika = result.ntu.filter(
      (f) =>
        f.geography === 'Ludvika' &&
        f.indicator === 'Otrygghet vid utevistelse sent på kvällen i det egna bostadsområdet',
    )
    const y2017 = ludvika.find((f) => f.year === 2017)
    const y2024 = ludvika.find((f) => f.year === 2024)
    expect(y2017).toMatchObject({ estimate: 33, ciLower: 30, ciUpper: 37, n: 706 })
    expect(y2024).toMatchObject({ estimate: 21, ciLower: 16, ciUpper: 27, n: 128 })
    expect(y2024?.yearSemantics).toBe('survey-year')
  })

  it('keeps national decimals bit for bit', () => {
    const nation2017 = result.ntu.find(
      (f) =>
        f.geography === 'Hela landet' &&
        f.year === 2017 &&
        f.indicator.startsWith('Otrygghet vid utevistelse'),
    )
    expect(nation2017?.estimate).toBe(27.7202812844386)
    expect(nation2017?.n).toBe(79_933)
  })

  it('every accepted value prints back as the text in the file', () => {
    const lines = text.split(/\r?\n/)
    for (const f of result.reportedCrime) {
      for (const row of f.rows) {
        const line = lines[row - 1] ?? ''
        const printed = [f.count, f.ratePer100k].map(String)
        expect(printed.some((p) => line.includes(`,${p},`))).toBe(true)
      }
    }
    for (const f of result.ntu) {
      const [est, ...limits] = f.rows
      expect(lines[(est ?? 0) - 1]).toContain(`,${f.estimate},`)
      const limitLines = limits.map((r) => lines[r - 1] ?? '').join('\n')
      expect(limitLines).toContain(`,${f.ciLower},`)
      expect(limitLines).toContain(`,${f.ciUpper},`)
    }
  })

  it('reads self-reported exposure as the year before the survey', () => {
    const exposure = result.ntu.filter((f) => f.indicator.startsWith('Självrapporterad utsatthet'))
    expect(exposure.length).toBeGreaterThan(0)
    for (const f of exposure) {
      expect(f.yearSemantics).toBe('exposure-year')
      expect(f.surveyYear).toBe(f.year + 1)
    }
    // exposure in 2016 comes from the 2017 survey, so it has that wave's n
    const falun2016 = exposure.find((f) => f.geography === 'Falun' && f.year === 2016)
    expect(falun2016?.n).toBe(result.respondents.get('Falun\u00002017')?.n)
    expect(falun2016?.n).not.toBeNull()
  })

  it("gives Ludvika's official reported crime counts for 2022–2024", () => {
    const totals = result.reportedCrime
      .filter((f) => f.geography === 'Ludvika' && f.indicator === 'Totalt antal anmälda brott')
      .filter((f) => f.year >= 2022 && f.year <= 2024)
      .sort((a, b) => a.year - b.year)
    expect(totals.map((f) => f.count)).toEqual([2183, 1949, 2127])
    expect(totals.map((f) => f.ratePer100k)).toEqual([8261, 7389, 8021])
  })
})

describe('parseBraIndicators on malformed rows', () => {
  const head = '"geografi","enhet","ar","variabel","varde","kalla"'
  const ntu = '"Nationella trygghetsundersökningen (NTU)"'

  it('rejects a figure without an upper limit, naming what lacks', () => {
    const text = [
      head,
      `"X","Andel (%) a","2020","Ind",20,${ntu}`,
      `"X","KI (95 %) undre gräns","2020","Ind",18,${ntu}`,
    ].join('\n')
    const r = parseBraIndicators(text)
    expect(r.ntu).toHaveLength(0)
    expect(r.rejected.map((x) => x.row)).toEqual([2, 3])
    expect(r.rejected[0]?.reason).toMatch(/no upper limit/)
  })

  it('rejects an estimate outside its interval and a non-numeric value', () => {
    const text = [
      head,
      `"X","Andel (%) a","2020","Ind",30,${ntu}`,
      `"X","KI (95 %) undre gräns","2020","Ind",18,${ntu}`,
      `"X","KI (95 %) övre gräns","2020","Ind",22,${ntu}`,
      `"X","Antal","2020","Bilbrott","12,5","Anmälda brott"`,
    ].join('\n')
    const r = parseBraIndicators(text)
    expect(r.rejected.map((x) => x.reason)).toEqual([
      expect.stringMatching(/outside its interval/),
      expect.stringMatching(/outside its interval/),
      expect.stringMatching(/outside its interval/),
      expect.stringMatching(/not a number/),
    ])
  })

  it('fails at once on a file that is not this table', () => {
    expect(() => parseBraIndicators('a,b\n1,2')).toThrow(/lacks column/)
  })
})
