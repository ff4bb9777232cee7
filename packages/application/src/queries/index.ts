/** Adapters from the read models to the analyses' plain inputs (docs/analysis.md). */

export type { EarlyWarningInputResult, EarlyWarningQuery } from './early-warning.js'
export { earlyWarningInputFor } from './early-warning.js'
export type { FeedbackQuery } from './feedback.js'
export { feedbackInputFor } from './feedback.js'
export type {
  InsecurityInputResult,
  InsecurityQuery,
  InsecurityReport,
  InsecurityReportQuery,
} from './insecurity.js'
export { insecurityInputFor, insecurityReport } from './insecurity.js'
export type { MeasureEffectInputResult, MeasureEffectQuery } from './measure-effect.js'
export { measureEffectInputFor } from './measure-effect.js'
export type { PlaceGeometry } from './place-geometry.js'
export { placeGeometries } from './place-geometry.js'
export type { InsecurityIndicatorChoice } from './survey-shares.js'
export {
  DEFAULT_INSECURITY_INDICATOR,
  DEFAULT_REFRAIN_INDICATOR,
  unsafeRuleOf,
} from './survey-shares.js'
export type { CountQuery, CountRow } from './tables.js'
export { countsByPeriod, loadPlaceInfo } from './tables.js'
