/**
 * Growth of one tenant's latencies as the deployment grows around it (issue 8: a national
 * deployment of ~300 municipalities must keep append and situation-picture latency flat).
 * PostgreSQL only, and only with `LAGESBILD_BENCH_10M=1`: about 12 minutes and 25 GB of disk.
 *
 * The 1M-observation synthetic municipality is loaded through the store's batch append and
 * measured: situation pictures for random (asOf, knownAt) and single-event appends. Then more
 * municipalities with the same history are added under other tenant ids (copied inside
 * the server, under the append lock, so positions stay in commit order), the read models are
 * rebuilt for all of them, and the same probes run again on the first tenant: same data, many
 * times the log and read models around it.
 */
import { randomUUID } from 'node:crypto'
import {
  APPEND_LOCK_KEY,
  type EventStore,
  type NewEvent,
  openEventStore,
} from '@lagesbild/event-store'
import { createThrowawayDatabase } from '@lagesbild/event-store/testing'
import {
  createProjectionRunner,
  EVENT_STORE_LOG,
  situationPicture,
  situationPictureProjection,
} from '@lagesbild/projections'
import pg from 'pg'
import {
  type BenchContext,
  type BenchSection,
  type BenchSuite,
  type Measurement,
  median,
  percentile,
} from '../lib/report.js'
import { generateHistory, pictureSamples, TENANT } from './situation-picture.js'

const OBSERVATIONS = 1_000_000
/**
 * Municipalities added around the first: 33 by default, so `LAGESBILD_BENCH_10M=1` means what it
 * says (34M observations, 10M events, about 12 minutes and 25 GB of disk);
 * `LAGESBILD_BENCH_GROWTH_COPIES=9` makes a quicker 3M-event run.
 */
const COPIES = Number(process.env.LAGESBILD_BENCH_GROWTH_COPIES ?? 33)
if (!Number.isInteger(COPIES) || COPIES < 1) {
  throw new Error(`LAGESBILD_BENCH_GROWTH_COPIES must be a whole number ≥ 1, got ${COPIES}`)
}
const PICTURES = 150
const APPENDS = 300

interface Probe {
  readonly pictureP50: number
  readonly pictureP95: number
  /** The same pictures asked again: their pages are in memory now. */
  readonly warmP50: number
  readonly warmP95: number
  readonly appendP50: number
  readonly appendP99: number
}

const timed = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

/**
 * The first tenant's picture latencies and single-event append latencies, as they are now.
 * A checkpoint first: a bulk load leaves gigabytes of dirty pages, and their write-back would
 * otherwise land in the middle of the probe.
 */
async function probe(
  store: EventStore,
  url: string,
  label: string,
  ctx: BenchContext,
): Promise<Probe> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query('checkpoint').finally(() => client.end())
  const samples = pictureSamples(PICTURES)
  for (const s of samples.slice(0, 5)) await situationPicture(store.db, { tenantId: TENANT, ...s })
  const pass = async (): Promise<number[]> => {
    const ms: number[] = []
    for (const s of samples) {
      ms.push(await timed(() => situationPicture(store.db, { tenantId: TENANT, ...s })))
    }
    return ms
  }
  const pictures = await pass()
  const warm = await pass()
  const appends: number[] = []
  const ref = { tenantId: TENANT, streamId: `growth-probe-${randomUUID()}` }
  for (let i = 0; i < APPENDS; i++) {
    const event: NewEvent = {
      eventId: randomUUID(),
      type: 'GrowthProbe',
      schemaVersion: 1,
      data: { i },
      metadata: {},
      recordedAt: new Date().toISOString(),
    }
    appends.push(
      await timed(() => store.append(ref, [event], { expectedVersion: i === 0 ? 'no-stream' : i })),
    )
  }
  const result = {
    pictureP50: median(pictures),
    pictureP95: percentile(pictures, 0.95),
    warmP50: median(warm),
    warmP95: percentile(warm, 0.95),
    appendP50: median(appends),
    appendP99: percentile(appends, 0.99),
  }
  ctx.log(
    `${label}: picture p50 ${result.pictureP50.toFixed(1)} ms, p95 ${result.pictureP95.toFixed(1)} ms (asked again: ${result.warmP50.toFixed(1)} / ${result.warmP95.toFixed(1)} ms); append p50 ${result.appendP50.toFixed(1)} ms, p99 ${result.appendP99.toFixed(1)} ms`,
  )
  return result
}

