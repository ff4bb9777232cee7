// Brå's official reported-crime figures from the real Dalarna file: imported as
// OfficialStatisticsPublished, kept in their own read model and served exactly as published,
// as known at any instant, per tenant.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  evolveOfficialStatistics,
  officialFiguresOf,
  officialStatisticsInitialState,
} from '@lagesbild/projections'
import { importPublicSource } from '@lagesbild/public-sources'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from './testing/setup.js'

const BRA = fileURLToPath(
  new URL('../../../../shared/data/real/bra_kommunindikatorer_dalarna.csv', import.meta.url),
)
const TOTAL = 'totalt-antal-anmalda-brott'
const FIRST_IMPORT = '2025-06-01T00:00:00.000Z'
const SECOND_VINTAGE = '2025-09-01T00:00:00.000Z'

let api: TestApi
let token: string
const get = async (query: string, as = token) => {
  const res = await api.call(`/v1/official-statistics${query}`, as)
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as {
    figures: { year: number; count: number | null; ratePer100k: number | null; label: string }[]
  }
}
const importBra = (text: string, now: string) =>
  importPublicSource(api.lagesbild.store, {
    tenantId: 'ludvika',
    source: 'bra-indicators',
    file: { text },
    now,
    options: { places: { Ludvika: 'ludvika' } },
  })

beforeAll(async () => {
  api = await openTestApi()
  token = await api.token('ludvika', 'municipality', 'analyst')
  await api.registerPlaces('ludvika', [
    {
      placeId: 'ludvika',
      name: 'Ludvika',
      level: 'municipality',
      kind: 'municipality',
      parentId: null,
    },
  ])
  await importBra(readFileSync(BRA, 'utf8'), FIRST_IMPORT)
  await api.lagesbild.runner.catchUp()
}, 120_000)
afterAll(async () => api?.lagesbild.close())

describe('GET /v1/official-statistics on the real Brå file', () => {
  it("returns Ludvika's reported crimes exactly as published", async () => {
    const { figures } = await get(`?area=ludvika&statistic=${TOTAL}&from=2022&to=2024`)
    expect(figures.map((f) => [f.year, f.count])).toEqual([
      [2022, 2183],
      [2023, 1949],
      [2024, 2127],
    ])
    expect(figures[0]?.label).toBe('Totalt antal anmälda brott')
    // The published geography name finds the same figures as the place id.
    const byName = await get(`?area=Ludvika&statistic=${TOTAL}&from=2022&to=2024`)
    expect(byName.figures).toEqual(figures)
  })

  it('answers from the read model exactly what the pure fold over the log gives', async () => {
    const events = await api.lagesbild.store.readAll({ tenantId: 'ludvika', limit: 100_000 })
    const state = events.reduce(
      (s, e) =>
        evolveOfficialStatistics(s, {
          type: e.type,
          data: e.data,
          metadata: { eventId: e.eventId, tenantId: e.tenantId, recordedAt: e.recordedAt },
        }),
      officialStatisticsInitialState,
    )
    const expected = officialFiguresOf(state, 'ludvika')
    expect(expected.length).toBeGreaterThan(100)
    const res = await api.call('/v1/official-statistics', token)
    const body = (await res.json()) as { figures: unknown[] }
    expect(body.figures).toEqual(expected)
  })

  it('knows nothing before the import and is unchanged by a re-import', async () => {
    expect((await get('?knownAt=2025-05-31T23:59:59Z')).figures).toEqual([])
    const before = await get('')
    const again = await importBra(readFileSync(BRA, 'utf8'), '2025-07-01T00:00:00.000Z')
    expect(again.appended).toBe(0)
    await api.lagesbild.runner.catchUp()
    expect(await get('')).toEqual(before)
  })

  it('shows a new vintage from when it was recorded, and the old value as known before', async () => {
    const text = readFileSync(BRA, 'utf8').replace(
      '"Ludvika","Antal","2024","Totalt antal anmälda brott",2127,',
      '"Ludvika","Antal","2024","Totalt antal anmälda brott",2131,',
    )
    const vintage = await importBra(text, SECOND_VINTAGE)
    expect(vintage.appended).toBe(1)
    await api.lagesbild.runner.catchUp()
    const query = `?area=ludvika&statistic=${TOTAL}&from=2024&to=2024`
    expect((await get(query)).figures.map((f) => f.count)).toEqual([2131])
    expect(
      (await get(`${query}&knownAt=2025-08-01T00:00:00Z`)).figures.map((f) => f.count),
    ).toEqual([2127])
  })

  it('keeps tenants apart and refuses a reversed year range', async () => {
    const other = await api.token('falun', 'municipality', 'analyst')
    expect((await get('', other)).figures).toEqual([])
    const res = await api.call('/v1/official-statistics?from=2024&to=2020', token)
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
  })
})
