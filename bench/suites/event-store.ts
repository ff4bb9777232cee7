/**
 * Event store benchmark: batched ingest (appendMany) against a raw COPY of the same rows into
 * the same table, on the same machine in the same run, and single-event append latency.
 * Target from the issue: batched ingest ≥ 0.8 of raw COPY on both backends.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type AppendRequest,
  copyFromStdin,
  copyLine,
  type EventStore,
  type NewEvent,
  openEventStore,
} from '@lagesbild/event-store'
import { openPostgresTestStore, resetEventStore } from '@lagesbild/event-store/testing'
import {
  type Backend,
  type BenchContext,
  type BenchSection,
  type BenchSuite,
  type Measurement,
  percentile,
} from '../lib/report.js'

const EVENTS_PER_STREAM = 20
const EVENTS_PER_BATCH = 10_000
const ROUNDS = 3
const LATENCY_SAMPLES = 300

const COLUMNS = [
  'tenant_id',
  'stream_id',
  'stream_version',
  'event_id',
  'type',
  'schema_version',
  'data',
  'metadata',
  'recorded_at',
]

/** Observation-like events: a few short fields, as the importers produce them. */
const makeBatches = (total: number): AppendRequest[][] => {
  const start = Date.UTC(2024, 0, 1)
  const batches: AppendRequest[][] = []
  let batch: AppendRequest[] = []
  let inBatch = 0
  for (let made = 0; made < total; made += EVENTS_PER_STREAM) {
    const streamId = `place-${randomUUID()}`
    const events: NewEvent[] = Array.from({ length: EVENTS_PER_STREAM }, (_, i) => ({
      eventId: randomUUID(),
      type: 'ObservationRecorded',
      schemaVersion: 1,
      data: {
        placeId: streamId,
        category: ['klotter', 'skadegörelse', 'nedskräpning', 'ungdomssamlingar'][i % 4] as string,
        kind: 'disorder',
        observedOn: new Date(start + (made + i) * 60_000).toISOString().slice(0, 10),
        count: 1 + (i % 3),
        suspected: i % 5 === 0,
      },
      metadata: { source: 'bench', reporter: `org-${i % 7}` },
      recordedAt: new Date(start + (made + i) * 60_000).toISOString(),
    }))
    batch.push({ tenantId: 'bench', streamId, events, expectedVersion: 'no-stream' })
    inBatch += EVENTS_PER_STREAM
    if (inBatch >= EVENTS_PER_BATCH) {
      batches.push(batch)
      batch = []
      inBatch = 0
    }
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}

/** The minimum any client must do: serialise the rows and COPY them, one transaction per batch. */
const rawCopy = async (store: EventStore, batches: readonly AppendRequest[][]): Promise<void> => {
  for (const batch of batches) {
    let text = ''
    for (const request of batch) {
      request.events.forEach((e, i) => {
        text += copyLine([
          request.tenantId,
          request.streamId,
          i + 1,
          e.eventId,
          e.type,
          e.schemaVersion,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
          e.recordedAt,
        ])
      })
    }
    await store.db
      .transaction()
      .execute((trx) => trx.executeQuery(copyFromStdin('events', COLUMNS, text)))
  }
}

const batchedAppend = async (store: EventStore, batches: readonly AppendRequest[][]) => {
  for (const batch of batches) await store.appendMany(batch)
}

const truncate = (store: EventStore) => resetEventStore(store)

const timed = async (fn: () => Promise<void>): Promise<number> => {
  const started = performance.now()
  await fn()
  return (performance.now() - started) / 1000
}

const measureBackend = async (
  backend: Backend,
  store: EventStore,
  total: number,
  log: BenchContext['log'],
): Promise<Measurement[]> => {
  const batches = makeBatches(total)
  const rawRates: number[] = []
  const ourRates: number[] = []
  // Alternate the two so drift in machine load hits both alike; quote the best of each.
  for (let round = 0; round < ROUNDS; round++) {
    const rawSeconds = await timed(() => rawCopy(store, batches))
    await truncate(store)
    const ourSeconds = await timed(() => batchedAppend(store, batches))
    await truncate(store)
    rawRates.push(total / rawSeconds)
    ourRates.push(total / ourSeconds)
    log(
      `event-store ${backend} round ${round + 1}: raw COPY ${Math.round(total / rawSeconds)} events/s, appendMany ${Math.round(total / ourSeconds)} events/s`,
    )
  }
  const raw = Math.max(...rawRates)
  const ours = Math.max(...ourRates)

  const latencies: number[] = []
  const ref = { tenantId: 'bench', streamId: `latency-${randomUUID()}` }
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const event: NewEvent = {
      eventId: randomUUID(),
      type: 'ObservationRecorded',
      schemaVersion: 1,
      data: { i },
      metadata: {},
      recordedAt: new Date().toISOString(),
    }
    const started = performance.now()
    await store.append(ref, [event], { expectedVersion: i === 0 ? 'no-stream' : i })
    latencies.push(performance.now() - started)
  }

  const details = {
    eventsPerBatch: EVENTS_PER_BATCH,
    eventsPerStream: EVENTS_PER_STREAM,
    rounds: ROUNDS,
  }
  return [
    {
      name: 'raw COPY into events',
      backend,
      scale: total,
      value: Math.round(raw),
      unit: 'events/s',
      details,
    },
    {
      name: 'batched append (appendMany)',
      backend,
      scale: total,
      value: Math.round(ours),
      unit: 'events/s',
      target: '≥ 0.8 of raw COPY',
      ratio: { against: 'raw COPY into events', value: Number((ours / raw).toFixed(3)) },
      details: { ...details, rawRates, ourRates },
    },
    {
      name: 'single-event append latency p50',
      backend,
      scale: LATENCY_SAMPLES,
      value: Number(percentile(latencies, 0.5).toFixed(2)),
      unit: 'ms',
    },
    {
      name: 'single-event append latency p99',
      backend,
      scale: LATENCY_SAMPLES,
      value: Number(percentile(latencies, 0.99).toFixed(2)),
      unit: 'ms',
    },
  ]
}

/** Measures the event store on PGlite (file-backed, temp dir) and PostgreSQL (throwaway database). */
export const benchEventStore: BenchSuite = async (ctx): Promise<BenchSection> => {
  const total = ctx.quick ? 20_000 : 200_000
  const measurements: Measurement[] = []
  const notes = [
    'Raw COPY and appendMany insert the same rows into the same table (all indexes in place), one transaction per 10,000 events; both include serialising rows to COPY text. Best of 3 alternating rounds.',
    'appendMany adds: validation, the append advisory lock, a stream-version query, a savepoint, and a position-range query per batch.',
    'Single-event latency: one append of one event on one stream with an exact expected version, each in its own transaction.',
  ]

  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-bench-'))
  try {
    const store = await openEventStore({ dataDir: dir })
    try {
      measurements.push(...(await measureBackend('pglite', store, total, ctx.log)))
    } finally {
      await store.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  if (ctx.postgresUrl === undefined) {
    notes.push('PostgreSQL was not reachable: no PostgreSQL figures in this run.')
  } else {
    const store = await openPostgresTestStore(ctx.postgresUrl)
    try {
      measurements.push(...(await measureBackend('postgres', store, total, ctx.log)))
    } finally {
      await store.close()
    }
  }
  return { id: 'event-store', title: 'Event store ingest and append latency', measurements, notes }
}
