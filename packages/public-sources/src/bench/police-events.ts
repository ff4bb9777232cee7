/**
 * Bench: import rate of the nationwide police events collection (85,011 events), on PGlite and,
 * when reachable, PostgreSQL. Run: `npx tsx packages/public-sources/src/bench/police-events.ts`.
 * Two mappings: the default one (about one event in eight maps), and every type mapped, which
 * measures the writer rather than the filter.
 */
import { readFileSync } from 'node:fs'
import { type EventStore, openEventStore } from '@lagesbild/event-store'
import { openPostgresTestStore, postgresSkipReason } from '@lagesbild/event-store/testing'
import { importPublicSource } from '../import/import-public-source.js'
import type { PoliceTypeMapping } from '../police-events/mapping.js'
import { parsePoliceEventsCompactCsv } from '../police-events/parse.js'
import { realFile } from '../testing/real-data.js'

const FILE = realFile('polisen_events_sverige_2022_2026_compact.csv')
const text = readFileSync(FILE, 'utf8')

const t0 = performance.now()
const parsed = parsePoliceEventsCompactCsv(text)
const parseSeconds = (performance.now() - t0) / 1000
console.log(
  `parse: ${parsed.rows} rows in ${parseSeconds.toFixed(2)} s = ${Math.round(parsed.rows / parseSeconds)} rows/s`,
)

// Every type onto one category: a throughput setting, not a meaningful mapping.
const everyType: PoliceTypeMapping = Object.fromEntries(
  [...new Set(parsed.events.map((e) => e.type))].map((t) => [t, { categoryCode: 'unsafe-place' }]),
)

const run = async (backend: string, open: () => Promise<EventStore>): Promise<void> => {
  for (const [label, typeMapping] of [
    ['default mapping', undefined],
    ['every type mapped', everyType],
  ] as const) {
    const store = await open()
    try {
      const result = await importPublicSource(store, {
        tenantId: 'sverige',
        source: 'police-events',
        file: { text },
        now: '2026-09-01T00:00:00Z',
        options: typeMapping === undefined ? {} : { typeMapping },
      })
      const again = await importPublicSource(store, {
        tenantId: 'sverige',
        source: 'police-events',
        file: { text },
        now: '2026-09-02T00:00:00Z',
        options: typeMapping === undefined ? {} : { typeMapping },
      })
      console.log(
        `${backend}, ${label}: ${result.rows} rows, ${result.appended} events appended, ` +
          `${result.rejected.length} rejected, ${result.seconds.toFixed(2)} s = ` +
          `${Math.round(result.rows / result.seconds)} rows/s, ` +
          `${Math.round(result.appended / result.seconds)} events/s; ` +
          `re-import ${again.seconds.toFixed(2)} s, ${again.appended} appended`,
      )
    } finally {
      await store.close()
    }
  }
}

await run('pglite', () => openEventStore({ memory: true }))
if ((await postgresSkipReason()) === undefined) await run('postgres', () => openPostgresTestStore())
else console.log('postgres: unreachable, skipped')
