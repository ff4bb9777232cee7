/** @module @lagesbild/demo-data: a seeded demo municipality and a large synthetic one. */

/** Appending to the event store */
export { type AppendableEvent, type AppendableRequest, toAppendBatches } from './append-batches.js'
/** Demo municipality */
export {
  type DemoMunicipality,
  type DemoOptions,
  generateDemo,
  type PlantedMeasureEffect,
  type PlantedTruth,
} from './demo.js'
/** Event log shapes */
export type { EventStream, LogEntry } from './event-log.js'
/** Large synthetic municipality for benchmarks */
export {
  generateLargeMunicipality,
  type LargeMunicipalityOptions,
  type LargeMunicipalitySummary,
} from './large.js'
/** What the demo is made of */
export { DEMO_MEASURES, DEMO_PROBLEMS, type DemoMeasure, type DemoProblem } from './measures.js'
export {
  DEMO_AREAS,
  DEMO_ORGANISATIONS,
  DEMO_PLACES,
  type DemoOrganisation,
  type DemoPlace,
} from './municipality.js'
/** Seeded randomness */
export { createRandom, type Random } from './random/index.js'
export { DEMO_STATUS_RULE } from './setup.js'
export type { PlantedSurvey } from './surveys.js'
/** Counting helpers for tests that check the planted effects */
export {
  countWhere,
  type FinalObservation,
  finalObservations,
  relativeRateRatio,
} from './testing/counts.js'
export { replayThroughDeciders } from './testing/replay.js'
