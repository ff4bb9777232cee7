import type { ReadModelProjection } from '../runner/index.js'
import { applySituationEvents } from './handler.js'
import { loadSituationTables } from './load.js'
import { createIndexes, createTables, dropTables, lockTables, swapTables } from './tables.js'

/**
 * The situation picture's read model: observation versions, current cells, places,
 * configuration and measure versions. Also serves place trends and the measure register.
 */
export const situationPictureProjection: ReadModelProjection = {
  name: 'situation-picture',
  createTables,
  createIndexes,
  dropTables,
  swapTables,
  lockTables,
  apply: applySituationEvents,
  load: loadSituationTables,
}
