import { describe, expect, it } from 'vitest'
import { DEFAULT_CATEGORY_CATALOGUE, DEFAULT_STATUS_RULE } from '../catalogue.js'
import { specFor } from '../testing/decider-spec.js'
import { testEvent } from '../testing/fixtures.js'
import { configDecider, effectiveCatalogue } from './config.js'

const given = specFor(configDecider)

// Mjölby: every other week from the start in February 2021, weekly later.
const biweekly = {
  intervalDays: 14,
  anchorDate: '2021-02-01',
  effectiveFrom: '2021-02-01',
} as const
const weekly = { intervalDays: 7, anchorDate: '2022-01-03', effectiveFrom: '2022-01-03' } as const

describe('SetReportingCadence', () => {
  it('sets a cadence and later changes it going forward', () => {
    given([])
      .when({ type: 'SetReportingCadence', data: biweekly })
      .then([{ type: 'ReportingCadenceSet', data: biweekly }])
    given([{ type: 'ReportingCadenceSet', data: biweekly }])
      .when({ type: 'SetReportingCadence', data: weekly })
      .then([{ type: 'ReportingCadenceSet', data: weekly }])
  })
  it('refuses a cadence effective before the current one', () => {
    given([{ type: 'ReportingCadenceSet', data: weekly }])
      .when({ type: 'SetReportingCadence', data: biweekly })
      .thenThrows('invalid-configuration')
  })
  it('refuses a reporter', () => {
    given([])
      .when(
        { type: 'SetReportingCadence', data: weekly },
        { actor: { organisationId: 'org-housing', role: 'reporter' } },
      )
      .thenThrows('forbidden')
  })
})

describe('SetCategoryCatalogue', () => {
  const extended = [
    ...DEFAULT_CATEGORY_CATALOGUE.map((c) =>
      c.code === 'littering' ? { ...c, active: false } : c,
    ),
    {
      code: 'e-scooter-misuse',
      labelSv: 'Elsparkcyklar',
      labelEn: 'E-scooter misuse',
      kind: 'disorder',
      group: 'nuisance',
      harmWeight: 1,
      active: true,
    } as const,
  ]
  it('adds categories and deactivates others', () => {
    given([])
      .when({ type: 'SetCategoryCatalogue', data: { categories: extended } })
      .then([{ type: 'CategoryCatalogueSet', data: { categories: extended } }])
  })
  it('refuses dropping a code that observations may already carry', () => {
    given([])
      .when({
        type: 'SetCategoryCatalogue',
        data: { categories: DEFAULT_CATEGORY_CATALOGUE.filter((c) => c.code !== 'graffiti') },
      })
      .thenThrows('invalid-configuration')
  })
  it('refuses repeated codes', () => {
    given([])
      .when({
        type: 'SetCategoryCatalogue',
        data: { categories: [...extended, extended[0] as (typeof extended)[number]] },
      })
      .thenThrows('invalid-configuration')
  })
})

describe('SetHarmWeights', () => {
  const weights = { weights: { robbery: 120, graffiti: 1 }, effectiveFrom: '2024-01-01' }
  it('overrides weights of catalogue codes', () => {
    given([])
      .when({ type: 'SetHarmWeights', data: weights })
      .then([{ type: 'HarmWeightsSet', data: weights }])
  })
  it('refuses a weight for a code outside the catalogue', () => {
    given([])
      .when({ type: 'SetHarmWeights', data: { ...weights, weights: { jaywalking: 1 } } })
      .thenThrows('unknown-category')
  })
  it('refuses going back in valid time', () => {
    given([{ type: 'HarmWeightsSet', data: weights }])
      .when({ type: 'SetHarmWeights', data: { ...weights, effectiveFrom: '2023-06-01' } })
      .thenThrows('invalid-configuration')
  })
})

describe('SetStatusRule', () => {
  const data = { rule: DEFAULT_STATUS_RULE, effectiveFrom: '2024-01-01' }
  it('sets a green-to-red rule', () => {
    given([])
      .when({ type: 'SetStatusRule', data })
      .then([{ type: 'StatusRuleSet', data }])
  })
  it('refuses levels that do not start at 0 or do not increase', () => {
    const levels = [...DEFAULT_STATUS_RULE.levels]
    given([])
      .when({
        type: 'SetStatusRule',
        data: { ...data, rule: { ...DEFAULT_STATUS_RULE, levels: levels.slice(1) } },
      })
      .thenThrows('invalid-configuration')
    given([])
      .when({
        type: 'SetStatusRule',
        data: {
          ...data,
          rule: {
            ...DEFAULT_STATUS_RULE,
            levels: [
              { status: 'green', minScore: 0 },
              { status: 'red', minScore: 50 },
              { status: 'yellow', minScore: 50 },
            ],
          },
        },
      })
      .thenThrows('invalid-configuration')
  })
})

describe('SetAssessmentScale', () => {
  const scale = {
    scaleId: 'insecurity',
    question: 'Hur otryggt upplevdes det?',
    levels: [
      { value: 1, labelSv: 'Lite', labelEn: 'Slightly' },
      { value: 2, labelSv: 'Mycket', labelEn: 'Very' },
    ],
  }
  it('sets the scale', () => {
    given([])
      .when({ type: 'SetAssessmentScale', data: { scale } })
      .then([{ type: 'AssessmentScaleSet', data: { scale } }])
  })
  it('refuses values that do not increase', () => {
    const levels = [...scale.levels].reverse()
    given([])
      .when({ type: 'SetAssessmentScale', data: { scale: { ...scale, levels } } })
      .thenThrows('invalid-configuration')
  })
})

describe('config state', () => {
  it('uses the default catalogue until the tenant sets one', () => {
    const initial = configDecider.initialState()
    expect(effectiveCatalogue(initial)).toBe(DEFAULT_CATEGORY_CATALOGUE)
    const one = [DEFAULT_CATEGORY_CATALOGUE[0]] as never
    const after = configDecider.evolve(
      initial,
      testEvent('CategoryCatalogueSet', { categories: one }) as never,
    )
    expect(effectiveCatalogue(after)).toEqual(one)
  })
})