export const benchGrowth: BenchSuite = async (ctx): Promise<BenchSection> => {
  const section = {
    id: 'growth',
    title: `Growth: one tenant as the deployment grows ${COPIES + 1}-fold`,
  }
  if (!ctx.postgresUrl || process.env.LAGESBILD_BENCH_10M !== '1') {
    ctx.log('skipped: set LAGESBILD_BENCH_10M=1 (PostgreSQL, about 12 minutes, 25 GB of disk)')
    return {
      ...section,
      measurements: [],
      notes: [
        `Not measured in this run: it needs PostgreSQL and \`LAGESBILD_BENCH_10M=1\` (${COPIES + 1} municipalities of 1M observations each; about 12 minutes and 25 GB of disk at 34).`,
      ],
    }
  }
  const database = await createThrowawayDatabase(ctx.postgresUrl)
  const url = new URL(database.url)
  const store = await openEventStore({ databaseUrl: database.url })
  try {
    const data = generateHistory(OBSERVATIONS)
    for (let i = 0; i < data.requests.length; i += 10_000) {
      await store.appendMany(data.requests.slice(i, i + 10_000))
    }
    const runner = createProjectionRunner({
      db: store.db,
      log: EVENT_STORE_LOG,
      projections: [situationPictureProjection],
    })
    await runner.migrate()
    await runner.rebuild('situation-picture')
    const small = await probe(
      store,
      url.toString(),
      `postgres ${OBSERVATIONS.toLocaleString('en')}`,
      ctx,
    )

    const grow = performance.now()
    const client = new pg.Client({ connectionString: url.toString() })
    await client.connect()
    try {
      for (let k = 2; k <= COPIES + 1; k++) {
        const tenant = `${TENANT}-${k}`
        await client.query('begin')
        await client.query('select pg_advisory_xact_lock($1)', [String(APPEND_LOCK_KEY)])
        await client.query(
          `insert into events (tenant_id, stream_id, stream_version, event_id, type,
              schema_version, data, metadata, recorded_at)
            select $1, stream_id, stream_version, gen_random_uuid(), type, schema_version,
              data, jsonb_set(metadata, '{tenantId}', to_jsonb($1::text)), recorded_at
            from events where tenant_id = $2 and type <> 'GrowthProbe'
            order by global_position`,
          [tenant, TENANT],
        )
        await client.query('commit')
      }
      await client.query('analyze events')
    } finally {
      await client.end()
    }
    const copied = (performance.now() - grow) / 1000
    const rebuilt = await runner.rebuild('situation-picture')
    ctx.log(
      `postgres: ${COPIES} more tenants copied in ${copied.toFixed(0)} s, read model rebuilt for ${rebuilt.events} events in ${rebuilt.seconds.toFixed(0)} s`,
    )
    const largeScale = OBSERVATIONS * (COPIES + 1)
    const large = await probe(
      store,
      url.toString(),
      `postgres ${largeScale.toLocaleString('en')}`,
      ctx,
    )
    const details = { logEvents: data.events * (COPIES + 1), tenants: COPIES + 1 }
    const row = (name: string, key: keyof Probe, target: string): Measurement[] => [
      { name, backend: 'postgres', scale: OBSERVATIONS, value: small[key], unit: 'ms' },
      {
        name,
        backend: 'postgres',
        scale: largeScale,
        value: large[key],
        unit: 'ms',
        target,
        ratio: {
          against: `the same at ${OBSERVATIONS.toLocaleString('en')}`,
          value: large[key] / small[key],
        },
        details,
      },
    ]
    return {
      ...section,
      measurements: [
        ...row('one tenant’s situation picture p50', 'pictureP50', 'flat'),
        ...row('one tenant’s situation picture p95', 'pictureP95', 'flat'),
        ...row('the same pictures asked again p50', 'warmP50', 'flat'),
        ...row('the same pictures asked again p95', 'warmP95', 'flat'),
        ...row('single-event append p50', 'appendP50', 'flat'),
        ...row('single-event append p99', 'appendP99', 'flat'),
      ],
      notes: [
        `The first tenant holds the same ${OBSERVATIONS.toLocaleString('en')} observations in both rows; the larger row adds ${COPIES} tenants with the same history around it (${COPIES + 1}× the log and read models). A ratio near 1 is flat. Each picture is asked twice: the first pass reads pages the growth pushed out of memory (PostgreSQL's default 128 MB shared buffers), the second shows the work itself.`,
      ],
    }
  } finally {
    await store.close()
    await database.drop()
  }
}
