import {
  createProjectionRunner,
  EVENT_STORE_LOG,
  measureRegisterProjection,
  type ReadModelProjection,
  surveyResultsProjection,
} from '@lagesbild/projections'
import type { Lagesbild } from '../open.js'
import { READ_MODELS } from '../open.js'

/** The read models the analysis adapters read besides the situation picture. */
export const ANALYSIS_READ_MODELS: readonly ReadModelProjection[] = [
  measureRegisterProjection,
  surveyResultsProjection,
]

/** Keeps the analysis read models current; `catchUp` before a read gives read-your-writes. */
export interface AnalysisReadModels {
  /** Applies what the log holds beyond the models' checkpoints; returns the events applied. */
  readonly catchUp: () => Promise<number>
  /** Names of the models this object runs itself (empty when the deployment already runs them). */
  readonly names: readonly string[]
}

/**
 * Creates the measure register and survey results tables and catches them up. The deployment's
 * own runner (READ_MODELS) does not run them yet; any it already runs are left to it, so this
 * keeps working, and does nothing, once they are added there.
 *
 * @param lagesbild an open deployment (its store's database holds the tables)
 * @example
 * const models = await openAnalysisReadModels(lagesbild)
 * await models.catchUp()
 * const measure = await measureById(lagesbild.store.db, 'mjolby', 'm-1')
 */
export async function openAnalysisReadModels(
  lagesbild: Pick<Lagesbild, 'store'>,
): Promise<AnalysisReadModels> {
  const running = new Set(READ_MODELS.map((m) => m.name))
  const projections = ANALYSIS_READ_MODELS.filter((p) => !running.has(p.name))
  if (projections.length === 0) return { catchUp: async () => 0, names: [] }
  const runner = createProjectionRunner({
    db: lagesbild.store.db,
    log: EVENT_STORE_LOG,
    projections,
  })
  await runner.migrate()
  await runner.catchUp()
  return { catchUp: () => runner.catchUp(), names: projections.map((p) => p.name) }
}
