import {
  chunkSurveyContent,
  type SurveyAggregate,
  type SurveyIndicator,
  SurveyWaveImportedData,
} from '@lagesbild/domain'
import type { JsonObject } from '@lagesbild/event-store'
import type { PlannedEvent } from '../import/planned.js'
import { slugify } from '../shared/ids.js'
import type { Rejection } from '../shared/rejections.js'
import type { BraParseResult, NtuFigure } from './parse.js'

/** Options of the Brå import. */
export interface BraImportOptions {
  /** Only these geographies (as Brå names them, e.g. `Ludvika`, `Hela landet`); default all. */
  readonly geographies?: readonly string[]
  /** Brå geography → registered place id, so figures attach to the tenant's places. */
  readonly places?: Readonly<Record<string, string>>
}

/**
 * Brå's official reported-crime figure as this package hands it out (in the import result, for
 * reconciliation); the same figures are stored as `OfficialStatisticsPublished`, one event per
 * geography.
 */
export interface OfficialStatistic {
  readonly publisher: 'Brå'
  readonly statistic: 'reported-crime'
  readonly geography: string
  readonly placeId: string | undefined
  readonly indicator: string
  readonly indicatorId: string
  /** Year the crimes were reported (Brå's official counting). */
  readonly year: number
  readonly count: number | null
  readonly ratePer100k: number | null
}

/** The survey name every Brå wave carries. */
export const BRA_NTU_SURVEY_NAME = 'Nationella trygghetsundersökningen (Brå, kommunindikatorer)'

/** How Brå counts a year of reported crime. */
export const BRA_REPORTED_CRIME_YEAR =
  'calendar year the crimes were reported (Brå official statistics, final figures)'

const SOURCE_NOTE =
  'Brå, Indikatorer för kommuners lägesbild (bra.se), as stacked by Region Dalarna. Källa: Brå'

/** Wave id of one NTU survey year. */
export const braWaveId = (surveyYear: number): string => `bra-ntu-${surveyYear}`

const indicatorOf = (f: NtuFigure): SurveyIndicator => ({
  indicatorId: slugify(f.indicator),
  // Exposure figures in a wave refer to the year before it; the label says so because the
  // aggregate itself has no reference-period field.
  label:
    f.yearSemantics === 'exposure-year'
      ? `${f.indicator} (avser ${f.year}, NTU ${f.surveyYear})`.slice(0, 500)
      : f.indicator,
  scale: { min: 0, max: 100, direction: 'higher-is-worse', unit: 'share' },
})

/**
 * Plans the SurveyWaveImported chunks (one wave per NTU survey year) and the official reported
 * crime statistics. Values pass through untouched: percent as published, CI and n as given.
 */
export const planBraIndicators = (
  parsed: BraParseResult,
  options: BraImportOptions,
  knownAt: string,
): {
  readonly events: readonly PlannedEvent[]
  readonly officialStatistics: readonly OfficialStatistic[]
  readonly rejected: readonly Rejection[]
  readonly imported: number
} => {
  const wanted = options.geographies === undefined ? undefined : new Set(options.geographies)
  const rejected: Rejection[] = []
  const inScope = (geography: string, rows: readonly number[]): boolean => {
    if (wanted === undefined || wanted.has(geography)) return true
    for (const row of rows) {
      rejected.push({ row, kind: 'out-of-scope', reason: `geography ${geography} not imported` })
    }
    return false
  }
  const byWave = new Map<number, NtuFigure[]>()
  let imported = 0
  for (const f of parsed.ntu) {
    if (!inScope(f.geography, f.rows)) continue
    const list = byWave.get(f.surveyYear) ?? []
    list.push(f)
    byWave.set(f.surveyYear, list)
    imported += f.rows.length
  }
  for (const [key, r] of parsed.respondents) {
    const geography = key.split('\u0000')[0] ?? ''
    if (inScope(geography, [r.row])) imported++
  }

  const events: PlannedEvent[] = []
  for (const [surveyYear, figures] of [...byWave].sort(([a], [b]) => a - b)) {
    figures.sort(
      (a, b) =>
        a.indicator.localeCompare(b.indicator, 'sv') ||
        a.geography.localeCompare(b.geography, 'sv'),
    )
    const indicators = new Map<string, SurveyIndicator>()
    for (const f of figures) indicators.set(slugify(f.indicator), indicatorOf(f))
    const aggregates: SurveyAggregate[] = figures.map((f) => {
      const placeId = options.places?.[f.geography]
      return {
        area: placeId === undefined ? { label: f.geography } : { placeId, label: f.geography },
        indicatorId: slugify(f.indicator),
        estimate: f.estimate,
        ciLower: f.ciLower,
        ciUpper: f.ciUpper,
        ciLevel: 0.95,
        n: f.n,
      }
    })
    const chunks = chunkSurveyContent({ format: 'aggregates', aggregates })
    const waveId = braWaveId(surveyYear)
    chunks.forEach((content, index) => {
      const data = SurveyWaveImportedData.parse({
        waveId,
        survey: { name: BRA_NTU_SURVEY_NAME, kind: 'ntu' },
        year: surveyYear,
        // Brå publishes no fieldwork dates in this table: the whole survey year stands for it.
        fieldwork: { from: `${surveyYear}-01-01`, to: `${surveyYear}-12-31` },
        source: SOURCE_NOTE,
        indicators: [...indicators.values()],
        chunk: { index, count: chunks.length },
        content,
      })
      events.push({
        type: 'SurveyWaveImported',
        data: data as unknown as JsonObject,
        recordedAt: knownAt,
        naturalId: `${waveId}#${index}`,
      })
    })
  }

  const officialStatistics: OfficialStatistic[] = []
  for (const f of parsed.reportedCrime) {
    if (!inScope(f.geography, f.rows)) continue
    imported += f.rows.length
    officialStatistics.push({
      publisher: 'Brå',
      statistic: 'reported-crime',
      geography: f.geography,
      placeId: options.places?.[f.geography],
      indicator: f.indicator,
      indicatorId: slugify(f.indicator),
      year: f.year,
      count: f.count,
      ratePer100k: f.ratePer100k,
    })
  }
  // One publication per geography: its reported-crime figures as one event, so the read model
  // can show them beside reports (labelled, never summed). The same figures imported again give
  // the same event id and are skipped; a new vintage with other values is a later event.
  const byGeography = new Map<string, OfficialStatistic[]>()
  for (const s of officialStatistics) {
    byGeography.set(s.geography, [...(byGeography.get(s.geography) ?? []), s])
  }
  for (const [geography, figures] of byGeography) {
    const publicationId = `bra-reported-crime-${slugify(geography)}`
    events.push({
      type: 'OfficialStatisticsPublished',
      data: {
        publicationId,
        publisher: 'Brå',
        statistic: 'reported-crime',
        yearSemantics: BRA_REPORTED_CRIME_YEAR,
        source: SOURCE_NOTE,
        figures: figures.map((f) => ({
          statisticId: f.indicatorId,
          label: f.indicator,
          area:
            f.placeId === undefined
              ? { label: geography }
              : { label: geography, placeId: f.placeId },
          year: f.year,
          count: f.count,
          ratePer100k: f.ratePer100k,
        })),
      } as unknown as JsonObject,
      recordedAt: knownAt,
      naturalId: publicationId,
    })
  }
  return { events, officialStatistics, rejected, imported }
}
