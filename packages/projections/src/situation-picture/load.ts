import { sql } from 'kysely'
import { cadenceOf } from '../config.js'
import type { MeasureEventData, PlaceData } from '../events.js'
import type { Db, LogTable } from '../log.js'
import { evolveMeasure, type MeasureState } from '../measure-register/model.js'
import type { CadenceSetting } from '../periods/index.js'
import { periodStartByTenantSql } from '../periods/sql.js'
import { loadConfig } from './handler.js'
import { dropBulkKeys, refreshPeriodCells } from './tables.js'

export interface LoadProgress {
  readonly phase: string
  readonly done: number
  readonly total: number
}

const raw = sql.raw

const CONFIG_TYPES = [
  'ReportingCadenceSet',
  'CategoryCatalogueSet',
  'HarmWeightsSet',
  'StatusRuleSet',
]
const PLACE_TYPES = ['PlaceRegistered', 'PlaceChanged']
const MEASURE_TYPES = [
  'MeasureProposed',
  'MeasureDecided',
  'MeasureStarted',
  'MeasureCompleted',
  'MeasureCancelled',
  'MeasureEvaluated',
]
const SMALL_TYPES = [
  ...CONFIG_TYPES,
  ...PLACE_TYPES,
  ...MEASURE_TYPES,
  'ObservationCorrected',
  'ReportRetracted',
]
/** The load's temporary copy of those events, read like the log. */
const SMALL_LOG: LogTable = {
  relation: 'sp_load_small',
  position: 'pos',
  type: 'type',
  data: 'data',
  tenantId: 'tenant_id',
  recordedAt: 'at',
}

const readTyped = async (
  db: Db,
  log: LogTable,
  types: readonly string[],
  upTo: bigint,
): Promise<{ position: string; tenant: string; type: string; data: unknown; at: string }[]> => {
  const r = await sql<{
    pos_text: string
    tenant: string
    type: string
    data: unknown
    at: string
  }>`
    select ${raw(log.position)}::text as pos_text, ${raw(log.tenantId)} as tenant,
      ${raw(log.type)} as type, ${raw(log.data)} as data, to_json(${raw(log.recordedAt)}) #>> '{}' as at
    from ${raw(log.relation)}
    where ${raw(log.type)} = any(string_to_array(${types.join(',')}::text, ','))
      and ${raw(log.position)} <= ${String(upTo)}::bigint
    order by ${raw(log.position)}`.execute(db)
  return r.rows.map(({ pos_text, ...row }) => ({
    ...row,
    position: pos_text,
    data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data,
  }))
}

const insertJson = async (db: Db, table: string, columns: string, rows: readonly object[]) => {
  for (let i = 0; i < rows.length; i += 2000) {
    await sql`insert into ${sql.table(table)} select * from jsonb_to_recordset(${JSON.stringify(
      rows.slice(i, i + 2000),
    )}::jsonb) as x(${raw(columns)})`.execute(db)
  }
}

/**
 * Loads the situation picture's tables from the log in a few set-based statements, so the rows
 * never travel through JavaScript: observation versions come from ReportSubmitted and
 * ObservationCorrected rows with window functions (each version ends where the next version of
 * the same observation, or the report's retraction, begins). Same rules as `applyReportEvent`,
 * which the property test checks. Places, configuration and measures are few and are folded in
 * JavaScript with the same code as the incremental handler.
 * @param suffix the fresh tables' suffix (`_next`)
 * @param upTo the last log position to include
 */
