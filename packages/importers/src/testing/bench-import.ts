/**
 * Load test of the reports import: `npx tsx packages/importers/src/testing/bench-import.ts 1000000`
 * (PGlite in memory; `BENCH_DATA_DIR=…` for PGlite on disk, `BENCH_DATABASE_URL=postgres://…`
 * for a server). Prints the phases, the time spent inside `appendMany`, the summary and memory.
 */
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type EventStore, openEventStore } from '@lagesbild/event-store'
import { importCsv } from '../import-csv.js'
import { generateReportsFile } from './generate-reports.js'

const rows = Number(process.argv[2] ?? 1_000_000)
const path = join(tmpdir(), `lagesbild-bench-reports-${rows}.csv`)
await generateReportsFile(path, rows)
const opened = await openEventStore(
  process.env.BENCH_DATABASE_URL
    ? { databaseUrl: process.env.BENCH_DATABASE_URL }
    : process.env.BENCH_DATA_DIR
      ? { dataDir: process.env.BENCH_DATA_DIR }
      : { memory: true },
)
let appendMs = 0
// Wraps appendMany to separate the store's share of the time from the importer's.
const store: EventStore = {
  ...opened,
  appendMany: async (requests) => {
    const t = performance.now()
    try {
      return await opened.appendMany(requests)
    } finally {
      appendMs += performance.now() - t
    }
  },
}
const tenantId = `bench-${randomUUID().slice(0, 8)}`
const actor = { organisationId: 'bostadsbolaget', role: 'system' } as const
await store.appendMany([
  {
    tenantId,
    streamId: 'organisation-bostadsbolaget',
    expectedVersion: 'no-stream',
    events: [
      {
        eventId: randomUUID(),
        type: 'OrganisationRegistered',
        schemaVersion: 1,
        data: { organisationId: 'bostadsbolaget', name: 'Bostadsbolaget', kind: 'housing-company' },
        metadata: {},
        recordedAt: '2020-01-01T00:00:00Z',
      },
    ],
  },
])
const samples = fileURLToPath(new URL('../../../../docs/samples/places.csv', import.meta.url))
const places = await importCsv(store, { tenantId, kind: 'places', source: samples, actor })
if (!places.ok) throw new Error('places sample failed to import')
appendMs = 0
const started = performance.now()
let validated = 0
const result = await importCsv(store, {
  tenantId,
  kind: 'reports',
  source: path,
  actor,
  progressEvery: 100_000,
  onProgress: (p) => {
    const seconds = (performance.now() - started) / 1000
    if (p.phase === 'validate') validated = seconds
    console.error(
      `${p.phase} ${p.rows} rows at ${seconds.toFixed(1)} s (appendMany ${(appendMs / 1000).toFixed(1)} s)`,
    )
  },
})
const memory = process.memoryUsage()
console.log(
  JSON.stringify({
    result: result.ok ? result : { ...result, errors: result.errors.slice(0, 3) },
    validateSeconds: validated,
    appendManySeconds: appendMs / 1000,
    rssMB: Math.round(memory.rss / 1e6),
    heapUsedMB: Math.round(memory.heapUsed / 1e6),
  }),
)
const again = await importCsv(store, { tenantId, kind: 'reports', source: path, actor })
console.log(JSON.stringify({ secondRun: again }))
await opened.close()
