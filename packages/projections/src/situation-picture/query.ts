import { sql } from 'kysely'
import { harmWeightOn, type TenantConfig } from '../config.js'
import type { Db } from '../log.js'
import type { MeasureState } from '../measure-register/model.js'
import { addDays, dayNumber, type Period } from '../periods/index.js'
import { loadConfig } from './handler.js'
import {
  buildSituationPicture,
  type CellComparison,
  type CellDetail,
  type PictureData,
  type PicturePlan,
  type PlaceInfo,
  type PlaceTotals,
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

/** Loads all places of a tenant (the current hierarchy). */
export const loadPlaces = async (db: Db, tenantId: string): Promise<PlaceInfo[]> => {
  const r = await sql<{
    place_id: string
    name: string
    level: string
    parent_id: string | null
  }>`select place_id, name, level, parent_id from sp_place where tenant_id = ${tenantId}`.execute(
    db,
  )
  return r.rows.map((p) => ({
    placeId: p.place_id,
    name: p.name,
    level: p.level,
    parentId: p.parent_id,
  }))
}

/**
 * Harm weight per period start and category, for every category the configuration names, as
 * rows: joined once in SQL rather than looked up in a jsonb parameter per row.
 */
const weightsFor = (config: TenantConfig, periods: readonly Period[]): string => {
  const categories = new Set<string>(Object.keys(config.catalogue))
  for (const set of config.harmWeights) for (const c of Object.keys(set.weights)) categories.add(c)
  const rows: { p: string; c: string; w: number }[] = []
  for (const p of periods) {
    for (const c of categories) rows.push({ p: p.start, c, w: harmWeightOn(config, c, p.start) })
  }
  return JSON.stringify(rows)
}

interface PictureRow {
  current: unknown
  comparisons: unknown
  totals: unknown
  after_known: number
  after_end: number
  measures: unknown
}

/** The single statement that reads a picture's data (exported for EXPLAIN in benchmarks). */
export const pictureDataQuery = (
  plan: PicturePlan,
  config: TenantConfig,
  places: readonly PlaceInfo[],
) => {
  const scope = placesUnder(places, plan.area)
  const scopeText = scope === undefined ? null : [...scope].join(',')
  const inScope = sql`(${scopeText}::text is null or place_id = any(string_to_array(${scopeText}::text, ',')))`
  const k = plan.knownAt
  const margin = dayNumber(plan.knownAt.slice(0, 10)) - DIRECT_READ_MARGIN_DAYS
  const viaCell = plan.comparisonPeriods.filter((p) => dayNumber(p.end) < margin)
  const direct = plan.comparisonPeriods.filter((p) => dayNumber(p.end) >= margin)
  const list = (ps: readonly Period[]) =>
    sql`string_to_array(${ps.map((p) => p.start).join(',')}::text, ',')::date[]`
  const weights = weightsFor(config, [plan.period, ...plan.comparisonPeriods])
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
      select period_start, place_id, category, count from sp_cell
      where tenant_id = ${tenant} and period_start = any(${list(viaCell)}) and ${inScope}
      union all
      select period_start, place_id, category, -count from sp_version
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
    cmp as (
      select period_start, place_id, category, sum(count)::int as c
      from cmp_raw group by period_start, place_id, category having sum(count) <> 0
    ),
    shown as (
      select place_id, category from cur_cells
      union
      select place_id, category from cmp where period_start = ${plan.previous.start}::date
    ),
    all_cells as (
      select ${p0}::date as period_start, place_id, category, c from cur_cells
      union all
      select period_start, place_id, category, c from cmp
    ),
    weights as materialized (
      select p::date as period_start, c as category, w
      from jsonb_to_recordset(${weights}::jsonb) as x(p text, c text, w float8)
    ),
    place_tot as (
      select a.place_id, a.period_start, sum(a.c)::int as c, sum(a.c * coalesce(w.w, 1)) as h
      from all_cells a
      left join weights w on w.period_start = a.period_start and w.category = a.category
      group by a.place_id, a.period_start
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
      where state ->> 'startedOn' <= ${plan.asOf}
        or state ->> 'completedOn' between ${since} and ${plan.asOf}
    )
    select
      (select coalesce(json_agg(json_build_array(place_id, category, c, obs, reports, susp, pol, orgs)), '[]')
        from cur_cells)::text as current,
      (select coalesce(json_agg(json_build_array(place_id, category, counts)), '[]') from (
        select cmp.place_id, cmp.category, json_object_agg(cmp.period_start, cmp.c) as counts
        from cmp join shown using (place_id, category) group by cmp.place_id, cmp.category) x
      )::text as comparisons,
      (select coalesce(json_agg(json_build_array(place_id, counts, harms)), '[]') from (
        select place_id, json_object_agg(period_start, c) as counts,
          json_object_agg(period_start, h) as harms
        from place_tot group by place_id) x
      )::text as totals,
      (select count(distinct pos) filter (where at > ${k}::timestamptz) from late)::int as after_known,
      (select count(distinct pos) filter (where at <= ${k}::timestamptz
        and at >= ${periodEnd}::timestamptz) from late)::int as after_end,
      (select coalesce(json_agg(state), '[]') from measures)::text as measures
  `
}

/**
 * Reads the data of one picture from the read-model tables in a single statement, as of the
 * plan's `knownAt`.
 */
export const readPictureData = async (
  db: Db,
  plan: PicturePlan,
  config: TenantConfig,
  places: readonly PlaceInfo[],
): Promise<PictureData> => {
  const r = await pictureDataQuery(plan, config, places).execute(db)
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
  const comparisons = json<[string, string, Record<string, number>][]>(row.comparisons).map(
    ([placeId, category, counts]): CellComparison => ({ placeId, category, counts }),
  )
  const placeTotals = json<[string, Record<string, number>, Record<string, number>][]>(
    row.totals,
  ).map(([placeId, counts, harms]): PlaceTotals => ({ placeId, counts, harms }))
  return {
    current,
    comparisons,
    placeTotals,
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
    // A picture reads a few thousand index entries; on a busy two-core server, launching
    // parallel workers for that costs 10–600 ms, far more than the scan itself.
    await sql`set local max_parallel_workers_per_gather = 0`.execute(tx)
    const config = await loadConfig(tx, query.tenantId)
    const places = await loadPlaces(tx, query.tenantId)
    const plan = planPicture(query, config, options.now)
    return buildSituationPicture(plan, await readPictureData(tx, plan, config, places), config)
  }
  return db.isTransaction ? read(db) : db.transaction().execute(read)
}
