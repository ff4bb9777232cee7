/** @module @lagesbild/demo-data: a seeded demo municipality and a large synthetic one. */

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
export type { PlantedSurvey } from './surveys.js'
