import {
  type Actor,
  chunkSurveyContent,
  type SurveyIndicator,
  type SurveyRespondent,
} from '@lagesbild/domain'
import { dayOf, localInstant, yearOf } from './calendar.js'
import type { EventCollector } from './event-log.js'
import type { DemoMeasure } from './measures.js'
import { DEMO_AREAS, surveyAreaOf } from './municipality.js'
import { createRandom } from './random/index.js'

/** What the survey waves were generated from. */
export type PlantedSurvey = {
  readonly indicatorId: 'unsafe-evening'
  /** Answers that count as feeling unsafe (fairly or very unsafe). */
  readonly unsafeAnswers: readonly number[]
  readonly invitedPerArea: number
  readonly responseRate: number
  readonly baseline: Readonly<Record<string, number>>
  readonly effects: readonly {
    readonly measureId: string
    readonly areaId: string
    readonly fromYear: number
    readonly deltaShare: number
  }[]
  /** The population share each wave was drawn from (baseline + effects + yearly drift). */
  readonly expectedShares: readonly { areaId: string; year: number; share: number }[]
}

const INDICATORS: SurveyIndicator[] = [
  {
    indicatorId: 'unsafe-evening',
    label:
      'Hur trygg eller otrygg känner du dig om du går ut ensam sent en kväll i ditt bostadsområde? (1 = mycket trygg, 2 = ganska trygg, 3 = ganska otrygg, 4 = mycket otrygg)',
    scale: { min: 1, max: 4, direction: 'higher-is-worse', unit: 'answer' },
  },
  {
    indicatorId: 'refrained-going-out',
    label: 'Har du avstått från att gå ut på grund av otrygghet? (0 = nej, 1 = ja)',
    scale: { min: 0, max: 1, direction: 'higher-is-worse', unit: 'answer' },
  },
]

// Population shares and relative risks of feeling unsafe; the risks are scaled so that their
// population mean is exactly 1 and an area's expected share is the planted one.
const normalise = (groups: readonly (readonly [string, number, number])[]) => {
  const mean = groups.reduce((s, [, share, risk]) => s + share * risk, 0)
  return groups.map(([label, share, risk]) => [label, share, risk / mean] as const)
}
const AGE_GROUPS = normalise([
  ['16-24', 0.15, 1.15],
  ['25-44', 0.32, 0.9],
  ['45-64', 0.31, 0.9],
  ['65-84', 0.22, 1.2],
])
const SEXES = normalise([
  ['female', 0.495, 1.35],
  ['male', 0.495, 0.65],
  ['other', 0.005, 1.2],
  ['unknown', 0.005, 1],
])

const INVITED_PER_AREA = 1000
const RESPONSE_RATE = 0.4

/**
 * Yearly survey waves (fieldwork 15 September – 31 October, imported 5 December) with
 * respondent-level answers per area, whose unsafe share moves with the planted measures.
 */
export const generateSurveyWaves = (input: {
  readonly seed: number
  readonly fromDay: number
  readonly toDay: number
  readonly measures: readonly DemoMeasure[]
  readonly baseline: Readonly<Record<string, number>>
  readonly emit: EventCollector['emit']
  readonly newId: () => string
}): { truth: PlantedSurvey; respondents: number } => {
  const rng = createRandom(input.seed, 'surveys')
  const effects = input.measures.flatMap((m) =>
    m.startedOn !== undefined && dayOf(m.startedOn) <= input.toDay
      ? (m.surveyEffects ?? []).map((e) => ({ measureId: m.measureId, ...e }))
      : [],
  )
  const expectedShares: { areaId: string; year: number; share: number }[] = []
  const system: Actor = { organisationId: 'municipality', role: 'system' }
  let total = 0

  for (let year = yearOf(input.fromDay); year <= yearOf(input.toDay); year++) {
    const fieldworkFrom = `${year}-09-15`
    const importDay = dayOf(`${year}-12-05`)
    if (dayOf(fieldworkFrom) < input.fromDay || importDay > input.toDay) continue
    // A common year-to-year drift, as national surveys show, so areas do not move in lockstep
    // with the measures alone.
    const drift = Math.max(-0.015, Math.min(0.015, rng.normal() * 0.008))
    const respondents: SurveyRespondent[] = []
    for (const area of DEMO_AREAS) {
      const base = input.baseline[area.placeId] ?? 0.2
      const planted = effects
        .filter((e) => e.areaId === area.placeId && year >= e.fromYear)
        .reduce((s, e) => s + e.deltaShare, 0)
      const share = Math.min(0.9, Math.max(0.02, base + planted + drift))
      expectedShares.push({ areaId: area.placeId, year, share: Math.round(share * 1e4) / 1e4 })
      const n = rng.binomial(INVITED_PER_AREA, RESPONSE_RATE)
      for (let i = 0; i < n; i++) {
        const [ageGroup, , ageRisk] = AGE_GROUPS[
          rng.weighted(AGE_GROUPS.map((g) => g[1]))
        ] as (typeof AGE_GROUPS)[number]
        const [sex, , sexRisk] = SEXES[
          rng.weighted(SEXES.map((g) => g[1]))
        ] as (typeof SEXES)[number]
        const unsafe = rng.chance(Math.min(0.95, share * ageRisk * sexRisk))
        const unsafeEvening = rng.chance(0.02)
          ? null
          : unsafe
            ? rng.chance(0.3)
              ? 4
              : 3
            : rng.chance(0.45)
              ? 1
              : 2
        const refrained = rng.chance(0.03) ? null : rng.chance(unsafe ? 0.45 : 0.04) ? 1 : 0
        respondents.push({
          respondentId: `r${year}-${String(respondents.length + 1).padStart(5, '0')}`,
          area: surveyAreaOf(area),
          ageGroup,
          sex: sex as SurveyRespondent['sex'],
          // Calibration weights vary around 1, independent of the answers.
          weight: Math.round(rng.gamma(8, 1 / 8) * 1000) / 1000 || 0.001,
          answers: { 'unsafe-evening': unsafeEvening, 'refrained-going-out': refrained },
        })
      }
    }
    total += respondents.length

    // Chunked exactly as the domain's survey decider chunks an import, so the demo holds the
    // events the API would have written for the same wave.
    const waveId = `trygghet-${year}`
    const chunks = chunkSurveyContent({ format: 'respondents', respondents })
    const correlationId = input.newId()
    const at = localInstant(importDay, 10 * 3600 + rng.int(0, 3600))
    chunks.forEach((content, index) => {
      input.emit(
        'SurveyWaveImported',
        {
          waveId,
          survey: { name: 'Trygghetsundersökning (demo)', kind: 'municipal' },
          year,
          fieldwork: { from: fieldworkFrom, to: `${year}-10-31` },
          source:
            'Påhittade data för demokommunen: 1 000 inbjudna 16–84 år per område, cirka 40 % svarar.',
          indicators: INDICATORS,
          chunk: { index, count: chunks.length },
          content,
        },
        at,
        system,
        { correlationId },
      )
    })
  }

  return {
    truth: {
      indicatorId: 'unsafe-evening',
      unsafeAnswers: [3, 4],
      invitedPerArea: INVITED_PER_AREA,
      responseRate: RESPONSE_RATE,
      baseline: input.baseline,
      effects,
      expectedShares,
    },
    respondents: total,
  }
}
