import { sql } from 'kysely'
import { cadenceOf, emptyConfig, evolveConfig, type TenantConfig } from '../config.js'
import { CONFIG_EVENTS, MEASURE_EVENTS, type PlaceData, REPORT_EVENTS } from '../events.js'
import type { Db, StoredEvent } from '../log.js'
import { evolveMeasure, type MeasureState } from '../measure-register/model.js'
import { periodContaining } from '../periods/index.js'
import { periodStartSql } from '../periods/sql.js'
import {
  applyReportEvent,
  type ObservationVersion,
  type ReportState,
  reportIdOf,
} from './observations.js'
import { refreshPeriodCells } from './tables.js'

/** Folds a tenant's sp_config rows (in position order) into its configuration. */
export const configFromRows = (
  tenantId: string,
  rows: readonly { readonly type: string; readonly data: unknown }[],
): TenantConfig =>
  rows.reduce<TenantConfig>(
    (config, row) =>
      evolveConfig(config, {
        type: row.type,
        data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data,
        metadata: { eventId: '', tenantId, recordedAt: '' },
      }),
    emptyConfig(),
  )

/** Loads a tenant's configuration from the read model. */
export const loadConfig = async (db: Db, tenantId: string, suffix = ''): Promise<TenantConfig> => {
  const r = await sql<{ type: string; data: unknown }>`select type, data from ${sql.table(
    `sp_config${suffix}`,
  )} where tenant_id = ${tenantId} order by position`.execute(db)
  return configFromRows(tenantId, r.rows)
}

interface VersionRow {
  observation_id: string
  org_id: string
  place_id: string
  category: string
  occurred_on: string
  count: number
  suspected: boolean
  police: boolean
}

/**
 * Applies events to the situation picture's tables, one at a time, inside the caller's
 * transaction. Interpretation of report events is `applyReportEvent`, shared with the fold.
 * @param suffix '' for the live tables, `_next` while a rebuild catches up
 */
export const applySituationEvents = async (
  tx: Db,
  events: readonly StoredEvent[],
  suffix = '',
): Promise<void> => {
  const t = (name: string) => sql.table(`${name}${suffix}`)
  const configs = new Map<string, TenantConfig>()
  const configOf = async (tenantId: string): Promise<TenantConfig> => {
    const cached = configs.get(tenantId)
    if (cached) return cached
    const loaded = await loadConfig(tx, tenantId, suffix)
    configs.set(tenantId, loaded)
    return loaded
  }
  // Periods whose cells changed, per tenant: their sp_period_cells rows are rewritten once at
  // the end of the batch.
  const touched = new Map<string, Set<string>>()
  const addToCell = async (
    tenantId: string,
    periodStart: string,
    v: ObservationVersion,
    sign: 1 | -1,
  ): Promise<void> => {
    const periods = touched.get(tenantId) ?? new Set<string>()
    periods.add(periodStart)
    touched.set(tenantId, periods)
    await sql`insert into ${t('sp_cell')} as c (tenant_id, period_start, place_id, category, count)
      values (${tenantId}, ${periodStart}, ${v.placeId}, ${v.category}, ${sign * v.count})
      on conflict (tenant_id, period_start, place_id, category)
      do update set count = c.count + excluded.count`.execute(tx)
  }

  for (const event of events) {
    const tenantId = event.metadata.tenantId
    const position = String(event.position)
    const at = event.metadata.recordedAt
    if (REPORT_EVENTS.has(event.type)) {
      const reportId = reportIdOf(event) as string
      const head = await sql<{ org_id: string; retracted: boolean }>`select org_id, retracted
        from ${t('sp_report')} where tenant_id = ${tenantId} and report_id = ${reportId}`.execute(
        tx,
      )
      let report: ReportState | undefined
      const h = head.rows[0]
      if (h) {
        const live = await sql<VersionRow>`select observation_id, org_id, place_id, category,
            occurred_on::text as occurred_on, count, suspected, police
          from ${t('sp_version')}
          where tenant_id = ${tenantId} and report_id = ${reportId} and to_at is null`.execute(tx)
        report = {
          organisationId: h.org_id,
          retracted: h.retracted,
          observations: new Map(
            live.rows.map((r) => [
              r.observation_id,
              {
                reportId,
                observationId: r.observation_id,
                organisationId: r.org_id,
                placeId: r.place_id,
                category: r.category,
                occurredOn: r.occurred_on,
                count: r.count,
                suspected: r.suspected,
                policeReported: r.police,
              },
            ]),
          ),
        }
      }
      const { report: next, effect } = applyReportEvent(report, event)
      if (effect.removed.length === 0 && effect.added.length === 0) continue
      const history = cadenceOf(await configOf(tenantId))
      for (const v of effect.removed) {
        await sql`update ${t('sp_version')} set to_at = ${at}, to_pos = ${position}
          where tenant_id = ${tenantId} and report_id = ${reportId}
            and observation_id = ${v.observationId} and to_at is null`.execute(tx)
        await addToCell(tenantId, periodContaining(v.occurredOn, history).start, v, -1)
      }
      for (const v of effect.added) {
        const periodStart = periodContaining(v.occurredOn, history).start
        await sql`insert into ${t('sp_version')} (tenant_id, report_id, observation_id, org_id,
            place_id, category, occurred_on, period_start, count, suspected, police, from_at, from_pos)
          values (${tenantId}, ${reportId}, ${v.observationId}, ${v.organisationId}, ${v.placeId},
            ${v.category}, ${v.occurredOn}, ${periodStart}, ${v.count}, ${v.suspected},
            ${v.policeReported}, ${at}, ${position})`.execute(tx)
        await addToCell(tenantId, periodStart, v, 1)
      }
      if (!report && next) {
        await sql`insert into ${t('sp_report')} (tenant_id, report_id, org_id, retracted)
          values (${tenantId}, ${reportId}, ${next.organisationId}, false)`.execute(tx)
      } else if (next?.retracted && !report?.retracted) {
        await sql`update ${t('sp_report')} set retracted = true
          where tenant_id = ${tenantId} and report_id = ${reportId}`.execute(tx)
      }
    } else if (CONFIG_EVENTS.has(event.type)) {
      await sql`insert into ${t('sp_config')} (tenant_id, position, type, data)
        values (${tenantId}, ${position}, ${event.type}, ${JSON.stringify(event.data)}::jsonb)
        on conflict do nothing`.execute(tx)
      configs.delete(tenantId)
      if (event.type === 'ReportingCadenceSet') {
        await rebucket(tx, tenantId, suffix)
        touched.delete(tenantId)
      }
    } else if (event.type === 'PlaceRegistered' || event.type === 'PlaceChanged') {
      await applyPlace(tx, tenantId, event.type, event.data as PlaceData, suffix)
    } else if (MEASURE_EVENTS.has(event.type)) {
      const id = (event.data as { measureId: string }).measureId
      const last = await sql<{ state: unknown }>`select state from ${t('sp_measure')}
        where tenant_id = ${tenantId} and measure_id = ${id}
        order by position desc limit 1`.execute(tx)
      const raw = last.rows[0]?.state
      const before = (typeof raw === 'string' ? JSON.parse(raw) : raw) as MeasureState | undefined
      const after = evolveMeasure(before, event)
      if (after === undefined || after === before) continue
      await sql`insert into ${t('sp_measure')} (tenant_id, measure_id, position, recorded_at, state)
        values (${tenantId}, ${id}, ${position}, ${at}, ${JSON.stringify(after)}::jsonb)
        on conflict do nothing`.execute(tx)
    }
  }
  for (const [tenantId, starts] of touched) {
    await refreshPeriodCells(tx, suffix, { tenantId, starts: [...starts] })
  }
}

