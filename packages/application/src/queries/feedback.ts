import type {
  FeedbackInput,
  FeedbackMeasure,
  FeedbackProblem,
  FeedbackReport,
} from '@lagesbild/analysis'
import type { MeasureVerdict } from '@lagesbild/domain'
import { streamIds } from '@lagesbild/domain'
import type { EventStore } from '@lagesbild/event-store'
import { measureRegister, periodContaining } from '@lagesbild/projections'
import { sql } from 'kysely'
import { type Db, knownAtOf, loadCadence } from './tables.js'

export interface FeedbackQuery {
  readonly organisationId: string
  /** Reports in periods from the one containing `from` (`YYYY-MM-DD`). */
  readonly from: string
  /** … to the one containing `to`. */
  readonly to: string
  /** Outcomes dated after this day are not shown (default `to`). */
  readonly asOf?: string
  /** Transaction-time cut (default now). */
  readonly knownAt?: string
  /** The clock for the default knownAt (ms since the epoch). */
  readonly now?: number
}

/**
 * Builds `reporterFeedback`'s input: the organisation's observations (one report entry per
 * observation, as known at `knownAt`, retracted ones gone), the problem register (read from the
 * problems' own streams: there is no problem read model, and a tenant has few problems) and the
 * measure register.
 *
 * @param store the event store (its database holds the read models)
 * @param tenantId the tenant
 * @param query organisation, from/to, asOf, knownAt
 * @throws RangeError for a malformed date or knownAt
 * @example
 * const input = await feedbackInputFor(lagesbild.store, 'mjolby', { organisationId: 'housing', from: '2024-01-01', to: '2024-06-30' })
 * reporterFeedback(input)
 */
export async function feedbackInputFor(
  store: Pick<EventStore, 'db' | 'readStream'>,
  tenantId: string,
  query: FeedbackQuery,
): Promise<FeedbackInput> {
  const db = store.db as Db
  const knownAt = knownAtOf(query.knownAt, query.now ?? Date.now())
  const asOf = query.asOf ?? query.to
  const history = await loadCadence(db, tenantId)
  const first = periodContaining(query.from, history).start
  const last = periodContaining(query.to, history).start
  const r = await sql<{
    report_id: string
    place_id: string
    category: string
    period_start: string
  }>`select report_id, place_id, category, period_start::text as period_start
     from sp_version
     where tenant_id = ${tenantId} and org_id = ${query.organisationId}
       and period_start between ${first}::date and ${last}::date
       and from_at <= ${knownAt}::timestamptz
       and (to_at is null or to_at > ${knownAt}::timestamptz)
     order by period_start, report_id, observation_id`.execute(db)
  const reports: FeedbackReport[] = r.rows.map((row) => ({
    reportId: row.report_id,
    placeId: row.place_id,
    category: row.category,
    period: row.period_start,
  }))

  const problems = await problemRegister(store, tenantId, knownAt)
  const register = await measureRegister(db, tenantId, { asOf, knownAt })
  const measures: FeedbackMeasure[] = register.map((m) => ({
    measureId: m.measureId,
    title: m.title,
    placeIds: m.placeIds,
    targetCategories: m.targetCategories,
    ...(m.problemId === null ? {} : { problemId: m.problemId }),
    ...(m.decidedOn === null ? {} : { decidedOn: m.decidedOn }),
    ...(m.startedOn === null ? {} : { startedOn: m.startedOn }),
    ...(m.completedOn === null ? {} : { completedOn: m.completedOn }),
    ...(m.cancelledOn === null ? {} : { cancelledOn: m.cancelledOn }),
    ...(m.evaluatedOn === null ? {} : { evaluatedOn: m.evaluatedOn }),
    ...(m.verdict === null ? {} : { verdict: m.verdict as MeasureVerdict }),
    ...(m.evidenceLevel === null ? {} : { evidenceLevel: m.evidenceLevel }),
  }))
  return { organisationId: query.organisationId, reports, problems, measures, asOf }
}

async function problemRegister(
  store: Pick<EventStore, 'db' | 'readStream'>,
  tenantId: string,
  knownAt: string,
): Promise<FeedbackProblem[]> {
  const ids = await sql<{ id: string }>`
    select id from registry where tenant_id = ${tenantId} and kind = 'problem' order by id`.execute(
    store.db as Db,
  )
  const out: FeedbackProblem[] = []
  for (const { id } of ids.rows) {
    const events = await store.readStream({ tenantId, streamId: streamIds.problem(id) })
    let problem: FeedbackProblem | undefined
    for (const e of events) {
      if (Date.parse(e.recordedAt) > Date.parse(knownAt)) break
      const d = e.data as Record<string, unknown>
      if (e.type === 'ProblemIdentified') {
        problem = {
          problemId: id,
          title: String(d.title ?? ''),
          placeIds: (d.placeIds as string[] | undefined) ?? [],
          categoryCodes: (d.categoryCodes as string[] | undefined) ?? [],
          identifiedOn: String(d.identifiedOn ?? ''),
        }
      } else if (e.type === 'ProblemClosed' && problem) {
        problem = { ...problem, closedOn: String(d.closedOn), outcome: String(d.outcome) }
      }
    }
    if (problem) out.push(problem)
  }
  return out
}
