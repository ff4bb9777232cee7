import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { EventStore, StoredEvent } from '@lagesbild/event-store'
import { testBackends } from '@lagesbild/event-store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseBraIndicators } from '../bra-indicators/parse.js'
import { parsePoliceEventRevisions, parsePoliceEvents } from '../police-events/parse.js'
import { slugify } from '../shared/ids.js'
import { readRealFile, realFile } from '../testing/real-data.js'
import { importPublicSource } from './import-public-source.js'

const NOW = '2026-09-01T12:00:00Z'

const seed = async (store: EventStore, tenantId: string, type: string, data: object) => {
  const eventId = randomUUID()
  const streamId =
    type === 'PlaceRegistered'
      ? `place-${(data as { placeId: string }).placeId}`
      : type === 'CategoryCatalogueSet'
        ? 'config'
        : `organisation-${(data as { organisationId: string }).organisationId}`
  await store.append(
    { tenantId, streamId },
    [
      {
        eventId,
        type,
        schemaVersion: 1,
        data: data as never,
        recordedAt: '2020-01-01T00:00:00Z',
        metadata: {
          eventId,
          tenantId,
          recordedAt: '2020-01-01T00:00:00Z',
          actor: { organisationId: 'admin', role: 'admin' },
          correlationId: eventId,
          causationId: null,
          schemaVersion: 1,
        },
      },
    ],
    { expectedVersion: 'any' },
  )
}

const eventsOf = async (store: EventStore, tenantId: string): Promise<StoredEvent[]> => {
  const all: StoredEvent[] = []
  for (;;) {
    const page = await store.readAll({
      tenantId,
      after: all.at(-1)?.globalPosition ?? 0,
      limit: 5000,
    })
    if (page.length === 0) return all
    all.push(...page)
  }
}

type Obs = { categoryCode: string; note?: string; placeId: string }

/** The report's observation as known at `t` (the bitemporal read the tests check). */
const knownAt = (events: readonly StoredEvent[], reportId: string, t: string): Obs | undefined => {
  let obs: Obs | undefined
  for (const e of events) {
    if (e.data.reportId !== reportId || Date.parse(e.recordedAt) > Date.parse(t)) continue
    if (e.type === 'ReportSubmitted') obs = (e.data.observations as unknown as Obs[])[0]
    if (e.type === 'ObservationCorrected') obs = e.data.observation as unknown as Obs
    if (e.type === 'ReportRetracted') obs = undefined
  }
  return obs
}

