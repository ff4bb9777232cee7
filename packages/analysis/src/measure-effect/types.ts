import type {
  DidPanelResult,
  InterruptedTimeSeriesResult,
  Interval,
  PoissonRateRatioResult,
  RelativeEffectSizeResult,
  WeightedDisplacementDifferenceResult,
  WeightedDisplacementQuotientResult,
} from '@lagesbild/statistics'
import type { PlaceSeries } from '../shared/series.js'
import type { AnalysisWarning } from '../shared/warnings.js'

/** The measure being evaluated, as fixed at proposal (places) and started (date). */
export interface MeasureUnderEvaluation {
  readonly id: string
  /** Treated places. */
  readonly placeIds: readonly string[]
  /** Categories the counts cover; informational here, the caller filters the counts. */
  readonly targetCategories: readonly string[]
  /** `YYYY-MM-DD`; the period containing it is the implementation period and is left out. */
  readonly startedOn: string
  readonly completedOn?: string
  /** Control places chosen by the coordinator; when absent they are chosen automatically. */
  readonly controlPlaceIds?: readonly string[]
  /** Places next to the treated ones, where displacement or diffusion would show. */
  readonly bufferPlaceIds?: readonly string[]
}

/** Another measure; its places are not used as automatic controls while it runs. */
export interface OtherMeasure {
  readonly id: string
  readonly placeIds: readonly string[]
  readonly startedOn: string
  readonly completedOn?: string
}

/**
 * One survey wave's result at one place, as unweighted counts of respondents who feel very or
 * fairly unsafe (`unsafe`) out of `n`.
 */
export interface SurveyWaveShare {
  readonly placeId: string
  readonly year: number
  /** Representative fieldwork date; when absent the wave counts as before the start only if its year is earlier. */
  readonly surveyedOn?: string
  readonly unsafe: number
  readonly n: number
}

export interface MeasureEffectInput {
  readonly measure: MeasureUnderEvaluation
  /** Period start dates (`YYYY-MM-DD`), strictly increasing. */
  readonly periods: readonly string[]
  /**
   * Counts of the measure's target categories per place, aligned with `periods`. Must hold the
   * treated places, the given controls and buffers, and every candidate for automatic controls.
   */
  readonly counts: PlaceSeries
  readonly otherMeasures?: readonly OtherMeasure[]
  readonly surveys?: readonly SurveyWaveShare[]
}

export interface MeasureEffectOptions {
  /** Maximum periods in each of the before and after windows (default 26). */
  readonly windowPeriods?: number
  /** Fewer usable controls than this and the design is treated as uncontrolled (default 3). */
  readonly minControls?: number
  /** How many automatic controls to take (default 5). */
  readonly maxControls?: number
  /** Run the synthetic control (default true); it dominates the cost through its placebo fits. */
  readonly syntheticControl?: boolean
  /** Synthetic control needs at least this many donors (default 5). */
  readonly minDonors?: number
  /** Donor pool cap, best-matching first, to bound the placebo cost (default 20). */
  readonly maxDonors?: number
  /** Confidence level (default 0.95). */
  readonly level?: number
  /** Relative change the design must be able to detect for 'no detectable effect' (default 0.25). */
  readonly meaningfulChange?: number
  /**
   * Periods per year (26 for fortnightly reports). When the before window covers a whole year, the
   * ITS gets a yearly Fourier term (one harmonic); otherwise seasonality is not modelled there.
   */
  readonly periodsPerYear?: number
  /** Survey cells with fewer respondents are suppressed (default 5). */
  readonly minCellSize?: number
}

export type MeasureVerdictCode =
  | 'likely-effect'
  | 'no-detectable-effect'
  | 'inconclusive'
  | 'got-worse'

export interface RateRatioEstimate {
  readonly estimate: number
  readonly ci: Interval
  readonly pValue: number
}

/** How the places were used. `score` is the similarity score of automatic controls. */
export interface ControlChoice {
  readonly placeId: string
  readonly correlation: number
  readonly levelRatio: number
  readonly score: number
}

export interface MeasureWindows {
  /** Index into `periods` of the implementation period (left out). */
  readonly startIndex: number
  readonly before: { readonly from: string; readonly to: string; readonly periods: number }
  readonly after: { readonly from: string; readonly to: string; readonly periods: number }
}

export interface PrimaryEstimate extends RateRatioEstimate {
  readonly estimator: 'panel-did' | 'its-poisson'
  /** SE of the log rate ratio actually used for the CI. */
  readonly logSe: number
  /** Which panel SE was used: the larger of cluster-robust and quasi-Poisson. */
  readonly seType?: 'cluster' | 'quasi'
  /** Smallest reduction (1 − rate ratio) detectable with 80 % power at this SE. */
  readonly minimumDetectableReduction: number
}

export interface SyntheticControlSummary {
  readonly donors: readonly string[]
  readonly weights: Readonly<Record<string, number>>
  /** Mean post-period gap per treated place and period (observed − synthetic). */
  readonly att: number
  /** Mean observed / mean synthetic in the after window; null if the synthetic mean is 0. */
  readonly ratio: number | null
  readonly preRmspe: number
  readonly pValue: number | null
}

export interface SurveyChange {
  readonly suppressed: boolean
  readonly before: {
    readonly year: number
    readonly n: number | null
    readonly share: number | null
  }
  readonly after: {
    readonly year: number
    readonly n: number | null
    readonly share: number | null
  }
  /** after − before, with Newcombe's CI; null when suppressed. */
  readonly difference: number | null
  readonly ci: Interval | null
  readonly pValue: number | null
  /** Smallest detectable rise and fall at 80 % power for these n. */
  readonly minimumDetectableEffect: {
    readonly up: number | null
    readonly down: number | null
  } | null
}

export interface MeasureEffectResult {
  readonly measureId: string
  readonly windows: MeasureWindows
  readonly treated: {
    readonly placeIds: readonly string[]
    readonly before: number
    readonly after: number
  }
  readonly controls: {
    readonly chosen: 'given' | 'automatic' | 'none'
    readonly places: readonly ControlChoice[]
    readonly before: number
    readonly after: number
  }
  readonly primary: PrimaryEstimate | null
  readonly relativeEffectSize: RelativeEffectSizeResult | null
  /** Exact conditional test of the treated rate after vs before (no control). */
  readonly treatedRateRatio: PoissonRateRatioResult | null
  /** Same for the controls: a change here is a change the measure did not cause. */
  readonly controlRateRatio: PoissonRateRatioResult | null
  readonly panelDid: DidPanelResult | null
  /** Panel DiD on the before window with a fake start halfway: should include 1. */
  readonly preTrendPlacebo: RateRatioEstimate | null
  readonly interruptedTimeSeries: {
    readonly poisson: RateRatioEstimate & { readonly slopeChangeRatio: RateRatioEstimate }
    readonly linear: InterruptedTimeSeriesResult
  } | null
  readonly syntheticControl: SyntheticControlSummary | null
  readonly displacement: {
    readonly bufferPlaceIds: readonly string[]
    readonly wdq: WeightedDisplacementQuotientResult
    readonly wddLocal: WeightedDisplacementDifferenceResult
    readonly wddBuffer: WeightedDisplacementDifferenceResult
    readonly displacementDetected: boolean
  } | null
  readonly survey: SurveyChange | null
  readonly verdict: MeasureVerdictCode
  readonly verdictReason: string
  /** Maryland Scientific Methods Scale level of the design actually run (see docs/analysis.md). */
  readonly smsLevel: 2 | 3 | 4
  readonly smsReason: string
  readonly warnings: readonly AnalysisWarning[]
}
