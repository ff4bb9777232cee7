import {
  type AnalysisReadModels,
  type Lagesbild,
  openAnalysisReadModels,
} from '@lagesbild/application'

const opened = new WeakMap<object, Promise<AnalysisReadModels>>()

/**
 * Brings the measure register and survey results read models up to date before a read, so a
 * client reads its own writes. They are created on first use: createApp is synchronous, and a
 * process that serves only the picture never pays for the survey tables.
 *
 * @param lagesbild the deployment; one set of models per deployment
 * @throws the store's errors (the routes map them to 500)
 */
export async function currentAnalysisModels(lagesbild: Lagesbild): Promise<void> {
  let models = opened.get(lagesbild)
  if (!models) {
    models = openAnalysisReadModels(lagesbild)
    opened.set(lagesbild, models)
    // A failed open is retried on the next request rather than cached.
    models.catch(() => opened.delete(lagesbild))
  }
  await (await models).catchUp()
}
