import type { Interval } from '@lagesbild/statistics'
import type { MeasureVerdictCode } from './types.js'

/** A secondary estimate reduced to what the verdict needs: which way it significantly points. */
export interface SecondarySignal {
  readonly name: string
  /** 'better' (fewer counts), 'worse', or 'none' when not significant. */
  readonly direction: 'better' | 'worse' | 'none'
}

export interface VerdictInput {
  /** Rate ratio after/before, treated relative to control: < 1 is the desired direction. */
  readonly primary: { readonly estimate: number; readonly ci: Interval } | null
  readonly minimumDetectableReduction: number | null
  readonly meaningfulChange: number
  readonly secondaries: readonly SecondarySignal[]
  readonly tooFewCounts: boolean
}

/**
 * The conservative verdict rules of docs/analysis.md. A measure is credited only when the primary
 * interval excludes 1 downwards and no secondary significantly says the opposite; "no detectable
 * effect" is claimed only when the design could have seen a meaningful change.
 *
 * @param input the primary rate ratio (< 1 desired), its minimum detectable reduction, the
 *   secondary signals and whether counts were too few
 * @returns the verdict and a one-sentence reason in plain words
 * @example
 * decideVerdict({
 *   primary: { estimate: 0.7, ci: { lower: 0.6, upper: 0.82, level: 0.95 } },
 *   minimumDetectableReduction: 0.2, meaningfulChange: 0.25, secondaries: [], tooFewCounts: false,
 * }).verdict // 'likely-effect'
 */
export function decideVerdict(input: VerdictInput): {
  readonly verdict: MeasureVerdictCode
  readonly reason: string
} {
  const { primary } = input
  if (primary === null) {
    return { verdict: 'inconclusive', reason: 'No primary estimate could be computed.' }
  }
  if (input.tooFewCounts) {
    return {
      verdict: 'inconclusive',
      reason: 'Too few counts at the treated places for any estimate to be trusted.',
    }
  }
  const { lower, upper } = primary.ci
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`
  const interval = `rate ratio ${primary.estimate.toFixed(2)} (${lower.toFixed(2)}–${upper.toFixed(2)})`
  if (upper < 1 || lower > 1) {
    const better = upper < 1
    const against = input.secondaries.filter((s) => s.direction === (better ? 'worse' : 'better'))
    if (against.length > 0) {
      return {
        verdict: 'inconclusive',
        reason: `The primary ${interval} points ${better ? 'down' : 'up'}, but ${against.map((s) => s.name).join(', ')} significantly points the other way.`,
      }
    }
    return better
      ? { verdict: 'likely-effect', reason: `The primary ${interval} excludes 1 downwards.` }
      : { verdict: 'got-worse', reason: `The primary ${interval} excludes 1 upwards.` }
  }
  const mdr = input.minimumDetectableReduction
  if (mdr !== null && mdr <= input.meaningfulChange) {
    return {
      verdict: 'no-detectable-effect',
      reason: `The primary ${interval} includes 1, and the design could detect a reduction of ${pct(mdr)} (≤ ${pct(input.meaningfulChange)}).`,
    }
  }
  return {
    verdict: 'inconclusive',
    reason: `The primary ${interval} includes 1, and the design could only detect a reduction of ${mdr === null ? 'unknown size' : pct(mdr)}, more than ${pct(input.meaningfulChange)}.`,
  }
}
