// Perceived insecurity from Brå's published NTU figures (the real Dalarna file): per municipality
// and year with Brå's own CIs and n, compared with the county and between years.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { importPublicSource } from '@lagesbild/public-sources'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from './testing/setup.js'

const INDICATOR = 'otrygghet-vid-utevistelse-sent-pa-kvallen-i-det-egna-bostadsomradet'

interface Cell {
  areaId: string
  year: number
  source: string
  suppressed: boolean
  n: number | null
  share?: number
  ci?: { lower: number; upper: number; level: number }
}
interface Comparison {
  areaId: string
  year: number
  against: { areaId: string; year: number }
  difference: number
  ci: { lower: number; upper: number }
  pValue: number
}

let api: TestApi
let analyst: string
let body: {
  municipalityId: string
  cells: Cell[]
  placeVsMunicipality: Comparison[]
  yearVsYear: Comparison[]
}

beforeAll(async () => {
  api = await openTestApi()
  analyst = await api.token('dalarna', 'municipality', 'analyst')
  // The county is the tenant's top place; two of its municipalities are registered areas.
  await api.registerPlaces(
    'dalarna',
    [
      ['dalarna', 'Dalarnas län', 'municipality', null],
      ['ludvika', 'Ludvika', 'area', 'dalarna'],
      ['falun', 'Falun', 'area', 'dalarna'],
    ].map(([placeId, name, level, parentId]) => ({
      placeId,
      name,
      level,
      kind: 'municipality',
      parentId,
    })),
  )
  const text = readFileSync(
    fileURLToPath(
      new URL('../../../../shared/data/real/bra_kommunindikatorer_dalarna.csv', import.meta.url),
    ),
    'utf8',
  )
  await importPublicSource(api.lagesbild.store, {
    tenantId: 'dalarna',
    source: 'bra-indicators',
    file: { text },
    options: { places: { Ludvika: 'ludvika', Falun: 'falun', 'Dalarnas län': 'dalarna' } },
  })
  await api.lagesbild.runner.catchUp()
  const res = await api.call(`/v1/insecurity?indicator=${INDICATOR}&year=2024,2025`, analyst)
  expect(res.status, await res.clone().text()).toBe(200)
  body = (await res.json()) as typeof body
}, 120_000)
afterAll(async () => api?.lagesbild.close())

describe('NTU published figures in /v1/insecurity', () => {
  const cell = (areaId: string, year: number) =>
    body.cells.find((c) => c.areaId === areaId && c.year === year)

  it("keeps Brå's estimate, interval and n exactly as published (percent as a share)", () => {
    // Ludvika 2024 in the file: 21 [16–27], n = 128.
    expect(cell('ludvika', 2024)).toMatchObject({
      source: 'published',
      suppressed: false,
      n: 128,
      share: 0.21,
      ci: { lower: 0.16, upper: 0.27, level: 0.95 },
    })
  })

  it('has every municipality of the county, the county and the nation as comparison series', () => {
    const areas = new Set(body.cells.filter((c) => c.year === 2024).map((c) => c.areaId))
    // 15 municipalities (two under their place ids) + the county (the tenant's top place) + the nation
    expect(areas.size).toBe(17)
    for (const name of [
      'Avesta',
      'Borlänge',
      'Mora',
      'Hela landet',
      'ludvika',
      'falun',
      'dalarna',
    ]) {
      expect(areas.has(name), name).toBe(true)
    }
  })

  it('compares a municipality with the county and a year with the year before', () => {
    const vsCounty = body.placeVsMunicipality.find((c) => c.areaId === 'ludvika' && c.year === 2024)
    expect(vsCounty).toBeDefined()
    const ludvika = cell('ludvika', 2024)?.share as number
    const county = cell('dalarna', 2024)?.share as number
    // Ludvika against the rest of the county: the sign follows the published shares.
    expect(Math.sign(vsCounty?.difference ?? 0)).toBe(Math.sign(ludvika - county))
    expect(vsCounty?.ci.lower).toBeLessThan(vsCounty?.difference as number)
    expect(vsCounty?.ci.upper).toBeGreaterThan(vsCounty?.difference as number)
    const yearOnYear = body.yearVsYear.find((c) => c.areaId === 'ludvika' && c.year === 2025)
    expect(yearOnYear?.against.year).toBe(2024)
    const l2025 = cell('ludvika', 2025)?.share as number
    expect(yearOnYear?.difference).toBeCloseTo(l2025 - ludvika, 12)
    expect(yearOnYear?.pValue).toBeGreaterThan(0)
    expect(yearOnYear?.pValue).toBeLessThanOrEqual(1)
  })
})
