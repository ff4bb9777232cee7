// POST /v1/imports/{source}: the public-source imports over HTTP, on the real files.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { SOURCE_ORGANISATIONS } from '@lagesbild/projections'
import {
  POLICE_CRIMES_ORGANISATION,
  POLICE_EVENTS_ORGANISATION,
  parseBraIndicators,
  parseCrimeCodeKey,
  parsePoliceCrimes,
  reconcileCrimeTotals,
} from '@lagesbild/public-sources'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from './testing/setup.js'

const real = (file: string) =>
  readFileSync(
    fileURLToPath(new URL(`../../../../shared/data/real/${file}`, import.meta.url)),
    'utf8',
  )

interface Summary {
  rows: number
  imported: number
  rejectedCount: number
  rejected: { row: number; kind: string; reason: string }[]
  appended: number
  skipped: number
}

let api: TestApi
let coordinator: string

// Straight to the app: a FormData body must set its own multipart boundary.
const upload = (path: string, body: string | FormData, type?: string, token = coordinator) =>
  api.app.request(`/v1/imports/${path}`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) },
  })

beforeAll(async () => {
  api = await openTestApi()
  coordinator = await api.token('dalarna', 'municipality', 'coordinator')
  await api.registerPlaces('dalarna', [
    {
      placeId: 'ludvika',
      name: 'Ludvika',
      level: 'municipality',
      kind: 'municipality',
      parentId: null,
    },
  ])
}, 120_000)
afterAll(async () => api?.lagesbild.close())

