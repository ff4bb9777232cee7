import { chiSquareSf, normalSf } from '../distributions.js'

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)

/**
 * Upper tail P(X > x) of a chi-square with integer df, in closed form.
 *
 * The shared `chiSquareSf` is 1 − CDF, which loses relative precision once p < 1e-10 or so; the
 * p-values here may be quoted as "p = 3e-12", so integer df use the finite series (all terms
 * positive, summed in log space so nothing overflows): even df, e^{−x/2} Σ_{k<df/2} (x/2)^k/k!;
 * odd df, 2Φ̄(√x) + 2φ(√x) Σ_{k=1}^{(df−1)/2} x^{k−1/2}/(1·3···(2k−1)).
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!(x > 0)) return 1
  if (!Number.isInteger(df) || df > 2000) return chiSquareSf(x, df)
  let sum = 0
  if (df % 2 === 0) {
    let logTerm = -x / 2
    for (let k = 0; k < df / 2; k++) {
      if (k > 0) logTerm += Math.log(x / 2) - Math.log(k)
      sum += Math.exp(logTerm)
    }
    return Math.min(1, sum)
  }
  const root = Math.sqrt(x)
  sum = 2 * normalSf(root)
  let logTerm = Math.log(2) - x / 2 - LOG_SQRT_2PI + Math.log(root)
  for (let k = 1; k <= (df - 1) / 2; k++) {
    if (k > 1) logTerm += Math.log(x) - Math.log(2 * k - 1)
    sum += Math.exp(logTerm)
  }
  return Math.min(1, sum)
}
