/**
 * Situation picture benchmark (issue: "Pure projections", Performance):
 * - p50/p95 latency of `situationPicture` for random (asOf, knownAt), target p95 ≤ 50 ms, beside
 *   the naive way (a SQL aggregate over the whole log filtered by date) measured in the same run;
 * - rebuild rate of the read model from the log in events/s (target ≥ 100,000 on PostgreSQL);
 * - how both grow from 100k to 1M observations (quick mode: 20k and 100k).
 * Data: a deterministic synthetic municipality over ten years (seeded PRNG), loaded through the
 * store's batch append.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AppendRequest, type EventStore, openEventStore } from '@lagesbild/event-store'
import { openPostgresTestStore } from '@lagesbild/event-store/testing'
import {
  createProjectionRunner,
  EVENT_STORE_LOG,
  naivePeriodCounts,
  SITUATION_PICTURE_TABLES,
  situationPicture,
  situationPictureProjection,
} from '@lagesbild/projections'
import { sql } from 'kysely'
import {
  type Backend,
  type BenchContext,
  type BenchSection,
  type BenchSuite,
  type Measurement,
  median,
  percentile,
} from '../lib/report.js'

/** The synthetic municipality's tenant and first day (ten years from here). */
export const TENANT = 'bench'
export const FIRST_DAY = Date.UTC(2016, 0, 4)
const DAYS = 3653
const DAY = 86_400_000
const PICTURES = 200