describe.each(await testBackends())('importPublicSource on $name', (backend) => {
  let store: EventStore
  beforeAll(async () => {
    if (!backend.skipReason) store = await backend.open()
  })
  afterAll(async () => {
    await store?.close()
  })

  it.skipIf(backend.skipReason)(
    "imports Brå's NTU figures exactly as published, and again writes nothing",
    async () => {
      await seed(store, 'ludvika', 'PlaceRegistered', {
        placeId: 'ludvika',
        name: 'Ludvika',
        level: 'municipality',
        kind: 'municipality',
        parentId: null,
      })
      const request = {
        tenantId: 'ludvika',
        source: 'bra-indicators',
        file: realFile('bra_kommunindikatorer_dalarna.csv'),
        now: NOW,
        options: { places: { Ludvika: 'ludvika' } },
      } as const
      const first = await importPublicSource(store, request)
      expect(first.imported + first.rejected.length).toBe(first.rows)
      expect(first.rejectedByKind.malformed).toBe(459)
      expect(first.appended).toBe(first.events)

      const parsed = parseBraIndicators(readRealFile('bra_kommunindikatorer_dalarna.csv'))
      const expected = parsed.ntu.filter((f) => f.geography === 'Ludvika' && f.surveyYear === 2024)
      const waves = (await eventsOf(store, 'ludvika')).filter(
        (e) => e.type === 'SurveyWaveImported' && e.data.waveId === 'bra-ntu-2024',
      )
      const stored = waves.flatMap(
        (e) =>
          (e.data.content as { aggregates: Record<string, unknown>[] }).aggregates as {
            area: { placeId?: string }
            indicatorId: string
            estimate: number
            ciLower: number
            ciUpper: number
            n: number | null
          }[],
      )
      const ludvika = stored.filter((a) => a.area.placeId === 'ludvika')
      expect(ludvika).toHaveLength(expected.length)
      for (const f of expected) {
        const a = ludvika.find((x) => x.indicatorId === slugify(f.indicator))
        expect(a).toMatchObject({ estimate: f.estimate, ciLower: f.ciLower, ciUpper: f.ciUpper })
        expect(a?.n).toBe(f.n)
      }
      const otrygg = ludvika.find((a) => a.indicatorId.startsWith('otrygghet-vid-utevistelse'))
      expect(otrygg).toMatchObject({ estimate: 21, ciLower: 16, ciUpper: 27, n: 128 })

      const official = first.officialStatistics?.filter(
        (s) => s.geography === 'Ludvika' && s.indicator === 'Totalt antal anmälda brott',
      )
      expect(official?.find((s) => s.year === 2023)).toMatchObject({
        count: 1949,
        placeId: 'ludvika',
      })

      // a stream of the same file is the same import: nothing new
      const again = await importPublicSource(store, {
        ...request,
        file: createReadStream(realFile('bra_kommunindikatorer_dalarna.csv')),
      })
      expect(again.appended).toBe(0)
      expect(again.skipped).toBe(first.events)
    },
  )

  it.skipIf(backend.skipReason)(
    'puts the Mjölby events of the Östergötland feed on the Mjölby tenant, county-located ones too',
    async () => {
      const text = readRealFile('polisen_events_ostergotland_2022_2026.json')
      const result = await importPublicSource(store, {
        tenantId: 'mjolby',
        source: 'police-events',
        file: { text },
        now: NOW,
        options: { municipality: 'Mjölby' },
      })
      expect(result.rows).toBe(3047)
      expect(result.imported + result.rejected.length).toBe(result.rows)
      expect(new Set(result.rejected.map((r) => r.row)).size).toBe(result.rejected.length)

      const { events } = parsePoliceEvents(text)
      const mjolby = events.filter(
        (e) =>
          e.location.name === 'Mjölby' ||
          (e.location.name.endsWith(' län') && e.name.endsWith(', Mjölby')),
      )
      expect(mjolby).toHaveLength(88)
      const stored = await eventsOf(store, 'mjolby')
      const reports = new Set(
        stored.filter((e) => e.type === 'ReportSubmitted').map((e) => e.data.reportId),
      )
      const mapped = mjolby.filter((e) => ['Rån', 'Misshandel', 'Stöld/inbrott'].includes(e.type))
      expect(mapped.some((e) => e.location.name === 'Östergötlands län')).toBe(true)
      for (const e of mapped) expect(reports.has(`police-event-${e.id}`)).toBe(true)
      // every imported report is a Mjölby event, and every Mjölby event is accounted for
      const ids = new Set(mjolby.map((e) => `police-event-${e.id}`))
      for (const r of reports) expect(ids.has(String(r))).toBe(true)
      expect(result.imported).toBe(reports.size)
      expect(result.rejected.filter((r) => r.kind !== 'out-of-scope')).toHaveLength(
        mjolby.length - reports.size,
      )
      const place = stored.find((e) => e.type === 'PlaceRegistered')
      expect(place?.data).toMatchObject({ placeId: 'mjolby-municipality', level: 'municipality' })

      const again = await importPublicSource(store, {
        tenantId: 'mjolby',
        source: 'police-events',
        file: { text },
        now: '2026-09-02T12:00:00Z',
        options: { municipality: 'Mjölby' },
      })
      expect(again.appended).toBe(0)
    },
  )

  it.skipIf(backend.skipReason)(
    'imports the DeSO crime delivery as reports known at registration, creating places on request',
    async () => {
      const request = {
        tenantId: 'ludvika-crimes',
        source: 'police-crimes',
        file: realFile('polisen_brott_deso_ludvika_2022_2025.csv'),
        now: NOW,
        options: {
          key: realFile('brottskod_kategori_nyckel_region_dalarna.csv'),
          municipality: 'Ludvika',
        },
      } as const
      const withoutPlaces = await importPublicSource(store, request)
      expect(withoutPlaces.imported).toBe(0)
      expect(withoutPlaces.rejected).toHaveLength(9305)
      expect(
        withoutPlaces.rejected.some((r) => /DeSO 2085\w+; pass createPlaces/.test(r.reason)),
      ).toBe(true)

      const result = await importPublicSource(store, {
        ...request,
        options: { ...request.options, createPlaces: true },
      })
      expect(result.rows).toBe(9305)
      expect(result.imported + result.rejected.length).toBe(9305)
      expect(result.rejectedByKind['out-of-scope']).toBe(0)
      const stored = await eventsOf(store, 'ludvika-crimes')
      const places = stored.filter((e) => e.type === 'PlaceRegistered')
      // 18 DeSO areas and the municipality pseudo-place as their parent
      expect(places).toHaveLength(19)
      const reports = stored.filter((e) => e.type === 'ReportSubmitted')
      expect(reports).toHaveLength(result.imported)
      for (const r of reports.slice(0, 200)) {
        const o = (r.data.observations as { placeId: string; occurredOn: { date: string } }[])[0]
        expect(o?.placeId).toMatch(/^deso-2085[abc]\d{4}$/)
        expect(r.recordedAt.slice(0, 10) >= (o?.occurredOn.date ?? '')).toBe(true)
      }
      const assaults = reports.filter(
        (r) => (r.data.observations as { categoryCode: string }[])[0]?.categoryCode === 'assault',
      )
      expect(assaults.length).toBeGreaterThan(500)

      const again = await importPublicSource(store, {
        ...request,
        options: { ...request.options, createPlaces: true },
      })
      expect(again.appended).toBe(0)
    },
  )

  it.skipIf(backend.skipReason)(
    'turns the real revisions into corrections known at the time each version was first seen',
    async () => {
      const text = readRealFile('polisen_events_ostergotland_revisions.json')
      const { histories } = parsePoliceEventRevisions(text)
      const types = [...new Set(histories.flatMap((h) => h.versions.map((v) => v.event.type)))]
      // One category per police type, so every change of type shows as a change of category.
      const categories = types.map((t) => ({
        code: slugify(t, 60),
        labelSv: t,
        labelEn: t,
        kind: 'crime' as const,
        group: 'personal' as const,
        harmWeight: 1,
        active: true,
      }))
      const typeMapping = Object.fromEntries(
        types.map((t) => [t, { categoryCode: slugify(t, 60) }]),
      )
      const municipalities = [
        ...new Set(histories.flatMap((h) => h.versions.map((v) => v.event.municipality))),
      ].filter((m): m is string => m !== undefined)
      let corrections = 0
      for (const municipality of municipalities) {
        const tenantId = `rev-${slugify(municipality)}`
        await seed(store, tenantId, 'CategoryCatalogueSet', { categories })
        const result = await importPublicSource(store, {
          tenantId,
          source: 'police-events',
          file: { text },
          now: NOW,
          options: { municipality, typeMapping },
        })
        expect(result.imported + result.rejected.length).toBe(97)
        corrections += result.corrections ?? 0
        const stored = await eventsOf(store, tenantId)
        for (const e of stored.filter((x) => x.type === 'ObservationCorrected')) {
          const h = histories.find((x) => `police-event-${x.id}` === e.data.reportId)
          const seen = h?.versions.map((v) => Date.parse(v.observedAt))
          expect(seen).toContain(Date.parse(e.recordedAt))
        }
      }
      // Oracle from the raw versions: a version that changes type or summary within the same
      // municipality (and is not a bundled summary) is a correction.
      let expected = 0
      for (const h of histories) {
        for (const [i, v] of h.versions.entries()) {
          const prev = h.versions[i - 1]?.event
          const e = v.event
          if (prev === undefined || e.municipality === undefined || e.bundled || prev.bundled)
            continue
          if (prev.municipality !== e.municipality) continue
          if (prev.type !== e.type || prev.summary.trim() !== e.summary.trim()) expected++
        }
      }
      expect(corrections).toBeGreaterThanOrEqual(expected)
      expect(expected).toBeGreaterThan(50)

      // The picture as known at a time shows what was published then (event 423516, Linköping).
      const stored = await eventsOf(store, 'rev-linkoping')
      const before = knownAt(stored, 'police-event-423516', '2023-05-05T00:00:00Z')
      const after = knownAt(stored, 'police-event-423516', '2023-05-05T02:19:19Z')
      expect(before?.note).toBe('Försvunnen person i Ljungsbro')
      expect(after?.note).toBe('Försvunnen person i Ljungsbro. ANTRÄFFAD VID LIV.')

      const retyped = histories.find(
        (h) =>
          h.versions[0]?.event.municipality === 'Linköping' &&
          new Set(h.versions.map((v) => v.event.type)).size > 1 &&
          h.versions.every((v) => v.event.municipality === 'Linköping' && !v.event.bundled),
      )
      expect(retyped).toBeDefined()
      for (const v of retyped?.versions ?? []) {
        const obs = knownAt(stored, `police-event-${retyped?.id}`, v.observedAt)
        expect(obs?.categoryCode).toBe(slugify(v.event.type, 60))
      }
    },
  )
})
