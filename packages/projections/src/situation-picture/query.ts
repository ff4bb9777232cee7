import { sql } from 'kysely'
import type { TenantConfig } from '../config.js'
import type { Db } from '../log.js'
import type { MeasureState } from '../measure-register/model.js'
import { addDays, dayNumber, type Period } from '../periods/index.js'
import { configFromRows } from './handler.js'
import {
  buildSituationPicture,
  type CellDetail,
  type PeriodCount,
  type PictureData,
  type PicturePlan,
  type PlaceInfo,
  placesUnder,
  planPicture,
  type SituationPicture,
  type SituationPictureQuery,
} from './model.js'

/**
 * A comparison period is read from the current cells minus what changed after K when K is well
 * past its end (the usual case: few versions changed since), and summed straight from its
 * versions when K is near or before its end (most of its versions are then "after K").
 */
export const DIRECT_READ_MARGIN_DAYS = 28

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T

/** A tenant's places as one JSON text, for `placesFromJson`: one spelling for every reader. */
const placesJson = (tenantId: string) =>
  sql`(select coalesce(json_agg(json_build_array(place_id, name, level, parent_id)), '[]')
    from sp_place where tenant_id = ${tenantId})::text`

const placesFromJson = (text: unknown): PlaceInfo[] =>
  json<[string, string, string, string | null][]>(text).map(
    ([placeId, name, level, parentId]): PlaceInfo => ({ placeId, name, level, parentId }),
  )

/** Loads all places of a tenant (the current hierarchy). */
export const loadPlaces = async (db: Db, tenantId: string): Promise<PlaceInfo[]> => {
  const r = await sql<{ places: string }>`select ${placesJson(tenantId)} as places`.execute(db)
  return placesFromJson(r.rows[0]?.places ?? '[]')
}

interface PictureRow {
  current: unknown
  period_cells: string
  comparisons: string
  after_known: number
  after_end: number
  measures: unknown
}

/** The single statement that reads a picture's data (exported for EXPLAIN in benchmarks). */
export const pictureDataQuery = (plan: PicturePlan, places: readonly PlaceInfo[]) => {
  const scope = placesUnder(places, plan.area)
  const scopeText = scope === undefined ? null : [...scope].join(',')
  const inScope = sql`(${scopeText}::text is null or place_id = any(string_to_array(${scopeText}::text, ',')))`
  const k = plan.knownAt
  const margin = dayNumber(plan.knownAt.slice(0, 10)) - DIRECT_READ_MARGIN_DAYS
  const viaCell = plan.comparisonPeriods.filter((p) => dayNumber(p.end) < margin)
  const direct = plan.comparisonPeriods.filter((p) => dayNumber(p.end) >= margin)
  const list = (ps: readonly Period[]) =>
    sql`string_to_array(${ps.map((p) => p.start).join(',')}::text, ',')::date[]`
  const periodEnd = `${addDays(plan.period.end, 1)}T00:00:00Z`
  const since = plan.baseline[plan.baseline.length - 1]?.start ?? plan.period.start
  const tenant = plan.tenantId
  const p0 = plan.period.start

  return sql<PictureRow>`
    with cur as (
      select place_id, category, org_id, report_id, count, suspected, police
      from sp_version
      where tenant_id = ${tenant} and period_start = ${p0}::date
        and from_at <= ${k}::timestamptz and (to_at is null or to_at > ${k}::timestamptz)
        and ${inScope}
    ),
    cur_cells as (
      select place_id, category, sum(count)::int as c, count(*)::int as obs,
        count(distinct report_id)::int as reports,
        sum(case when suspected then count else 0 end)::int as susp,
        sum(case when police then count else 0 end)::int as pol,
        array_agg(distinct org_id order by org_id) as orgs
      from cur group by place_id, category
    ),
    cmp_raw as (
      select period_start, place_id, category, -count as count from sp_version
      where tenant_id = ${tenant} and period_start = any(${list(viaCell)})
        and from_at > ${k}::timestamptz and to_at is null and ${inScope}
      union all
      select period_start, place_id, category, count from sp_version
      where tenant_id = ${tenant} and period_start = any(${list(viaCell)})
        and to_at > ${k}::timestamptz and from_at <= ${k}::timestamptz and ${inScope}
      union all
      select period_start, place_id, category, count from sp_version
      where tenant_id = ${tenant} and period_start = any(${list(direct)})
        and from_at <= ${k}::timestamptz and (to_at is null or to_at > ${k}::timestamptz)
        and ${inScope}
    ),
    late as (
      select from_pos as pos, from_at as at from sp_version
      where tenant_id = ${tenant} and period_start = ${p0}::date and ${inScope}
        and from_at >= least(${k}::timestamptz, ${periodEnd}::timestamptz)
      union all
      select to_pos, to_at from sp_version
      where tenant_id = ${tenant} and period_start = ${p0}::date and ${inScope}
        and to_at >= least(${k}::timestamptz, ${periodEnd}::timestamptz)
    ),
    measures as (
      select state from (
        select distinct on (measure_id) state from sp_measure
        where tenant_id = ${tenant} and recorded_at <= ${k}::timestamptz
        order by measure_id, position desc
      ) m
      -- A superset of isActiveOn and awaitsEvaluation, which decide in the model.
      where (state ->> 'startedOn' <= ${plan.asOf}
          and coalesce(state ->> 'completedOn', '9999') >= ${plan.asOf}
          and coalesce(state ->> 'cancelledOn', '9999') > ${plan.asOf})
        or state ->> 'completedOn' between ${since} and ${plan.asOf}
    )
    select
      (select coalesce(json_agg(json_build_array(place_id, category, c, obs, reports, susp, pol, orgs)), '[]')
        from cur_cells)::text as current,
      (select coalesce(string_agg((period_start - ${p0}::date) || '|' || cells, E'\n'), '')
        from sp_period_cells
        where tenant_id = ${tenant} and period_start = any(${list(viaCell)})) as period_cells,
      (select coalesce(string_agg(concat_ws(',', period_start - ${p0}::date, place_id, category,
        count), ';'), '') from cmp_raw) as comparisons,
      (select count(distinct pos) filter (where at > ${k}::timestamptz) from late)::int as after_known,
      (select count(distinct pos) filter (where at <= ${k}::timestamptz
        and at >= ${periodEnd}::timestamptz) from late)::int as after_end,
      (select coalesce(json_agg(state), '[]') from measures)::text as measures
  `
}

