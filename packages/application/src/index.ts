/**
 * @lagesbild/application — the use cases: commands in, events appended, read models in step.
 */

// Commands
export type {
  CommandHandler,
  CommandHandlerOptions,
  CommandOptions,
  CommandResult,
} from './commands.js'
export { createCommandHandler, fromStoredEvent, toNewEvent } from './commands.js'

// Opening a deployment
export type { Leadership, LeadershipOptions } from './leadership.js'
export { competeForLeadership, PROJECTION_LEADER_KEY } from './leadership.js'
export type { Lagesbild, OpenLagesbildOptions } from './open.js'
export { openLagesbild, READ_MODELS } from './open.js'
// Analysis inputs from the read models
export type {
  CountQuery,
  CountRow,
  EarlyWarningInputResult,
  EarlyWarningQuery,
  FeedbackQuery,
  InsecurityIndicatorChoice,
  InsecurityInputResult,
  InsecurityQuery,
  InsecurityReport,
  InsecurityReportQuery,
  MeasureEffectInputResult,
  MeasureEffectQuery,
  PlaceGeometry,
} from './queries/index.js'
export {
  countsByPeriod,
  DEFAULT_INSECURITY_INDICATOR,
  DEFAULT_REFRAIN_INDICATOR,
  earlyWarningInputFor,
  feedbackInputFor,
  insecurityInputFor,
  insecurityReport,
  loadPlaceInfo,
  measureEffectInputFor,
  placeGeometries,
  unsafeRuleOf,
} from './queries/index.js'
// Registry of cross-stream facts for the deciders
export { loadRegistry } from './registry/lookup.js'
export { registryProjection } from './registry/projection.js'