const applyPlace = async (
  tx: Db,
  tenantId: string,
  type: string,
  d: PlaceData,
  suffix: string,
): Promise<void> => {
  const table = sql.table(`sp_place${suffix}`)
  if (type === 'PlaceRegistered') {
    await sql`insert into ${table} (tenant_id, place_id, name, level, parent_id)
      values (${tenantId}, ${d.placeId}, ${d.name ?? d.placeId}, ${d.level ?? 'place'},
        ${d.parentId ?? null})
      on conflict do nothing`.execute(tx)
    return
  }
  if (d.name !== undefined) {
    await sql`update ${table} set name = ${d.name}
      where tenant_id = ${tenantId} and place_id = ${d.placeId}`.execute(tx)
  }
  if (d.parentId !== undefined) {
    await sql`update ${table} set parent_id = ${d.parentId}
      where tenant_id = ${tenantId} and place_id = ${d.placeId}`.execute(tx)
  }
}

/**
 * A cadence change moves period boundaries: recompute every version's period and the cells.
 * Costs one pass over the tenant's versions, which is acceptable for a change made a few times
 * in a tenant's life.
 */
export const rebucket = async (tx: Db, tenantId: string, suffix = ''): Promise<void> => {
  const history = cadenceOf(await loadConfig(tx, tenantId, suffix))
  const version = sql.table(`sp_version${suffix}`)
  const cell = sql.table(`sp_cell${suffix}`)
  const expr = sql.raw(periodStartSql(history, 'occurred_on'))
  await sql`update ${version} set period_start = ${expr}
    where tenant_id = ${tenantId} and period_start <> ${expr}`.execute(tx)
  await sql`delete from ${cell} where tenant_id = ${tenantId}`.execute(tx)
  await sql`insert into ${cell} (tenant_id, period_start, place_id, category, count)
    select tenant_id, period_start, place_id, category, sum(count)
    from ${version} where tenant_id = ${tenantId} and to_at is null
    group by tenant_id, period_start, place_id, category`.execute(tx)
  await sql`delete from ${sql.table(`sp_period_cells${suffix}`)} where tenant_id = ${tenantId}`.execute(
    tx,
  )
  await refreshPeriodCells(tx, suffix, { tenantId })
}
