import { z } from 'zod'
import { DEFAULT_CATEGORY_CATALOGUE } from '../catalogue.js'
import { DomainError } from '../errors.js'
import {
  type AssessmentScale,
  type AssessmentScaleSet,
  AssessmentScaleSetData,
  type Category,
  type CategoryCatalogueSet,
  CategoryCatalogueSetData,
  type HarmWeightsSet,
  HarmWeightsSetData,
  type ReportingCadenceSet,
  ReportingCadenceSetData,
  type StatusRule,
  type StatusRuleSet,
  StatusRuleSetData,
} from '../events/config.js'
import {
  type DecideContext,
  type Decider,
  defineCommand,
  emit,
  requireNoPersonalIdentityNumber,
  requireRole,
} from './context.js'

/** Set the reporting cadence from a date on (7 or 14 days). */
export const SetReportingCadence = defineCommand('SetReportingCadence', ReportingCadenceSetData)
export type SetReportingCadence = z.infer<typeof SetReportingCadence>
/** Replace the category catalogue; existing codes may be deactivated but not dropped. */
export const SetCategoryCatalogue = defineCommand('SetCategoryCatalogue', CategoryCatalogueSetData)
export type SetCategoryCatalogue = z.infer<typeof SetCategoryCatalogue>
export const SetHarmWeights = defineCommand('SetHarmWeights', HarmWeightsSetData)
export type SetHarmWeights = z.infer<typeof SetHarmWeights>
export const SetStatusRule = defineCommand('SetStatusRule', StatusRuleSetData)
export type SetStatusRule = z.infer<typeof SetStatusRule>
export const SetAssessmentScale = defineCommand('SetAssessmentScale', AssessmentScaleSetData)
export type SetAssessmentScale = z.infer<typeof SetAssessmentScale>

export const ConfigCommand = z
  .discriminatedUnion('type', [
    SetReportingCadence,
    SetCategoryCatalogue,
    SetHarmWeights,
    SetStatusRule,
    SetAssessmentScale,
  ])
  .meta({ id: 'ConfigCommand' })
export type ConfigCommand = z.infer<typeof ConfigCommand>

export type ConfigEvent =
  | ReportingCadenceSet
  | CategoryCatalogueSet
  | HarmWeightsSet
  | StatusRuleSet
  | AssessmentScaleSet

/** The tenant's configuration as of the end of the `config` stream. */
export type ConfigState = {
  /** In `effectiveFrom` order; the cadence on a date is the last one effective by then. */
  readonly cadences: readonly ReportingCadenceSetData[]
  /** null until the tenant sets one: DEFAULT_CATEGORY_CATALOGUE applies meanwhile. */
  readonly catalogue: readonly Category[] | null
  readonly harmWeights: readonly HarmWeightsSetData[]
  readonly statusRules: readonly StatusRuleSetData[]
  readonly assessmentScale: AssessmentScale | null
}

/**
 * The catalogue in force: the tenant's own, or the seeded default before one is set.
 * @example effectiveCatalogue(configState).filter((c) => c.active)
 */
export const effectiveCatalogue = (state: ConfigState): readonly Category[] =>
  state.catalogue ?? DEFAULT_CATEGORY_CATALOGUE

const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid-configuration', message, details)

/** Valid-time history only grows forward; changing the past needs its own explicit event. */
const requireNotEarlier = (
  history: readonly { effectiveFrom: string }[],
  effectiveFrom: string,
  what: string,
): void => {
  const last = history.at(-1)?.effectiveFrom
  if (last !== undefined && effectiveFrom < last) {
    throw invalid(`${what} effective from ${effectiveFrom} would precede the current ${last}`, {
      field: 'effectiveFrom',
      latest: last,
    })
  }
}

