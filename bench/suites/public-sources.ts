/**
 * Import rate of the nationwide police events collection (issue 9:
 * `polisen_events_sverige_2022_2026_compact.csv`, 85,011 events), on PGlite and PostgreSQL.
 * Baselines in the same run: parsing alone (the ceiling for the importer), and a re-import of
 * the same file (which must append nothing). Two mappings: the default one (about one event in
 * eight maps onto a category) and every type mapped, which measures the writer rather than the
 * filter. Also the Ludvika crime delivery (9,305 rows) with DeSO places created on request.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type EventStore, openEventStore } from '@lagesbild/event-store'
import { createThrowawayDatabase } from '@lagesbild/event-store/testing'
import {
  importPublicSource,
  type PoliceTypeMapping,
  parsePoliceEventsCompactCsv,
} from '@lagesbild/public-sources'
import type { Backend, BenchSuite, Measurement } from '../lib/report.js'

const REAL = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/real')
const EVENTS_FILE = 'polisen_events_sverige_2022_2026_compact.csv'
const CRIMES_FILE = 'polisen_brott_deso_ludvika_2022_2025.csv'
const KEY_FILE = 'brottskod_kategori_nyckel_region_dalarna.csv'

const read = (file: string): string => readFileSync(join(REAL, file), 'utf8')

/** A fresh store on the backend, and how to throw it away. */
async function freshStore(
  backend: Backend,
  postgresUrl: string | undefined,
): Promise<{ store: EventStore; dispose: () => Promise<void> }> {
  if (backend === 'pglite') {
    const store = await openEventStore({ memory: true })
    return { store, dispose: () => store.close() }
  }
  const db = await createThrowawayDatabase(postgresUrl)
  const store = await openEventStore({ databaseUrl: db.url })
  return {
    store,
    dispose: async () => {
      await store.close()
      await db.drop()
    },
  }
}

export const benchPublicSources: BenchSuite = async (ctx) => {
  const measurements: Measurement[] = []
  const notes: string[] = []
  const fullText = read(EVENTS_FILE)
  // Quick runs take the first 10,000 events (header kept).
  const text = ctx.quick ? fullText.split('\n').slice(0, 10_001).join('\n') : fullText

  const parseRuns: number[] = []
  let parsed = parsePoliceEventsCompactCsv(text)
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now()
    parsed = parsePoliceEventsCompactCsv(text)
    parseRuns.push((performance.now() - t0) / 1000)
  }
  const parseSeconds = [...parseRuns].sort((a, b) => a - b)[1] as number
  const parseRate = parsed.rows / parseSeconds
  measurements.push({
    name: 'police events: parse only (baseline)',
    scale: parsed.rows,
    value: Math.round(parseRate),
    unit: 'rows/s',
    details: { seconds: parseSeconds, runs: parseRuns },
  })
  ctx.log(`parse: ${parsed.rows} rows, ${Math.round(parseRate)} rows/s (median of 3)`)

  const everyType: PoliceTypeMapping = Object.fromEntries(
    [...new Set(parsed.events.map((e) => e.type))].map((t) => [
      t,
      { categoryCode: 'unsafe-place' },
    ]),
  )
  const backends: Backend[] = ctx.postgresUrl ? ['pglite', 'postgres'] : ['pglite']
  for (const backend of backends) {
    for (const [label, typeMapping] of [
      ['default mapping', undefined],
      ['every type mapped', everyType],
    ] as const) {
      const { store, dispose } = await freshStore(backend, ctx.postgresUrl)
      try {
        const options = typeMapping === undefined ? {} : { typeMapping }
        const first = await importPublicSource(store, {
          tenantId: 'sverige',
          source: 'police-events',
          file: { text },
          now: '2026-09-01T00:00:00Z',
          options,
        })
        const again = await importPublicSource(store, {
          tenantId: 'sverige',
          source: 'police-events',
          file: { text },
          now: '2026-09-02T00:00:00Z',
          options,
        })
        if (again.appended !== 0) throw new Error(`re-import appended ${again.appended} events`)
        const rate = first.rows / first.seconds
        measurements.push({
          name: `police events import, ${label}`,
          backend,
          scale: first.rows,
          value: Math.round(rate),
          unit: 'rows/s',
          ratio: { against: 'parse only', value: rate / parseRate },
          details: {
            seconds: first.seconds,
            appended: first.appended,
            rejected: first.rejected.length,
            eventsPerSecond: Math.round(first.appended / first.seconds),
            reimportSeconds: again.seconds,
          },
        })
        ctx.log(
          `${backend}, ${label}: ${first.rows} rows, ${first.appended} events in ${first.seconds.toFixed(2)} s = ${Math.round(rate)} rows/s; re-import ${again.seconds.toFixed(2)} s, 0 appended`,
        )
        measurements.push({
          name: `police events re-import (nothing new), ${label}`,
          backend,
          scale: first.rows,
          value: Math.round(first.rows / again.seconds),
          unit: 'rows/s',
        })
      } finally {
        await dispose()
      }
    }

    const { store, dispose } = await freshStore(backend, ctx.postgresUrl)
    try {
      const crimes = await importPublicSource(store, {
        tenantId: 'ludvika',
        source: 'police-crimes',
        file: { text: read(CRIMES_FILE) },
        options: { key: { text: read(KEY_FILE) }, createPlaces: true, municipality: 'Ludvika' },
      })
      measurements.push({
        name: 'police crime delivery import (Ludvika, DeSO places created)',
        backend,
        scale: crimes.rows,
        value: Math.round(crimes.rows / crimes.seconds),
        unit: 'rows/s',
        details: {
          seconds: crimes.seconds,
          appended: crimes.appended,
          rejected: crimes.rejected.length,
        },
      })
      ctx.log(
        `${backend}, police-crimes: ${crimes.rows} rows, ${crimes.appended} events in ${crimes.seconds.toFixed(2)} s`,
      )
    } finally {
      await dispose()
    }
  }
  notes.push(
    'Writer only: events appended to the log; the read models follow in the background (or the CLI rebuilds them when cheaper).',
    'The default mapping keeps the types that are crimes or disorder in the catalogue (about one event in eight); the rest are rejected as unmapped with the type in the reason.',
  )
  return {
    id: 'public-sources',
    title: 'Public sources: police events feed and crime delivery',
    measurements,
    notes,
  }
}