/**
 * The configuration and places a picture is planned from, in one round trip. Also turns off
 * parallel query and JIT compilation for the rest of the transaction: a picture reads a few
 * thousand index entries. On a busy two-core server, launching workers for that costs 10–600 ms,
 * far more than the scan itself. And once a deployment holds many tenants, the planner's cost
 * estimate for the statement passes PostgreSQL's `jit_above_cost`: compiling it then took 35 ms
 * of a 46 ms picture (34 tenants, 10M events).
 */
const loadPictureContext = async (
  tx: Db,
  tenantId: string,
): Promise<{ config: TenantConfig; places: PlaceInfo[] }> => {
  const r = await sql<{ config: string; places: string }>`
    select set_config('max_parallel_workers_per_gather', '0', true) as parallel,
      set_config('jit', 'off', true) as jit,
      (select coalesce(json_agg(json_build_array(type, data) order by position), '[]')
        from sp_config where tenant_id = ${tenantId})::text as config,
      ${placesJson(tenantId)} as places`.execute(tx)
  const row = r.rows[0] as { config: string; places: string }
  const config = configFromRows(
    tenantId,
    json<[string, unknown][]>(row.config).map(([type, data]) => ({ type, data })),
  )
  return { config, places: placesFromJson(row.places) }
}

/**
 * Reads the data of one picture from the read-model tables in a single statement, as of the
 * plan's `knownAt`.
 */
export const readPictureData = async (
  db: Db,
  plan: PicturePlan,
  places: readonly PlaceInfo[],
): Promise<PictureData> => {
  const r = await pictureDataQuery(plan, places).execute(db)
  const row = r.rows[0]
  if (!row) throw new Error('situation picture query returned no row')
  const current = json<[string, string, number, number, number, number, number, string[]][]>(
    row.current,
  ).map(
    ([
      placeId,
      category,
      count,
      observations,
      reports,
      suspected,
      policeReported,
      orgs,
    ]): CellDetail => ({
      placeId,
      category,
      count,
      observations,
      reports,
      suspected,
      policeReported,
      organisations: orgs,
    }),
  )
  // Comparison rows name their period by its start's offset in days from the picture's period:
  // shorter to send and parse than the date, and a plain integer for PostgreSQL to compute.
  const p0 = dayNumber(plan.period.start)
  const starts = new Map(plan.comparisonPeriods.map((p) => [dayNumber(p.start) - p0, p.start]))
  const comparisonCells: PeriodCount[] = []
  const add = (offset: string, placeId: string, category: string, count: string): void => {
    comparisonCells.push({
      periodStart: starts.get(Number(offset)) as string,
      placeId,
      category,
      count: Number(count),
    })
  }
  // Periods read whole from sp_period_cells: `offset|place,category,count;…`, one per line.
  for (const line of row.period_cells === '' ? [] : row.period_cells.split('\n')) {
    const bar = line.indexOf('|')
    const offset = line.slice(0, bar)
    const cells = line.slice(bar + 1)
    if (cells === '') continue
    for (const cell of cells.split(';')) {
      const [placeId, category, count] = cell.split(',') as [string, string, string]
      add(offset, placeId, category, count)
    }
  }
  // Versions added to them or taken off them since K, and periods read version by version:
  // `offset,place,category,count;…`. Rows of one cell and period add up.
  for (const cell of row.comparisons === '' ? [] : row.comparisons.split(';')) {
    const [offset, placeId, category, count] = cell.split(',') as [string, string, string, string]
    add(offset, placeId, category, count)
  }
  return {
    current,
    comparisonCells,
    late: { recordedAfterKnownAt: row.after_known, includedAfterPeriodEnd: row.after_end },
    measures: json<MeasureState[]>(row.measures),
    places,
  }
}

/**
 * The common situation picture (lägesbild) from the read-model tables, reproducible for any
 * date and knowledge instant.
 * @param db database or transaction holding the live read-model tables
 * @param query asOf (YYYY-MM-DD), optional knownAt (instant; default now) and area
 * @param options.now the instant used when `knownAt` is absent (tests pin it)
 * @throws RangeError for a malformed `asOf` or `knownAt`
 * @example await situationPicture(db, { tenantId: 'mjolby', asOf: '2021-03-15', knownAt: '2021-03-15T09:00:00+01:00' })
 */
export const situationPicture = async (
  db: Db,
  query: SituationPictureQuery,
  options: { readonly now?: number } = {},
): Promise<SituationPicture> => {
  const read = async (tx: Db): Promise<SituationPicture> => {
    const { config, places } = await loadPictureContext(tx, query.tenantId)
    const plan = planPicture(query, config, options.now)
    return buildSituationPicture(plan, await readPictureData(tx, plan, places), config)
  }
  return db.isTransaction ? read(db) : db.transaction().execute(read)
}