const requireValidStatusRule = (rule: StatusRule): void => {
  const [first] = rule.levels
  if (first?.minScore !== 0) throw invalid('The first status level must start at score 0')
  const statuses = new Set(rule.levels.map((l) => l.status))
  if (statuses.size !== rule.levels.length) throw invalid('Each status may appear once')
  rule.levels.forEach((level, i) => {
    const prev = rule.levels[i - 1]
    if (prev !== undefined && level.minScore <= prev.minScore) {
      throw invalid('Status levels must have strictly increasing minScore', {
        field: `rule.levels.${i}.minScore`,
      })
    }
  })
}

const decide = (
  command: ConfigCommand,
  state: ConfigState,
  context: DecideContext,
): ConfigEvent[] => {
  requireRole(context, ['admin', 'coordinator', 'system'], 'change the configuration')
  requireNoPersonalIdentityNumber(command.data)
  switch (command.type) {
    case 'SetReportingCadence': {
      requireNotEarlier(state.cadences, command.data.effectiveFrom, 'Cadence')
      return [emit('ReportingCadenceSet', command.data, context)]
    }
    case 'SetCategoryCatalogue': {
      const { categories } = command.data
      const codes = new Set<string>()
      for (const c of categories) {
        if (codes.has(c.code)) throw invalid(`Category code "${c.code}" repeats`, { code: c.code })
        codes.add(c.code)
      }
      // Old observations keep their codes forever, so a code can be deactivated, never dropped.
      const dropped = effectiveCatalogue(state).find((c) => !codes.has(c.code))
      if (dropped !== undefined) {
        throw invalid(`Category "${dropped.code}" would be dropped; set active: false instead`, {
          code: dropped.code,
        })
      }
      return [emit('CategoryCatalogueSet', command.data, context)]
    }
    case 'SetHarmWeights': {
      const known = new Set(effectiveCatalogue(state).map((c) => c.code))
      for (const code of Object.keys(command.data.weights)) {
        if (!known.has(code)) {
          throw new DomainError('unknown-category', `weights: "${code}" is not in the catalogue`, {
            field: 'weights',
            id: code,
          })
        }
      }
      requireNotEarlier(state.harmWeights, command.data.effectiveFrom, 'Harm weights')
      return [emit('HarmWeightsSet', command.data, context)]
    }
    case 'SetStatusRule': {
      requireValidStatusRule(command.data.rule)
      requireNotEarlier(state.statusRules, command.data.effectiveFrom, 'Status rule')
      return [emit('StatusRuleSet', command.data, context)]
    }
    case 'SetAssessmentScale': {
      const values = command.data.scale.levels.map((l) => l.value)
      if (values.some((v, i) => i > 0 && v <= (values[i - 1] as number))) {
        throw invalid('Assessment scale values must be strictly increasing', {
          field: 'scale.levels',
        })
      }
      return [emit('AssessmentScaleSet', command.data, context)]
    }
  }
}

const evolve = (state: ConfigState, event: ConfigEvent): ConfigState => {
  switch (event.type) {
    case 'ReportingCadenceSet':
      return { ...state, cadences: [...state.cadences, event.data] }
    case 'CategoryCatalogueSet':
      return { ...state, catalogue: event.data.categories }
    case 'HarmWeightsSet':
      return { ...state, harmWeights: [...state.harmWeights, event.data] }
    case 'StatusRuleSet':
      return { ...state, statusRules: [...state.statusRules, event.data] }
    case 'AssessmentScaleSet':
      return { ...state, assessmentScale: event.data.scale }
  }
}

/**
 * The tenant configuration aggregate (stream `config`): cadence, category catalogue, harm
 * weights, status rule and assessment scale. Dated settings (`effectiveFrom`) only move forward.
 * @throws DomainError forbidden, invalid-configuration, unknown-category,
 * personal-identity-number
 * @example configDecider.decide({ type: 'SetReportingCadence', data }, state, context)
 */
export const configDecider: Decider<ConfigState, ConfigCommand, ConfigEvent> = {
  initialState: () => ({
    cadences: [],
    catalogue: null,
    harmWeights: [],
    statusRules: [],
    assessmentScale: null,
  }),
  evolve,
  decide,
}
