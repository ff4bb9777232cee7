import { assertInput, type StatWarning } from '../result.js'
import { assertBeforeAfter, type BeforeAfter } from './before-after.js'

export interface WeightedDisplacementQuotientInput {
  /** Target (treated) area. */
  readonly treatment: BeforeAfter
  /** Buffer (catchment) zone around the target, where displacement would show. */
  readonly buffer: BeforeAfter
  /** Control area; both periods must be > 0 because every measure divides by them. */
  readonly control: BeforeAfter
}

export type WdqInterpretation = 'displacement' | 'diffusion-of-benefits' | 'no-buffer-change'

export interface WeightedDisplacementQuotientResult {
  /** WDQ = buffer displacement measure / success measure; `null` when the target did not improve. */
  readonly estimate: number | null
  /** Rt_after/Rc_after − Rt_before/Rc_before; negative means the target improved relative to control. */
  readonly successMeasure: number
  /** Rb_after/Rc_after − Rb_before/Rc_before; positive means the buffer worsened relative to control. */
  readonly bufferDisplacementMeasure: number
  /** Gross effect R_b − R_a (Guerette 2009): > 0 is a decrease in the target area. */
  readonly grossEffect: number
  /** Net effect R_b/C_b − R_a/C_a (Guerette 2009) = −successMeasure: > 0 is a relative decrease. */
  readonly netEffect: number
  /** Crimes prevented in the target: T_before·(C_after/C_before) − T_after. */
  readonly targetEffect: number
  /** Crimes prevented (+) or displaced (−) in the buffer: B_before·(C_after/C_before) − B_after. */
  readonly bufferEffect: number
  /** Total net effect = targetEffect + bufferEffect (Bowers & Johnson 2003); > 0 is a net reduction. */
  readonly totalNetEffect: number
  /** Sign of the WDQ; `null` when the WDQ is not interpretable. */
  readonly interpretation: WdqInterpretation | null
  /** |WDQ| > 1: the buffer change outweighs the direct effect; `null` when not interpretable. */
  readonly exceedsDirectEffect: boolean | null
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

/**
 * Weighted displacement quotient of Bowers & Johnson (2003, J. Quant. Criminol. 19:275–301).
 *
 * With R the target area, B the buffer, C the control and subscripts b/a for before/after:
 * success measure SM = R_a/C_a − R_b/C_b; buffer displacement measure BDM = B_a/C_a − B_b/C_b;
 * WDQ = BDM / SM. Displacement can only be attributed to the intervention if the target improved
 * relative to control (SM < 0); otherwise no WDQ is returned (`estimate: null`) and a
 * 'wdq-uninterpretable' warning explains why.
 *
 * Reading (Bowers & Johnson's thresholds, SM < 0): WDQ > 0 diffusion of benefits (> 1: larger than
 * the direct effect); WDQ = 0 no change in the buffer; WDQ < 0 displacement (−1 ≤ WDQ < 0: less
 * than the direct effect, the scheme still has a net benefit; < −1: displacement exceeds the
 * direct effect). Total net effect TNE = [R_b·C_a/C_b − R_a] + [B_b·C_a/C_b − B_a], crimes
 * prevented net of displacement. Formulas and reading as in Guerette (2009), POP Center Tool Guide
 * No. 10, Appendices B and C, which also give the gross effect R_b − R_a and the net effect
 * R_b/C_b − R_a/C_a, reported here too. Descriptive only: no standard error or test; use
 * `weightedDisplacementDifference` for inference.
 *
 * @param input - before/after counts (or rates) for treatment, buffer and control.
 * @throws {StatisticsInputError} on negative or non-finite values, or a zero control count.
 * @example
 * const r = weightedDisplacementQuotient({
 *   treatment: { before: 100, after: 50 },
 *   buffer: { before: 100, after: 150 },
 *   control: { before: 100, after: 100 },
 * })
 * r.estimate // -1: the buffer rose by as much as the target fell
 * r.interpretation // 'displacement'
 */
export function weightedDisplacementQuotient(
  input: WeightedDisplacementQuotientInput,
): WeightedDisplacementQuotientResult {
  const t = assertBeforeAfter('treatment', input.treatment, false)
  const b = assertBeforeAfter('buffer', input.buffer, false)
  const c = assertBeforeAfter('control', input.control, false)
  assertInput(
    c.before > 0 && c.after > 0,
    'zero-count',
    'control.before and control.after must be > 0: the WDQ divides by the control counts',
  )
  const successMeasure = t.after / c.after - t.before / c.before
  const bufferDisplacementMeasure = b.after / c.after - b.before / c.before
  const controlTrend = c.after / c.before
  const targetEffect = t.before * controlTrend - t.after
  const bufferEffect = b.before * controlTrend - b.after
  const method =
    'Weighted displacement quotient (Bowers & Johnson 2003): WDQ = (B_a/C_a − B_b/C_b) / (R_a/C_a − R_b/C_b); total net effect [R_b·C_a/C_b − R_a] + [B_b·C_a/C_b − B_a]'

  const common = {
    grossEffect: t.before - t.after,
    netEffect: t.before / c.before - t.after / c.after,
    successMeasure,
    bufferDisplacementMeasure,
    targetEffect,
    bufferEffect,
    totalNetEffect: targetEffect + bufferEffect,
    method,
  }
  if (!(successMeasure < 0)) {
    return {
      ...common,
      estimate: null,
      interpretation: null,
      exceedsDirectEffect: null,
      warnings: [
        {
          code: 'wdq-uninterpretable',
          message: `The target area did not improve relative to the control (success measure ${successMeasure} ≥ 0), so changes in the buffer cannot be attributed to displacement from it; no WDQ is reported.`,
        },
      ],
    }
  }
  // 0 / negative is −0 in IEEE arithmetic; report a plain 0 for "no buffer change".
  const estimate = bufferDisplacementMeasure === 0 ? 0 : bufferDisplacementMeasure / successMeasure
  const interpretation: WdqInterpretation =
    estimate > 0 ? 'diffusion-of-benefits' : estimate < 0 ? 'displacement' : 'no-buffer-change'
  return {
    ...common,
    estimate,
    interpretation,
    exceedsDirectEffect: Math.abs(estimate) > 1,
    warnings: [],
  }
}
