/**
 * Digamma and trigamma for the negative binomial θ score and information. Not in the installed
 * @stdlib set; both use the upward recurrence to x ≥ 10 and the asymptotic (Bernoulli) series,
 * which at x ≥ 10 is accurate to about 1e-16 relative.
 */

/** ψ(x) = d/dx log Γ(x) for x > 0. */
export function digamma(x: number): number {
  let result = 0
  let v = x
  while (v < 10) {
    result -= 1 / v
    v += 1
  }
  const inv2 = 1 / (v * v)
  // ln v − 1/(2v) − Σ B₂ₖ/(2k v²ᵏ)
  const series =
    inv2 *
    (1 / 12 -
      inv2 *
        (1 / 120 -
          inv2 *
            (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))))
  return result + Math.log(v) - 0.5 / v - series
}

/** ψ′(x) for x > 0. */
export function trigamma(x: number): number {
  let result = 0
  let v = x
  while (v < 10) {
    result += 1 / (v * v)
    v += 1
  }
  const inv = 1 / v
  const inv2 = inv * inv
  // 1/v + 1/(2v²) + Σ B₂ₖ/v²ᵏ⁺¹
  const series =
    inv *
    inv2 *
    (1 / 6 -
      inv2 *
        (1 / 30 -
          inv2 *
            (1 / 42 - inv2 * (1 / 30 - inv2 * (5 / 66 - inv2 * (691 / 2730 - (inv2 * 7) / 6))))))
  return result + inv + 0.5 * inv2 + series
}
