import { describe, expect, it } from 'vitest'
import { parseBraIndicators } from '../bra-indicators/parse.js'
import { parseCrimeCodeKey, parsePoliceCrimes } from '../police-crimes/parse.js'
import { readRealFile } from '../testing/real-data.js'
import { RECONCILIATION_LABELS, reconcileCrimeTotals } from './index.js'

describe('reconcileCrimeTotals on the real Ludvika files', () => {
  const { key } = parseCrimeCodeKey(readRealFile('brottskod_kategori_nyckel_region_dalarna.csv'))
  const { crimes } = parsePoliceCrimes(
    readRealFile('polisen_brott_deso_ludvika_2022_2025.csv'),
    key,
  )
  const bra = parseBraIndicators(readRealFile('bra_kommunindikatorer_dalarna.csv'))
  const years = reconcileCrimeTotals({
    crimes,
    official: bra.reportedCrime,
    municipality: 'Ludvika',
  })

  it('shows both sources for 2022–2024, labelled, and does not make them agree', () => {
    const overlap = years.filter((y) => y.year >= 2022 && y.year <= 2024)
    // Printed in docs/public-sources.md; the README of the data states the same figures.
    console.info(
      overlap.map((y) => `${y.year}: police ${y.police.count}, Brå ${y.bra.count}`).join('; '),
    )
    expect(overlap.map((y) => y.police.count)).toEqual([2315, 2498, 2591])
    expect(overlap.map((y) => y.bra.count)).toEqual([2183, 1949, 2127])
    expect(overlap.map((y) => y.difference)).toEqual([132, 549, 464])
    // wildlife and other accidents under local codes explain only part of the gap
    expect(overlap.map((y) => y.police.localTrafficCodes)).toEqual([177, 287, 145])
    for (const y of overlap) {
      expect(y.police.label).toBe(RECONCILIATION_LABELS.police)
      expect(y.bra.label).toBe(RECONCILIATION_LABELS.bra)
    }
  })

  it('keeps years only one source has, with the other left empty', () => {
    expect(years.find((y) => y.year === 2017)).toMatchObject({
      police: { count: null },
      bra: { count: 2780 },
      difference: null,
    })
    expect(years.find((y) => y.year === 2025)).toMatchObject({
      police: { count: 2463 },
      bra: { count: null },
    })
  })
})