export const loadSituationTables = async (
  db: Db,
  log: LogTable,
  upTo: bigint,
  suffix: string,
  onProgress: (p: LoadProgress) => void = () => {},
): Promise<void> => {
  const t = (name: string) => sql.table(`${name}${suffix}`)
  const pos = raw(log.position)
  const type = raw(log.type)
  const data = raw(log.data)
  const tenant = raw(log.tenantId)
  const at = raw(log.recordedAt)
  const rel = raw(log.relation)
  const upToSql = sql`${String(upTo)}::bigint`
  const steps = 7
  let step = 0
  const done = (phase: string) => onProgress({ phase, done: ++step, total: steps })

  await dropBulkKeys(db, suffix)
  // Every event this load needs besides ReportSubmitted, in one scan of the log: they are few,
  // and configuration, places, measures and the slow path below each read them.
  await sql`create temporary table sp_load_small on commit drop as
    select ${pos} as pos, ${tenant} as tenant_id, ${type} as type, ${data} as data, ${at} as at
    from ${rel}
    where ${type} = any(string_to_array(${SMALL_TYPES.join(',')}::text, ','))
      and ${pos} <= ${upToSql}`.execute(db)
  await sql`insert into ${t('sp_config')} (tenant_id, position, type, data)
    select tenant_id, pos, type, data from sp_load_small
    where type = any(string_to_array(${CONFIG_TYPES.join(',')}::text, ','))
    order by tenant_id, pos`.execute(db)
  done('configuration')

  const places = new Map<
    string,
    { tenant_id: string; place_id: string; name: string; level: string; parent_id: string | null }
  >()
  for (const e of await readTyped(db, SMALL_LOG, PLACE_TYPES, upTo)) {
    const d = e.data as PlaceData
    const key = `${e.tenant}\u0000${d.placeId}`
    const old = places.get(key)
    if (e.type === 'PlaceRegistered') {
      if (!old) {
        places.set(key, {
          tenant_id: e.tenant,
          place_id: d.placeId,
          name: d.name ?? d.placeId,
          level: d.level ?? 'place',
          parent_id: d.parentId ?? null,
        })
      }
    } else if (old) {
      places.set(key, {
        ...old,
        name: d.name ?? old.name,
        parent_id: d.parentId === undefined ? old.parent_id : d.parentId,
      })
    }
  }
  await insertJson(
    db,
    `sp_place${suffix}`,
    'tenant_id text, place_id text, name text, level text, parent_id text',
    [...places.values()],
  )
  done('places')

  const measures = new Map<string, MeasureState | undefined>()
  const measureRows: object[] = []
  for (const e of await readTyped(db, SMALL_LOG, MEASURE_TYPES, upTo)) {
    const id = (e.data as MeasureEventData).measureId
    const key = `${e.tenant}\u0000${id}`
    const before = measures.get(key)
    const after = evolveMeasure(before, {
      type: e.type,
      data: e.data,
      metadata: { eventId: e.position, tenantId: e.tenant, recordedAt: e.at },
    })
    if (after === undefined || after === before) continue
    measures.set(key, after)
    measureRows.push({
      tenant_id: e.tenant,
      measure_id: id,
      position: e.position,
      recorded_at: e.at,
      state: after,
    })
  }
  await insertJson(
    db,
    `sp_measure${suffix}`,
    'tenant_id text, measure_id text, position bigint, recorded_at timestamptz, state jsonb',
    measureRows,
  )
  done('measures')

  const tenants = await sql<{ tenant_id: string }>`select distinct tenant_id
    from ${t('sp_config')} where type = 'ReportingCadenceSet'`.execute(db)
  const histories = new Map<string, readonly CadenceSetting[]>()
  for (const { tenant_id } of tenants.rows) {
    histories.set(tenant_id, cadenceOf(await loadConfig(db, tenant_id, suffix)))
  }
  const periodOf = (tenantColumn: string, column: string) =>
    raw(periodStartByTenantSql(histories, tenantColumn, column))

  // Most reports are never corrected or retracted: their observations have one version each
  // and go straight from the log into sp_version in one pass, no sort, no window. Only the few
  // reports with corrections, retractions or a duplicate submission take the slow path below,
  // which orders each observation's versions and closes each at the next one.
  await sql`create temporary table sp_load_fix on commit drop as
    select pos, tenant_id, type, data, at, data ->> 'reportId' as report_id
    from sp_load_small where type in ('ObservationCorrected', 'ReportRetracted')`.execute(db)
  await sql`insert into sp_load_fix
    select min(${pos}), ${tenant}, 'DuplicateSubmission', null::jsonb, null::timestamptz,
      ${data} ->> 'reportId'
    from ${rel}
    where ${type} = 'ReportSubmitted' and ${pos} <= ${upToSql}
    group by ${tenant}, ${data} ->> 'reportId' having count(*) > 1`.execute(db)
  await sql`create temporary table sp_load_slow on commit drop as
    select distinct tenant_id, report_id from sp_load_fix`.execute(db)
  await sql`analyze sp_load_slow`.execute(db)

  await sql`insert into ${t('sp_version')} (tenant_id, report_id, observation_id, org_id, place_id,
      category, occurred_on, period_start, count, suspected, police, from_at, from_pos)
    select tenant_id, report_id, observation_id, org_id, place_id, category, occurred_on,
      ${periodOf('tenant_id', 'occurred_on')}, count, suspected, police, at, pos
    from (
      select e.tenant_id, e.report_id, o."observationId" as observation_id,
        e.data ->> 'reporterOrganisationId' as org_id, o."placeId" as place_id,
        o."categoryCode" as category, (o."occurredOn" ->> 'date')::date as occurred_on,
        o.count::int as count, o.certainty = 'suspected' as suspected,
        o."policeReported" = 'yes' as police, e.at, e.pos
      from (
        select r.* from (
          select ${tenant} as tenant_id, ${data} ->> 'reportId' as report_id, ${data} as data,
            ${at} as at, ${pos} as pos
          from ${rel}
          where ${type} = 'ReportSubmitted' and ${pos} <= ${upToSql}
        ) r
        -- Aliased first: an unqualified tenant_id here would bind to sp_load_slow's column.
        where not exists (select 1 from sp_load_slow s
          where s.tenant_id = r.tenant_id and s.report_id = r.report_id)
        -- Keeps the anti join on the events, once per report rather than once per observation.
        offset 0
      ) e
      -- One pass over each observation's keys, instead of one lookup per column.
      cross join lateral jsonb_to_recordset(e.data -> 'observations') as o("observationId" text,
        "placeId" text, "categoryCode" text, count text, certainty text, "policeReported" text,
        "occurredOn" jsonb)
      -- Evaluated once per row: the period expression below reads occurred_on many times.
      offset 0
    ) v`.execute(db)
  done('observation versions')

  await sql`create temporary table sp_load_sub on commit drop as
    select distinct on (e.tenant_id, e.report_id) e.tenant_id, e.report_id,
      e.data ->> 'reporterOrganisationId' as org_id, e.pos, e.at, e.data
    from (
      select ${tenant} as tenant_id, ${data} ->> 'reportId' as report_id, ${pos} as pos,
        ${at} as at, ${data} as data
      from ${rel}
      where ${type} = 'ReportSubmitted' and ${pos} <= ${upToSql}
    ) e
    join sp_load_slow s on s.tenant_id = e.tenant_id and s.report_id = e.report_id
    order by e.tenant_id, e.report_id, e.pos`.execute(db)
  await sql`create temporary table sp_load_ret on commit drop as
    select distinct on (e.tenant_id, e.report_id) e.tenant_id, e.report_id, e.pos, e.at
    from sp_load_fix e
    join sp_load_sub s on s.tenant_id = e.tenant_id and s.report_id = e.report_id and e.pos > s.pos
    where e.type = 'ReportRetracted'
    order by e.tenant_id, e.report_id, e.pos`.execute(db)
  await sql`insert into ${t('sp_version')} (tenant_id, report_id, observation_id, org_id, place_id,
      category, occurred_on, period_start, count, suspected, police, from_at, from_pos, to_at, to_pos)
    with ver as (
      select s.tenant_id, s.report_id, s.org_id, o.value as obs, s.pos, s.at
      from sp_load_sub s cross join lateral jsonb_array_elements(s.data -> 'observations') as o
      union all
      select s.tenant_id, s.report_id, s.org_id, e.data -> 'observation', e.pos, e.at
      from sp_load_fix e
      join sp_load_sub s on s.tenant_id = e.tenant_id and s.report_id = e.report_id and e.pos > s.pos
      left join sp_load_ret r on r.tenant_id = e.tenant_id and r.report_id = e.report_id
      where e.type = 'ObservationCorrected' and (r.pos is null or e.pos < r.pos)
    ),
    chain as (
      select ver.*, obs ->> 'observationId' as observation_id,
        (obs -> 'occurredOn' ->> 'date')::date as occurred_on,
        lead(at) over w as next_at, lead(pos) over w as next_pos
      from ver
      window w as (partition by tenant_id, report_id, obs ->> 'observationId' order by pos)
    )
    select v.tenant_id, v.report_id, v.observation_id, v.org_id, v.obs ->> 'placeId',
      v.obs ->> 'categoryCode', v.occurred_on, ${periodOf('v.tenant_id', 'v.occurred_on')}, (v.obs ->> 'count')::int,
      v.obs ->> 'certainty' = 'suspected', v.obs ->> 'policeReported' = 'yes',
      v.at, v.pos,
      case when v.next_pos is not null then v.next_at else r.at end,
      coalesce(v.next_pos, r.pos)
    from chain v
    left join sp_load_ret r on r.tenant_id = v.tenant_id and r.report_id = v.report_id`.execute(db)
  // Statistics before the two aggregates below: without them the planner takes the fresh table
  // for a few thousand rows and sorts a million on disk instead of hashing them in memory.
  await sql`analyze ${t('sp_version')}`.execute(db)
  done('corrected observations')

  // One row per report: its organisation, and whether it was retracted.
  await sql`insert into ${t('sp_report')} (tenant_id, report_id, org_id, retracted)
    select v.tenant_id, v.report_id, min(v.org_id), bool_or(r.pos is not null)
    from ${t('sp_version')} v
    left join sp_load_ret r on r.tenant_id = v.tenant_id and r.report_id = v.report_id
    group by v.tenant_id, v.report_id`.execute(db)
  done('reports')

  await sql`insert into ${t('sp_cell')} (tenant_id, period_start, place_id, category, count)
    select tenant_id, period_start, place_id, category, sum(count)
    from ${t('sp_version')} where to_at is null
    group by tenant_id, period_start, place_id, category`.execute(db)
  await refreshPeriodCells(db, suffix)
  done('cells')
}
