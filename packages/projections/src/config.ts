import type {
  CadenceData,
  CatalogueData,
  HarmWeightsData,
  ProjectionEvent,
  StatusRule,
  StatusRuleData,
} from './events.js'
import { type CadenceSetting, cadenceHistory } from './periods/index.js'

/**
 * A tenant's configuration as the projections use it. Configuration is reference data, not a
 * fact about the world: pictures always use the configuration as it is known now (see
 * docs/projections.md, "What knownAt cuts").
 */
export interface TenantConfig {
  /** ReportingCadenceSet data in log order. */
  readonly cadence: readonly CadenceSetting[]
  /** Catalogue harm weight per category code (the latest CategoryCatalogueSet). */
  readonly catalogue: Readonly<Record<string, number>>
  /** HarmWeightsSet data in log order. */
  readonly harmWeights: readonly HarmWeightsData[]
  /** StatusRuleSet data in log order. */
  readonly statusRules: readonly StatusRuleData[]
}

export const emptyConfig = (): TenantConfig => ({
  cadence: [],
  catalogue: {},
  harmWeights: [],
  statusRules: [],
})

/** Folds one configuration event; other events return the config unchanged. */
export const evolveConfig = (config: TenantConfig, event: ProjectionEvent): TenantConfig => {
  switch (event.type) {
    case 'ReportingCadenceSet': {
      const d = event.data as CadenceData
      const setting = {
        intervalDays: d.intervalDays,
        anchorDate: d.anchorDate,
        effectiveFrom: d.effectiveFrom,
      }
      return { ...config, cadence: [...config.cadence, setting] }
    }
    case 'CategoryCatalogueSet': {
      const d = event.data as CatalogueData
      return {
        ...config,
        catalogue: Object.fromEntries(d.categories.map((c) => [c.code, c.harmWeight])),
      }
    }
    case 'HarmWeightsSet':
      return { ...config, harmWeights: [...config.harmWeights, event.data as HarmWeightsData] }
    case 'StatusRuleSet':
      return { ...config, statusRules: [...config.statusRules, event.data as StatusRuleData] }
    default:
      return config
  }
}

/** The tenant's effective cadence history. */
export const cadenceOf = (config: TenantConfig): readonly CadenceSetting[] =>
  cadenceHistory(config.cadence)

/**
 * A category without any configured weight counts 1, so an unconfigured tenant gets raw counts
 * as its harm index rather than zeros.
 */
export const DEFAULT_HARM_WEIGHT = 1

/**
 * The harm weight of a category on a date: the HarmWeightsSet in effect on that date (latest
 * `effectiveFrom`, last recorded among equals) that lists the category, else the catalogue's
 * weight, else 1.
 * @example harmWeightOn(config, 'assault', '2021-03-15') // 30
 */
export const harmWeightOn = (config: TenantConfig, category: string, date: string): number => {
  let best: { from: string; weight: number } | undefined
  for (const set of config.harmWeights) {
    const w = set.weights[category]
    if (w === undefined || set.effectiveFrom > date) continue
    if (!best || set.effectiveFrom >= best.from) best = { from: set.effectiveFrom, weight: w }
  }
  return best?.weight ?? config.catalogue[category] ?? DEFAULT_HARM_WEIGHT
}

/**
 * Used until a tenant sets its own rule: the domain's `DEFAULT_STATUS_RULE` (harm-weighted score
 * over the last 28 days; thresholds are placeholders to calibrate locally, docs/projections.md).
 * Declared again here because the projections do not depend on the domain; a test in
 * packages/application holds the two equal.
 */
export const DEFAULT_STATUS_RULE: StatusRule = {
  basis: 'harm-weighted',
  windowDays: 28,
  levels: [
    { status: 'green', minScore: 0 },
    { status: 'yellow', minScore: 20 },
    { status: 'orange', minScore: 60 },
    { status: 'red', minScore: 150 },
  ],
}

/** The status rule in effect on a date (latest `effectiveFrom` ≤ date, last recorded wins). */
export const statusRuleOn = (config: TenantConfig, date: string): StatusRule => {
  let best: StatusRuleData | undefined
  for (const r of config.statusRules) {
    if (r.effectiveFrom > date) continue
    if (!best || r.effectiveFrom >= best.effectiveFrom) best = r
  }
  return best?.rule ?? DEFAULT_STATUS_RULE
}