describe('POST /v1/imports/{source}', () => {
  it("imports Brå's county table, every row accounted for, figures served as published", async () => {
    const res = await upload(
      'bra-indicators?places=Ludvika:ludvika',
      real('bra_kommunindikatorer_dalarna.csv'),
      'text/csv',
    )
    const body = (await res.json()) as Summary
    expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(201)
    expect(body.imported + body.rejectedCount).toBe(body.rows)
    expect(body.rejected.every((r) => r.row > 1 && r.reason.length > 0)).toBe(true)
    const analyst = await api.token('dalarna', 'municipality', 'analyst')
    const figures = await api.call(
      '/v1/official-statistics?area=ludvika&statistic=totalt-antal-anmalda-brott&from=2024&to=2024',
      analyst,
    )
    const served = (await figures.json()) as { figures: { count: number }[] }
    expect(served.figures.map((f) => f.count)).toEqual([2127])
    const again = await upload(
      'bra-indicators?places=Ludvika:ludvika',
      real('bra_kommunindikatorer_dalarna.csv'),
      'text/csv',
    )
    expect(((await again.json()) as Summary).appended).toBe(0)
  })

  it('imports a police crime delivery sent as multipart with its key, creating DeSO places', async () => {
    const form = new FormData()
    form.set('file', new Blob([real('polisen_brott_deso_ludvika_2022_2025.csv')]), 'delivery.csv')
    form.set('key', new Blob([real('brottskod_kategori_nyckel_region_dalarna.csv')]), 'key.csv')
    const res = await upload(
      'police-crimes?municipality=Ludvika&municipalityPlaceId=ludvika&createPlaces=true',
      form,
    )
    const body = (await res.json()) as Summary
    expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(201)
    expect(body.rows).toBe(9305)
    expect(body.imported + body.rejectedCount).toBe(9305)
    expect(body.imported).toBe(3174)
    // At most 1,000 rejections are listed; all are counted.
    expect(body.rejected).toHaveLength(1000)
  })

  it('imports the police events feed for one municipality and re-imports nothing', async () => {
    const mjolby = await api.token('mjolby', 'municipality', 'coordinator')
    const feed = real('polisen_events_ostergotland_2022_2026.json')
    const res = await upload('police-events?municipality=Mjölby', feed, 'application/json', mjolby)
    const body = (await res.json()) as Summary
    expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(201)
    expect(body.rows).toBe(3047)
    expect(body.imported + body.rejectedCount).toBe(3047)
    expect(body.appended).toBeGreaterThan(0)
    const again = await upload(
      'police-events?municipality=Mjölby',
      feed,
      'application/json',
      mjolby,
    )
    expect(((await again.json()) as Summary).appended).toBe(0)

    // The situation picture lists the police events of its period. Summed over every period of
    // the feed's years, that is every imported event, each once.
    const analyst = await api.token('mjolby', 'municipality', 'analyst')
    const seen = new Set<string>()
    let listed = 0
    for (let day = new Date(Date.UTC(2022, 0, 3)); day.getUTCFullYear() < 2027; ) {
      const asOf = day.toISOString().slice(0, 10)
      const res = await api.call(`/v1/situation-picture?asOf=${asOf}`, analyst)
      expect(res.status).toBe(200)
      const picture = (await res.json()) as {
        period: { start: string; end: string }
        policeEvents: { total: number; observations: { reportId: string; occurredOn: string }[] }
      }
      for (const o of picture.policeEvents.observations) {
        expect(o.occurredOn >= picture.period.start && o.occurredOn <= picture.period.end).toBe(
          true,
        )
        seen.add(o.reportId)
      }
      listed += picture.policeEvents.total
      day = new Date(`${picture.period.end}T00:00:00Z`)
      day.setUTCDate(day.getUTCDate() + 1)
    }
    expect(listed).toBe(body.imported)
    expect(seen.size).toBe(body.imported)
    // Before the import nothing was known.
    const early = await api.call(
      '/v1/situation-picture?asOf=2024-06-01&knownAt=2022-01-01T00:00:00Z',
      analyst,
    )
    expect(((await early.json()) as { policeEvents: { total: number } }).policeEvents.total).toBe(0)
  })

  it('serves the reconciliation of the police delivery with Brå, both labelled, from the store', async () => {
    const analyst = await api.token('dalarna', 'municipality', 'analyst')
    const res = await api.call(
      '/v1/official-statistics/reconciliation?area=ludvika&from=2022&to=2024',
      analyst,
    )
    expect(res.status, await res.clone().text()).toBe(200)
    const body = (await res.json()) as {
      years: {
        year: number
        police: { label: string; count: number; localTrafficCodes: number }
        bra: { label: string; count: number }
        difference: number
      }[]
    }
    expect(
      body.years.map((y) => [y.year, y.police.count, y.police.localTrafficCodes, y.bra.count]),
    ).toEqual([
      [2022, 2315, 177, 2183],
      [2023, 2498, 287, 1949],
      [2024, 2591, 145, 2127],
    ])
    expect(body.years.map((y) => y.difference)).toEqual([132, 549, 464])
    // The same as the pure reconciliation over the parsed files.
    const crimes = parsePoliceCrimes(
      real('polisen_brott_deso_ludvika_2022_2025.csv'),
      parseCrimeCodeKey(real('brottskod_kategori_nyckel_region_dalarna.csv')).key,
    ).crimes
    const official = parseBraIndicators(real('bra_kommunindikatorer_dalarna.csv')).reportedCrime
    const pure = reconcileCrimeTotals({ crimes, official, municipality: 'Ludvika' }).filter(
      (y) => y.year >= 2022 && y.year <= 2024,
    )
    expect(body.years).toEqual(pure)
  })

  it("trend views tell the police series apart from the partners' reports", async () => {
    const analyst = await api.token('dalarna', 'municipality', 'analyst')
    const trend = async (query: string) => {
      const res = await api.call(
        `/v1/places/ludvika/trend?scope=area&from=2022-01-01&to=2024-12-31&bucket=year${query}`,
        analyst,
      )
      expect(res.status, await res.clone().text()).toBe(200)
      return (await res.json()) as {
        sources: string[]
        points: { count: number; bySource: Record<string, number> }[]
      }
    }
    // The trend knows the importers' organisations by name: the two lists must agree.
    expect(SOURCE_ORGANISATIONS).toEqual({
      [POLICE_EVENTS_ORGANISATION]: 'police-events',
      [POLICE_CRIMES_ORGANISATION]: 'police-crimes',
    })
    const all = await trend('')
    expect(all.sources).toEqual(['partners', 'police-events', 'police-crimes'])
    expect(all.points).toHaveLength(3)
    for (const p of all.points) {
      expect(p.bySource['police-crimes']).toBeGreaterThan(0)
      expect(p.bySource.partners).toBe(0)
      expect(p.count).toBe(p.bySource['police-crimes'])
    }
    const csv = await api.call(
      '/v1/places/ludvika/trend.csv?scope=area&from=2022-01-01&to=2024-12-31&bucket=year',
      analyst,
    )
    const [header, ...rows] = (await csv.text()).trim().split(/\r?\n/)
    expect(header).toBe('start,end,count,source_partners,source_police_events,source_police_crimes')
    expect(rows.map((r) => r.split(',')[2])).toEqual(all.points.map((p) => String(p.count)))
    expect(rows.map((r) => r.split(',')[5])).toEqual(
      all.points.map((p) => String(p.bySource['police-crimes'])),
    )
    const partners = await trend('&sources=partners')
    expect(partners.points.map((p) => p.count)).toEqual([0, 0, 0])
    expect(Object.keys(partners.points[0]?.bySource ?? {})).toEqual(['partners'])
    const bad = await api.call(
      '/v1/places/ludvika/trend?from=2022-01-01&to=2022-12-31&sources=rumours',
      analyst,
    )
    expect(bad.status).toBe(400)
  })

  it('refuses unreadable files, unknown places, wrong media types and roles, writing nothing', async () => {
    const before = await api.eventCount('dalarna')
    const broken = await upload(
      'police-events?municipality=Ludvika',
      '[{"id": 1,',
      'application/json',
    )
    expect(broken.status).toBe(422)
    expect(broken.headers.get('content-type')).toContain('application/problem+json')
    const unknownPlace = await upload(
      'bra-indicators?places=Falun:falun',
      real('bra_kommunindikatorer_dalarna.csv'),
      'text/csv',
    )
    expect(unknownPlace.status).toBe(422)
    expect(((await unknownPlace.json()) as { detail: string }).detail).toMatch(
      /falun.*not a registered place/,
    )
    expect((await upload('bra-indicators', 'a,b\n1,2\n', 'application/json')).status).toBe(415)
    expect((await upload('police-crimes', 'x', 'text/csv')).status).toBe(415)
    const reporter = await api.token('dalarna', 'municipality', 'reporter')
    const refused = await upload('bra-indicators', 'x', 'text/csv', reporter)
    expect(refused.status).toBe(403)
    expect((await upload('not-a-source', 'x', 'text/csv')).status).toBe(400)
    expect(await api.eventCount('dalarna')).toBe(before)
  })
})