/** mulberry32: small, fast, and the same sequence on every machine. */
const prng = (seed: number) => {
  let a = seed >>> 0
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const zipf = (n: number, s: number, random: () => number) => {
  const cum: number[] = []
  let total = 0
  for (let i = 0; i < n; i++) {
    total += 1 / (i + 1) ** s
    cum.push(total)
  }
  return (): number => {
    const x = random() * total
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cum[mid] as number) < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

const CATEGORIES: readonly [string, number][] = [
  ['littering', 0.5],
  ['graffiti', 1],
  ['vandalism', 3],
  ['disturbing-gatherings', 2],
  ['unsafe-place', 1],
  ['reckless-driving', 3],
  ['illegal-traffic-on-paths', 1],
  ['suspected-drug-handling', 8],
  ['open-drug-dealing', 12],
  ['staff-incident', 10],
  ['threats', 15],
  ['burglary', 12],
  ['arson', 25],
  ['robbery', 30],
  ['assault', 40],
  ['social-media-rumours', 0.5],
  ['planned-event', 0],
]
const ORGS = [
  'police',
  'housing',
  'youth-centres',
  'libraries',
  'streets',
  'schools',
  'social',
  'rescue',
  'security',
  'transport',
]
const AREAS = 12
const PLACES_PER_AREA = 10

interface Generated {
  readonly requests: AppendRequest[]
  readonly events: number
  readonly observations: number
}

const iso = (ms: number): string => new Date(ms).toISOString()
const date = (day: number): string => iso(FIRST_DAY + day * DAY).slice(0, 10)

/** Builds the synthetic history, sorted by recordedAt as a live system would have logged it. */
export const generateHistory = (observations: number, seed = 20_210_315): Generated => {
  const random = prng(seed)
  const uuid = (): string => {
    const h = (n: number) =>
      Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('')
    return `${h(8)}-${h(4)}-4${h(3)}-8${h(3)}-${h(12)}`
  }
  const place = zipf(AREAS * PLACES_PER_AREA, 0.8, random)
  const category = zipf(CATEGORIES.length, 0.9, random)
  type Item = { at: number; streamId: string; type: string; data: Record<string, unknown> }
  const items: Item[] = []
  const push = (at: number, streamId: string, type: string, data: Record<string, unknown>) =>
    items.push({ at, streamId, type, data })
  const setup = FIRST_DAY - 30 * DAY
  push(setup, 'config', 'ReportingCadenceSet', {
    intervalDays: 14,
    anchorDate: date(0),
    effectiveFrom: date(0),
  })
  push(setup + 1, 'config', 'ReportingCadenceSet', {
    intervalDays: 7,
    anchorDate: '2019-01-07',
    effectiveFrom: '2019-01-07',
  })
  push(setup + 2, 'config', 'HarmWeightsSet', {
    weights: Object.fromEntries(CATEGORIES),
    effectiveFrom: '2000-01-01',
  })
  push(setup + 3, 'place-mun', 'PlaceRegistered', {
    placeId: 'mun',
    name: 'Kommunen',
    level: 'municipality',
    kind: 'municipality',
    parentId: null,
  })
  for (let a = 0; a < AREAS; a++) {
    push(setup + 4, `place-a${a}`, 'PlaceRegistered', {
      placeId: `a${a}`,
      name: `Area ${a}`,
      level: 'area',
      kind: 'district',
      parentId: 'mun',
    })
    for (let p = 0; p < PLACES_PER_AREA; p++) {
      const id = `p${a * PLACES_PER_AREA + p}`
      push(setup + 5, `place-${id}`, 'PlaceRegistered', {
        placeId: id,
        name: `Place ${id}`,
        level: 'place',
        kind: 'park',
        parentId: `a${a}`,
      })
    }
  }
  let made = 0
  let reports = 0
  while (made < observations) {
    const reportId = `r${reports++}`
    const day = Math.floor(random() * DAYS)
    const n = Math.min(observations - made, 1 + Math.floor(random() * 6))
    const obs = Array.from({ length: n }, (_, i) => {
      const p = place()
      return {
        observationId: `o${i}`,
        kind: 'disorder',
        categoryCode: CATEGORIES[category()]?.[0] as string,
        placeId: `p${p}`,
        occurredOn: {
          precision: 'exact',
          date: date(Math.min(DAYS - 1, day + Math.floor(random() * 3))),
        },
        count: random() < 0.8 ? 1 : 2 + Math.floor(random() * 4),
        certainty: random() < 0.15 ? 'suspected' : 'observed',
        policeReported: random() < 0.3 ? 'yes' : 'no',
      }
    })
    made += n
    const r = random()
    const lateness = r < 0.85 ? random() * 10 : r < 0.97 ? 10 + random() * 50 : 60 + random() * 340
    const at = FIRST_DAY + (day + 3 + lateness) * DAY
    const org = ORGS[Math.floor(random() * ORGS.length)] as string
    push(at, `report-${reportId}`, 'ReportSubmitted', {
      reportId,
      reporterOrganisationId: org,
      observations: obs,
    })
    const fate = random()
    if (fate < 0.03) {
      const o = obs[0] as (typeof obs)[number]
      push(at + (1 + random() * 30) * DAY, `report-${reportId}`, 'ObservationCorrected', {
        reportId,
        observation: { ...o, count: o.count + 1, placeId: `p${place()}` },
        reason: 'checked again',
      })
    } else if (fate < 0.04) {
      push(at + (1 + random() * 60) * DAY, `report-${reportId}`, 'ReportRetracted', {
        reportId,
        reason: 'duplicate',
      })
    }
  }
  for (let m = 0; m < 300; m++) {
    const measureId = `m${m}`
    const day = Math.floor(random() * (DAYS - 200))
    const at = FIRST_DAY + day * DAY
    const stream = `measure-${measureId}`
    push(at, stream, 'MeasureProposed', {
      measureId,
      title: `Measure ${m}`,
      type: 'lighting',
      ownerOrganisationId: ORGS[m % ORGS.length] as string,
      placeIds: [`p${place()}`],
      targetCategories: ['vandalism'],
    })
    push(at + 14 * DAY, stream, 'MeasureStarted', { measureId, startedOn: date(day + 14) })
    if (random() < 0.8)
      push(at + 90 * DAY, stream, 'MeasureCompleted', { measureId, completedOn: date(day + 90) })
    if (random() < 0.4)
      push(at + 150 * DAY, stream, 'MeasureEvaluated', {
        measureId,
        evaluatedOn: date(day + 150),
        verdict: 'promising',
        notes: 'bench',
      })
  }
  items.sort((a, b) => a.at - b.at)
  const requests: AppendRequest[] = items.map((e) => ({
    tenantId: TENANT,
    streamId: e.streamId,
    expectedVersion: 'any',
    events: [
      {
        eventId: uuid(),
        type: e.type,
        schemaVersion: e.type === 'ReportSubmitted' ? 2 : 1,
        data: e.data as never,
        metadata: { tenantId: TENANT, actor: { organisationId: 'bench', role: 'system' } },
        recordedAt: iso(e.at),
      },
    ],
  }))
  return { requests, events: items.length, observations: made }
}

/**
 * Random (asOf, knownAt) pairs over the synthetic decade, the same every run: half the cuts
 * fall within three weeks after asOf (a meeting), half anywhere up to a year after the end.
 */
export const pictureSamples = (count: number): { asOf: string; knownAt: string }[] => {
  const random = prng(7)
  const end = FIRST_DAY + DAYS * DAY
  return Array.from({ length: count }, () => {
    const asOfMs = FIRST_DAY + 180 * DAY + Math.floor(random() * (DAYS - 180)) * DAY
    const knownMs =
      random() < 0.5
        ? asOfMs + (1 + random() * 21) * DAY
        : asOfMs + random() * (end + 365 * DAY - asOfMs)
    return { asOf: iso(asOfMs).slice(0, 10), knownAt: iso(knownMs) }
  })
}

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now()
  const r = await fn()
  return [r, performance.now() - t0]
}

/**
 * The rebuild's floor: the finished read model's rows copied into empty tables, then the same
 * keys and indexes built. That is what writing the result costs with nothing computed, so the
 * rebuild's rate against it says how much of the time is the load's own work.
 */
const writeFloorSeconds = async (store: EventStore): Promise<number> => {
  const floor = '_floor'
  const [, ms] = await timed(async () => {
    await store.db.transaction().execute(async (tx) => {
      await sql`set local work_mem = '64MB'`.execute(tx)
      await sql`set local maintenance_work_mem = '256MB'`.execute(tx)
      await sql`set local synchronous_commit = off`.execute(tx)
      for (const t of SITUATION_PICTURE_TABLES) {
        await sql.raw(`create table ${t}${floor} (like ${t})`).execute(tx)
        await sql.raw(`insert into ${t}${floor} select * from ${t}`).execute(tx)
      }
    })
    await store.db.transaction().execute(async (tx) => {
      await sql`set local maintenance_work_mem = '256MB'`.execute(tx)
      await situationPictureProjection.createIndexes(tx, floor)
    })
  })
  await situationPictureProjection.dropTables(store.db, floor)
  return ms / 1000
}

const runScale = async (
  backend: Backend,
  open: () => Promise<EventStore>,
  scale: number,
  ctx: BenchContext,
): Promise<Measurement[]> => {
  const data = generateHistory(scale)
  const store = await open()
  try {
    const [, loadMs] = await timed(async () => {
      for (let i = 0; i < data.requests.length; i += 10_000) {
        await store.appendMany(data.requests.slice(i, i + 10_000))
      }
    })
    ctx.log(`${backend} ${scale}: loaded ${data.events} events in ${(loadMs / 1000).toFixed(1)} s`)
    const runner = createProjectionRunner({
      db: store.db,
      log: EVENT_STORE_LOG,
      projections: [situationPictureProjection],
    })
    await runner.migrate()
    const rebuilt = await runner.rebuild('situation-picture')
    const rate = rebuilt.events / rebuilt.seconds
    const floorSeconds = await writeFloorSeconds(store)
    const floorRate = rebuilt.events / floorSeconds
    ctx.log(
      `${backend} ${scale}: rebuilt in ${rebuilt.seconds.toFixed(1)} s (${Math.round(rate)} events/s); writing its rows and indexes alone: ${floorSeconds.toFixed(1)} s`,
    )

    const samples = pictureSamples(PICTURES)
    // Warm-up: plans, caches and JIT, not measured.
    for (const s of samples.slice(0, 5))
      await situationPicture(store.db, { tenantId: TENANT, ...s })
    const latencies: number[] = []
    let cells = 0
    for (const s of samples) {
      const [p, ms] = await timed(() => situationPicture(store.db, { tenantId: TENANT, ...s }))
      latencies.push(ms)
      cells += p.cells.length
    }
    const naiveRuns = scale >= 500_000 ? 8 : 20
    const naive: number[] = []
    for (const s of samples.slice(0, naiveRuns)) {
      const p = await situationPicture(store.db, { tenantId: TENANT, ...s })
      const [, ms] = await timed(() =>
        naivePeriodCounts(store.db, EVENT_STORE_LOG, TENANT, p.period, s.knownAt),
      )
      naive.push(ms)
    }
    const p50 = median(latencies)
    const p95 = percentile(latencies, 0.95)
    ctx.log(
      `${backend} ${scale}: picture p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; naive p50 ${median(naive).toFixed(0)} ms`,
    )
    const details = {
      events: data.events,
      observations: data.observations,
      cellsPerPicture: Math.round(cells / PICTURES),
    }
    return [
      {
        name: 'situation picture p50',
        backend,
        scale,
        value: p50,
        unit: 'ms',
        ratio: { against: 'naive aggregate over the log (p50)', value: median(naive) / p50 },
        details,
      },
      { name: 'situation picture p95', backend, scale, value: p95, unit: 'ms', target: '≤ 50 ms' },
      {
        name: 'naive aggregate over the log p50 (one period, no corrections)',
        backend,
        scale,
        value: median(naive),
        unit: 'ms',
        details: { runs: naive.length },
      },
      {
        name: 'read-model rebuild',
        backend,
        scale,
        value: rate,
        unit: 'events/s',
        ...(backend === 'postgres' ? { target: '≥ 100,000 events/s' } : {}),
        ratio: { against: 'writing its rows and indexes alone', value: rate / floorRate },
        details: { events: rebuilt.events, seconds: rebuilt.seconds },
      },
      {
        name: 'read-model write floor (rows copied, indexes built)',
        backend,
        scale,
        value: floorRate,
        unit: 'events/s',
        details: { seconds: floorSeconds },
      },
      {
        name: 'batched load through appendMany',
        backend,
        scale,
        value: data.events / (loadMs / 1000),
        unit: 'events/s',
      },
    ]
  } finally {
    await store.close()
  }
}

export const benchSituationPicture: BenchSuite = async (ctx): Promise<BenchSection> => {
  const scales = ctx.quick ? [20_000, 100_000] : [100_000, 1_000_000]
  const measurements: Measurement[] = []
  const notes: string[] = []
  for (const scale of scales) {
    const dir = mkdtempSync(join(tmpdir(), 'lagesbild-bench-sp-'))
    try {
      measurements.push(
        ...(await runScale('pglite', () => openEventStore({ dataDir: dir }), scale, ctx)),
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const url = ctx.postgresUrl
    if (url)
      measurements.push(
        ...(await runScale('postgres', () => openPostgresTestStore(url), scale, ctx)),
      )
    else notes.push('PostgreSQL not reachable: PGlite only.')
  }
  notes.push(
    `${PICTURES} pictures per backend and scale; asOf uniform over ten years, knownAt half within three weeks after asOf (the meeting), half anywhere later.`,
    'The naive aggregate computes only the current period and ignores corrections and retractions, so the ratio understates the gain.',
    'Rebuild = fresh tables, set-based load from the log, indexes, catch-up and swap; events/s over all events in the log.',
    'Write floor = the finished read model copied row for row into empty tables and its keys and indexes built, in the same run: what the rebuild would cost if computing the rows were free. A rebuild cannot beat it without writing fewer rows or indexes.',
  )
  return {
    id: 'situation-picture',
    title: 'Situation picture and read-model rebuild',
    measurements,
    notes,
  }
}
