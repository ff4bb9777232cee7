import type { InsecurityRespondent, UnsafeRule } from '@lagesbild/analysis'
import {
  type SurveyScale,
  type SurveyWave,
  surveyRespondents,
  surveyWaves,
} from '@lagesbild/projections'
import type { Db } from './tables.js'

/** Which survey question measures perceived insecurity, and which answers count as unsafe. */
export interface InsecurityIndicatorChoice {
  /** Indicator id of the ordinal "how safe do you feel out alone late in the evening" question. */
  readonly indicatorId: string
  /** A 0/1 indicator "refrained from going out for fear of crime" (NTU's second criterion). */
  readonly refrainIndicatorId?: string
  /** Overrides the threshold derived from the scale. */
  readonly threshold?: number
}

/** The default insecurity indicator ids (those of the municipal survey format). */
export const DEFAULT_INSECURITY_INDICATOR = 'unsafe-evening'
export const DEFAULT_REFRAIN_INDICATOR = 'refrained-going-out'

/**
 * The unsafe rule from a scale: the worse half, excluding a neutral midpoint. On 1–4 where
 * higher is worse that is ≥ 3 ("fairly" or "very unsafe"); on 1–5, ≥ 4.
 */
export function unsafeRuleOf(scale: SurveyScale, threshold?: number): UnsafeRule {
  const mid = (scale.min + scale.max) / 2
  return {
    direction: scale.direction,
    threshold:
      threshold ??
      (scale.direction === 'higher-is-worse' ? Math.floor(mid) + 1 : Math.ceil(mid) - 1),
  }
}

/** Waves that ask the indicator, in year order. */
export async function wavesAsking(
  db: Db,
  tenantId: string,
  indicatorId: string,
): Promise<SurveyWave[]> {
  return (await surveyWaves(db, tenantId))
    .filter((w) => w.indicators.some((i) => i.indicatorId === indicatorId))
    .sort((a, b) => a.year - b.year || (a.waveId < b.waveId ? -1 : 1))
}

/**
 * Every respondent of the waves asking the indicator (optionally of some areas only), as the
 * insecurity analysis reads them.
 * Respondent ids are prefixed with the wave id, since ids are only unique within a wave.
 */
export async function insecurityRespondents(
  db: Db,
  tenantId: string,
  waves: readonly SurveyWave[],
  choice: InsecurityIndicatorChoice,
  areaIds?: readonly string[],
): Promise<InsecurityRespondent[]> {
  const out: InsecurityRespondent[] = []
  for (const wave of waves) {
    const rows = await surveyRespondents(db, tenantId, {
      waveId: wave.waveId,
      ...(areaIds ? { areaIds } : {}),
    })
    const refrain = choice.refrainIndicatorId
    const asksRefrain =
      refrain !== undefined && wave.indicators.some((i) => i.indicatorId === refrain)
    for (const r of rows) {
      const answer = r.answers[choice.indicatorId]
      out.push({
        respondentId: `${wave.waveId}:${r.respondentId}`,
        areaId: r.areaId,
        year: wave.year,
        answer: answer ?? null,
        ...(asksRefrain ? { refrainsFromGoingOut: r.answers[refrain as string] === 1 } : {}),
        weight: r.weight,
        ...(r.ageGroup === null ? {} : { ageGroup: r.ageGroup }),
        ...(r.sex === null ? {} : { sex: r.sex }),
      })
    }
  }
  return out
}
