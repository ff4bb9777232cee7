import {
  type InsecurityInput,
  type InsecurityResult,
  type PublishedInsecurity,
  perceivedInsecurity,
} from '@lagesbild/analysis'
import { type SurveyIndicatorInfo, surveyResults } from '@lagesbild/projections'
import {
  DEFAULT_INSECURITY_INDICATOR,
  DEFAULT_REFRAIN_INDICATOR,
  insecurityRespondents,
  unsafeRuleOf,
  wavesAsking,
} from './survey-shares.js'
import { type Db, loadPlaceInfo, placesUnder } from './tables.js'

export interface InsecurityQuery {
  /** The ordinal insecurity question (default 'unsafe-evening'). */
  readonly indicatorId?: string
  /** The 0/1 "refrained from going out" question (default 'refrained-going-out', when asked). */
  readonly refrainIndicatorId?: string
  /** Overrides the unsafe threshold derived from the indicator's scale. */
  readonly threshold?: number
  /** Only these survey years (default every year). */
  readonly years?: readonly number[]
}

export interface InsecurityInputResult {
  readonly input: InsecurityInput
  /** Id of the municipality-level place, the analysis' whole-municipality cell. */
  readonly municipalityId: string
  /** The indicator as the latest wave describes it; null when no wave asks it. */
  readonly indicator: SurveyIndicatorInfo | null
  readonly waves: readonly { readonly waveId: string; readonly year: number }[]
}

/**
 * Builds `perceivedInsecurity`'s input: the respondents of every wave that asks the indicator,
 * and the published shares (figures of the same indicator id imported as aggregates). The unsafe
 * rule comes from the indicator's scale. Published figures on a 0–100 scale are read as percent;
 * published means or indices (scale unit 'answer' or 'index') are left out.
 *
 * @param db database holding the survey results and situation picture read models
 * @param tenantId the tenant
 * @param query indicator ids, threshold, years
 * @example
 * const { input, municipalityId } = await insecurityInputFor(db, 'mjolby', { years: [2023, 2024] })
 * perceivedInsecurity(input, { municipalityId })
 */
export async function insecurityInputFor(
  db: Db,
  tenantId: string,
  query: InsecurityQuery = {},
): Promise<InsecurityInputResult> {
  const indicatorId = query.indicatorId ?? DEFAULT_INSECURITY_INDICATOR
  const years = query.years === undefined ? undefined : new Set(query.years)
  const waves = (await wavesAsking(db, tenantId, indicatorId)).filter(
    (w) => years === undefined || years.has(w.year),
  )
  const respondents = await insecurityRespondents(db, tenantId, waves, {
    indicatorId,
    refrainIndicatorId: query.refrainIndicatorId ?? DEFAULT_REFRAIN_INDICATOR,
  })
  const published: PublishedInsecurity[] = []
  for (const r of await surveyResults(db, tenantId, { indicator: indicatorId })) {
    if (years !== undefined && !years.has(r.year)) continue
    // Mean answers and index values are not shares; only share figures can be compared.
    const unit = r.indicator?.scale.unit
    if (unit !== undefined && unit !== 'share') continue
    const percent = (r.indicator?.scale.max ?? 1) > 1
    const f = percent ? 100 : 1
    published.push({
      areaId: r.area.placeId ?? r.area.label,
      year: r.year,
      estimate: r.estimate / f,
      ciLower: r.ciLower === null ? null : r.ciLower / f,
      ciUpper: r.ciUpper === null ? null : r.ciUpper / f,
      ...(r.ciLevel === null ? {} : { ciLevel: r.ciLevel }),
      n: r.n,
    })
  }
  const latest = waves[waves.length - 1]
  const indicator = latest?.indicators.find((i) => i.indicatorId === indicatorId) ?? null
  const municipality = (await loadPlaceInfo(db, tenantId)).find((p) => p.level === 'municipality')
  return {
    input: {
      ...(respondents.length > 0 ? { respondents } : {}),
      ...(published.length > 0 ? { published } : {}),
      unsafe: unsafeRuleOf(
        indicator?.scale ?? { min: 1, max: 4, direction: 'higher-is-worse' },
        query.threshold,
      ),
    },
    municipalityId: municipality?.placeId ?? 'municipality',
    indicator,
    waves: waves.map((w) => ({ waveId: w.waveId, year: w.year })),
  }
}

export interface InsecurityReportQuery extends InsecurityQuery {
  /** Show only this area and the places below it (the comparisons still use every area). */
  readonly area?: string
  /** Cells with fewer respondents are suppressed (default 5). */
  readonly minCellSize?: number
}

/** What `/v1/insecurity`, its CSV and `lagesbild export insecurity` show. */
export interface InsecurityReport extends InsecurityResult {
  readonly indicator: SurveyIndicatorInfo | null
  readonly unsafe: InsecurityInput['unsafe']
  readonly municipalityId: string
  readonly waves: InsecurityInputResult['waves']
}

/**
 * Perceived insecurity per area and year with its comparisons, from the tenant's surveys:
 * `insecurityInputFor` and `perceivedInsecurity` together, narrowed to an area when asked.
 * Small cells are suppressed in every part.
 *
 * @param db database holding the survey results and situation picture read models
 * @param tenantId the tenant
 * @param query indicator, threshold, years, area and the smallest cell shown
 * @example
 * const report = await insecurityReport(db, 'demo', { years: [2024], area: 'vifolka' })
 * for (const cell of report.cells) if (!cell.suppressed) console.log(cell.areaId, cell.share)
 */
export async function insecurityReport(
  db: Db,
  tenantId: string,
  query: InsecurityReportQuery = {},
): Promise<InsecurityReport> {
  const prepared = await insecurityInputFor(db, tenantId, query)
  const hasData = prepared.input.respondents?.length || prepared.input.published?.length
  const result: InsecurityResult = hasData
    ? perceivedInsecurity(prepared.input, {
        municipalityId: prepared.municipalityId,
        ...(query.minCellSize === undefined ? {} : { minCellSize: query.minCellSize }),
      })
    : { cells: [], placeVsMunicipality: [], yearVsYear: [], trends: [], note: '' }
  // The comparisons need every area; the area filter only narrows what is shown.
  const scope =
    query.area === undefined
      ? undefined
      : placesUnder(await loadPlaceInfo(db, tenantId), query.area)
  const keep = (x: { areaId: string }) => scope === undefined || scope.has(x.areaId)
  return {
    indicator: prepared.indicator,
    unsafe: prepared.input.unsafe,
    municipalityId: prepared.municipalityId,
    waves: prepared.waves,
    cells: result.cells.filter(keep),
    placeVsMunicipality: result.placeVsMunicipality.filter(keep),
    yearVsYear: result.yearVsYear.filter(keep),
    trends: result.trends.filter(keep),
    note: result.note,
  }
}
