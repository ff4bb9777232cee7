import { sql } from 'kysely'
import type { Db } from '../log.js'
import {
  checkRespondentsQuery,
  type SurveyRespondentRow,
  type SurveyRespondentsQuery,
  type SurveyResult,
  type SurveyResultsQuery,
  type SurveyWave,
  type SurveyWaveImportedData,
  waveOf,
} from './model.js'

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T

const loadWaves = async (
  db: Db,
  tenantId: string,
  filter: { readonly waveId?: string; readonly year?: number } = {},
): Promise<Map<string, SurveyWave>> => {
  const r = await sql<{ header: unknown; chunks: unknown }>`select header, chunks
    from survey_wave where tenant_id = ${tenantId}
      and (${filter.waveId ?? null}::text is null or wave_id = ${filter.waveId ?? null})
      and (${filter.year ?? null}::int is null or year = ${filter.year ?? null}::int)`.execute(db)
  const waves = new Map<string, SurveyWave>()
  for (const row of r.rows) {
    const w = waveOf(json<SurveyWaveImportedData>(row.header), json<number[]>(row.chunks))
    waves.set(w.waveId, w)
  }
  return waves
}

/**
 * The tenant's survey waves with their completeness, ordered by wave id.
 * @example const partial = (await surveyWaves(db, 'mjolby')).filter((w) => !w.complete)
 */
export const surveyWaves = async (db: Db, tenantId: string): Promise<SurveyWave[]> =>
  [...(await loadWaves(db, tenantId)).values()].sort((a, b) =>
    a.waveId < b.waveId ? -1 : a.waveId > b.waveId ? 1 : 0,
  )

// Waves are ordered as JavaScript orders strings (code units), hence the C collation.
const ORDER = sql.raw('order by wave_id collate "C", chunk_index, seq')

/**
 * Published survey figures (estimate with its CI and n, scale metadata from the wave), as
 * imported: nothing is recomputed.
 * @param query optional waveId, year, area (place id or published label) and indicator id
 * @example await surveyResults(db, 'mjolby', { year: 2024, indicator: 'unsafe-evening' })
 */
export const surveyResults = async (
  db: Db,
  tenantId: string,
  query: SurveyResultsQuery = {},
): Promise<SurveyResult[]> => {
  const waves = await loadWaves(db, tenantId, query)
  if (waves.size === 0) return []
  const r = await sql<{
    wave_id: string
    place_id: string | null
    area_label: string
    indicator_id: string
    estimate: number
    ci_lower: number | null
    ci_upper: number | null
    ci_level: number | null
    n: number | null
  }>`select wave_id, place_id, area_label, indicator_id, estimate, ci_lower, ci_upper, ci_level, n
    from survey_aggregate
    where tenant_id = ${tenantId}
      and wave_id in (select jsonb_array_elements_text(${JSON.stringify([...waves.keys()])}::jsonb))
      and (${query.area ?? null}::text is null
        or place_id = ${query.area ?? null} or area_label = ${query.area ?? null})
      and (${query.indicator ?? null}::text is null or indicator_id = ${query.indicator ?? null})
    ${ORDER}`.execute(db)
  return r.rows.map((row): SurveyResult => {
    const wave = waves.get(row.wave_id) as SurveyWave
    return {
      waveId: row.wave_id,
      survey: wave.survey,
      year: wave.year,
      area: { placeId: row.place_id, label: row.area_label },
      indicatorId: row.indicator_id,
      indicator: wave.indicators.find((i) => i.indicatorId === row.indicator_id) ?? null,
      estimate: Number(row.estimate),
      ciLower: row.ci_lower === null ? null : Number(row.ci_lower),
      ciUpper: row.ci_upper === null ? null : Number(row.ci_upper),
      ciLevel: row.ci_level === null ? null : Number(row.ci_level),
      n: row.n,
    }
  })
}

/**
 * Respondent-level answers of one wave or one year, for the statistics: respondent id, area,
 * year, weight, age group, sex and every answer.
 * @param query waveId or year (one is required), optional areaIds (place ids or area labels)
 * @throws RangeError when neither waveId nor year is given
 * @example await surveyRespondents(db, 'mjolby', { year: 2024, areaIds: ['centrum'] })
 */
export const surveyRespondents = async (
  db: Db,
  tenantId: string,
  query: SurveyRespondentsQuery,
): Promise<SurveyRespondentRow[]> => {
  checkRespondentsQuery(query)
  const waves = await loadWaves(db, tenantId, query)
  if (waves.size === 0) return []
  const areas = query.areaIds === undefined ? null : JSON.stringify(query.areaIds)
  const r = await sql<{
    wave_id: string
    respondent_id: string
    place_id: string | null
    area_label: string
    age_group: string | null
    sex: string | null
    weight: number
    answers: unknown
  }>`select wave_id, respondent_id, place_id, area_label, age_group, sex, weight, answers
    from survey_respondent
    where tenant_id = ${tenantId}
      and wave_id in (select jsonb_array_elements_text(${JSON.stringify([...waves.keys()])}::jsonb))
      and (${areas}::jsonb is null
        or place_id in (select jsonb_array_elements_text(${areas}::jsonb))
        or area_label in (select jsonb_array_elements_text(${areas}::jsonb)))
    ${ORDER}`.execute(db)
  return r.rows.map((row): SurveyRespondentRow => {
    const wave = waves.get(row.wave_id) as SurveyWave
    return {
      waveId: row.wave_id,
      year: wave.year,
      respondentId: row.respondent_id,
      areaId: row.place_id ?? row.area_label,
      area: { placeId: row.place_id, label: row.area_label },
      ageGroup: row.age_group,
      sex: row.sex,
      weight: Number(row.weight),
      answers: json<Record<string, number | null>>(row.answers),
    }
  })
}
