import type { Interval } from '@lagesbild/statistics'
import type { AnalysisWarning } from '../shared/warnings.js'

/** One respondent's answer to the insecurity question of one survey wave. */
export interface InsecurityRespondent {
  readonly respondentId: string
  /** The place or area the respondent answered about (or lives in). */
  readonly areaId: string
  readonly year: number
  /** Ordinal answer; null for "don't know" or no answer. */
  readonly answer: number | null
  /** NTU's second criterion: refrains from going out for fear of crime. Counts as unsafe. */
  readonly refrainsFromGoingOut?: boolean
  /** Design or calibration weight; absent or 1 when unweighted. */
  readonly weight?: number
  readonly ageGroup?: string
  readonly sex?: string
}

/**
 * Which answers count as unsafe, from the indicator's scale metadata: answers at or beyond
 * `threshold` in the scale's worse direction (e.g. ≥ 3 on a 1–4 scale where 4 is "very unsafe").
 */
export interface UnsafeRule {
  readonly threshold: number
  readonly direction: 'higher-is-worse' | 'higher-is-better'
}

/** A published share with its interval and n, used as published. */
export interface PublishedInsecurity {
  readonly areaId: string
  readonly year: number
  /** Share 0–1. */
  readonly estimate: number
  readonly ciLower: number | null
  readonly ciUpper: number | null
  readonly ciLevel?: number
  readonly n: number | null
}

export interface InsecurityInput {
  readonly respondents?: readonly InsecurityRespondent[]
  readonly published?: readonly PublishedInsecurity[]
  readonly unsafe: UnsafeRule
  /**
   * Population shares per area (and for `municipalityId`) by post-stratum `ageGroup|sex`; when
   * given for an area, its share is post-stratified (respondent weights are then ignored).
   */
  readonly populationShares?: Readonly<Record<string, Readonly<Record<string, number>>>>
}

export interface InsecurityOptions {
  /** Cells with fewer respondents are suppressed (default 5). */
  readonly minCellSize?: number
  readonly level?: number
  /** Id of the whole-municipality cell (default 'municipality'). */
  readonly municipalityId?: string
  /** Power for the minimum detectable effect (default 0.8). */
  readonly power?: number
}

export interface SuppressedCell {
  readonly areaId: string
  readonly year: number
  readonly source: 'respondents' | 'published'
  readonly suppressed: true
  readonly n: null
}

export interface InsecurityEstimate {
  readonly areaId: string
  readonly year: number
  readonly source: 'respondents' | 'published'
  readonly suppressed: false
  /** Respondents with a usable answer (published n; null if the publisher gives none). */
  readonly n: number | null
  /** Share feeling very or fairly unsafe, or refraining from going out. */
  readonly share: number
  readonly ci: Interval | null
  readonly se: number | null
  /** 'unweighted' (Wilson), 'weights', 'post-stratified', or 'published'. */
  readonly estimation: 'unweighted' | 'weights' | 'post-stratified' | 'published'
  /** Kish effective n (= n when unweighted). */
  readonly effectiveN: number | null
  readonly warnings: readonly AnalysisWarning[]
}

export type InsecurityCell = InsecurityEstimate | SuppressedCell

export interface InsecurityComparison {
  readonly areaId: string
  readonly year: number
  /** What the cell is compared with: the rest of the municipality, or the same area in `year`. */
  readonly against: { readonly areaId: string; readonly year: number }
  readonly suppressed: boolean
  /** share − comparison share. */
  readonly difference: number | null
  /** Newcombe's hybrid score interval. */
  readonly ci: Interval | null
  readonly pValue: number | null
  /** Benjamini-Hochberg q over the family (all areas in a year, or all areas for a year pair). */
  readonly qValue: number | null
  readonly minimumDetectableEffect: {
    readonly up: number | null
    readonly down: number | null
  } | null
  readonly belowMinimumDetectableEffect: boolean | null
  /** Year vs year on respondent data: Mann-Whitney on the ordinal answers (higher = more unsafe). */
  readonly mannWhitney: {
    readonly pValue: number
    readonly qValue: number
    readonly rankBiserial: number
  } | null
  readonly warnings: readonly AnalysisWarning[]
}

export interface InsecurityTrend {
  readonly areaId: string
  readonly years: readonly number[]
  readonly suppressed: boolean
  readonly statistic: number | null
  readonly pValue: number | null
  readonly qValue: number | null
  /** Direction of the fitted trend: +1 rising insecurity, −1 falling, 0 flat. */
  readonly direction: -1 | 0 | 1 | null
}

export interface InsecurityResult {
  readonly cells: readonly InsecurityCell[]
  readonly placeVsMunicipality: readonly InsecurityComparison[]
  readonly yearVsYear: readonly InsecurityComparison[]
  readonly trends: readonly InsecurityTrend[]
  /** Plain-words reminder for every output: small samples cannot show small changes. */
  readonly note: string
}
