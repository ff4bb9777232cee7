/**
 * Precise distribution functions for the whole package.
 *
 * simple-statistics' probit and normal CDF are table-based (probit(0.975) = 1.95716), so every
 * interval and p-value in this package goes through these wrappers over @stdlib, whose
 * implementations follow Cephes/Boost and agree with R to machine precision in the tails.
 */

import gammainc from '@stdlib/math-base-special-gammainc'
import betaCdf from '@stdlib/stats-base-dists-beta-cdf'
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile'
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf'
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'
import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile'
import fCdf from '@stdlib/stats-base-dists-f-cdf'
import fQuantile from '@stdlib/stats-base-dists-f-quantile'
import gammaCdf from '@stdlib/stats-base-dists-gamma-cdf'
import gammaQuantile from '@stdlib/stats-base-dists-gamma-quantile'
import normalCdfStd from '@stdlib/stats-base-dists-normal-cdf'
import normalQuantileStd from '@stdlib/stats-base-dists-normal-quantile'
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf'
import tCdf from '@stdlib/stats-base-dists-t-cdf'
import tQuantile from '@stdlib/stats-base-dists-t-quantile'

/** Standard normal CDF Φ(z). */
export const normalCdf = (z: number): number => normalCdfStd(z, 0, 1)
/** Standard normal upper tail 1 − Φ(z), computed as Φ(−z) to keep precision in the tail. */
export const normalSf = (z: number): number => normalCdfStd(-z, 0, 1)
/** Standard normal quantile Φ⁻¹(p). */
export const normalQuantile = (p: number): number => normalQuantileStd(p, 0, 1)
/** Two-sided p-value of a standard normal statistic. */
export const normalTwoSidedP = (z: number): number => 2 * normalSf(Math.abs(z))

/** Student t CDF with `df` degrees of freedom. */
export const studentTCdf = (t: number, df: number): number => tCdf(t, df)
/** Student t quantile. */
export const studentTQuantile = (p: number, df: number): number => tQuantile(p, df)
/** Two-sided p-value of a t statistic; uses the lower tail of −|t| for precision. */
export const studentTTwoSidedP = (t: number, df: number): number => 2 * tCdf(-Math.abs(t), df)

/** Chi-square CDF. */
export const chiSquareCdf = (x: number, df: number): number => chisquareCdf(x, df)
/**
 * Chi-square upper tail P(X > x), as the regularised upper incomplete gamma Q(df/2, x/2) so that
 * tiny p-values keep their precision (1 − CDF underflows to 0 below about 1e-16).
 */
export const chiSquareSf = (x: number, df: number): number =>
  x <= 0 ? 1 : gammainc(x / 2, df / 2, true, true)
/** Chi-square quantile. */
export const chiSquareQuantile = (p: number, df: number): number => chisquareQuantile(p, df)

/** F CDF. */
export const fDistCdf = (x: number, d1: number, d2: number): number => fCdf(x, d1, d2)
/** F quantile. */
export const fDistQuantile = (p: number, d1: number, d2: number): number => fQuantile(p, d1, d2)

/** Beta CDF and quantile (Clopper-Pearson limits, exact Poisson ratio limits). */
export const betaDistCdf = (x: number, a: number, b: number): number => betaCdf(x, a, b)
export const betaDistQuantile = (p: number, a: number, b: number): number => betaQuantile(p, a, b)

/** Gamma CDF and quantile with shape k and rate 1 unless given (exact Poisson limits). */
export const gammaDistCdf = (x: number, shape: number, rate = 1): number => gammaCdf(x, shape, rate)
export const gammaDistQuantile = (p: number, shape: number, rate = 1): number =>
  gammaQuantile(p, shape, rate)

/** Binomial CDF P(X ≤ k). */
export const binomialDistCdf = (k: number, n: number, p: number): number => binomialCdf(k, n, p)
/** Poisson CDF P(X ≤ k). */
export const poissonDistCdf = (k: number, lambda: number): number => poissonCdf(k, lambda)
