/**
 * A small seeded pseudo-random toolkit. Our own so that the demo data are byte-identical across
 * machines and Node versions (Math.random cannot be seeded) and so that no sampling library can
 * change the stream under us in a minor release.
 */

/** A stream of uniform numbers with the samplers the generators need. */
export type Random = {
  /** Uniform on [0, 1). */
  readonly next: () => number
  /** Uniform 32-bit unsigned integer. */
  readonly uint32: () => number
  /** Uniform integer in [min, max] (both inclusive). */
  readonly int: (min: number, max: number) => number
  /** True with probability `p`. */
  readonly chance: (p: number) => boolean
  /** One element of a non-empty array, uniformly. */
  readonly pick: <T>(items: readonly T[]) => T
  /** Standard normal. */
  readonly normal: () => number
  /** Gamma with the given shape and scale (mean shape × scale). */
  readonly gamma: (shape: number, scale: number) => number
  /** Poisson with mean `lambda`. */
  readonly poisson: (lambda: number) => number
  /** Binomial with `n` trials and success probability `p`. */
  readonly binomial: (n: number, p: number) => number
  /** An index drawn with probability proportional to `weights` (non-negative, sum > 0). */
  readonly weighted: (weights: ArrayLike<number>) => number
  /** A random (version 4, RFC 9562) uuid drawn from this stream. */
  readonly uuid: () => string
}

// FNV-1a: turns a stream label into 32 bits so that `createRandom(seed, 'surveys')` and
// `createRandom(seed, 'reports')` are independent and adding draws to one never shifts the other.
const hashLabel = (label: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

const splitmix32 = (state: number): (() => number) => {
  let a = state | 0
  return () => {
    a = (a + 0x9e3779b9) | 0
    let t = a ^ (a >>> 16)
    t = Math.imul(t, 0x21f0aaad)
    t ^= t >>> 15
    t = Math.imul(t, 0x735a2d97)
    return (t ^ (t >>> 15)) >>> 0
  }
}

// Lanczos approximation (g = 7, n = 9); only the Poisson rejection step needs it.
const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
]
const logGamma = (x: number): number => {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let sum = LANCZOS[0] as number
  for (let i = 1; i < 9; i++) sum += (LANCZOS[i] as number) / (z + i)
  const t = z + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0')

/**
 * Creates a seeded random stream (sfc32, seeded through splitmix32).
 * @param seed any integer; the same seed and label always give the same stream
 * @param label names an independent sub-stream of the seed
 * @example const rng = createRandom(20210201, 'reports'); rng.poisson(3.2)
 */
export const createRandom = (seed: number, label = ''): Random => {
  const init = splitmix32((Math.trunc(seed) ^ hashLabel(label)) >>> 0)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  // Warm-up: the first outputs of sfc32 still correlate with the seed words.
  for (let i = 0; i < 12; i++) uint32()

  const next = (): number => uint32() / 4294967296

  const normal = (): number => {
    // Box–Muller without caching the second value, so every call consumes the same draws.
    const u = 1 - next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
  }

  const gamma = (shape: number, scale: number): number => {
    if (shape < 1) return gamma(shape + 1, scale) * (1 - next()) ** (1 / shape)
    // Marsaglia & Tsang (2000).
    const dd = shape - 1 / 3
    const cc = 1 / Math.sqrt(9 * dd)
    for (;;) {
      let x: number
      let v: number
      do {
        x = normal()
        v = 1 + cc * x
      } while (v <= 0)
      v = v * v * v
      const u = next()
      if (u < 1 - 0.0331 * x * x * x * x) return dd * v * scale
      if (Math.log(u) < 0.5 * x * x + dd * (1 - v + Math.log(v))) return dd * v * scale
    }
  }

  const poisson = (lambda: number): number => {
    if (!(lambda > 0)) return 0
    if (lambda < 30) {
      // Knuth: expected lambda + 1 uniforms, fastest for the small rates that dominate here.
      const limit = Math.exp(-lambda)
      let k = 0
      let p = next()
      while (p > limit) {
        k++
        p *= next()
      }
      return k
    }
    // Hörmann (1993) transformed rejection (PTRS) for large means.
    const slam = Math.sqrt(lambda)
    const loglam = Math.log(lambda)
    const bb = 0.931 + 2.53 * slam
    const aa = -0.059 + 0.02483 * bb
    const invAlpha = 1.1239 + 1.1328 / (bb - 3.4)
    const vr = 0.9277 - 3.6224 / (bb - 2)
    for (;;) {
      const u = next() - 0.5
      const v = next()
      const us = 0.5 - Math.abs(u)
      const k = Math.floor(((2 * aa) / us + bb) * u + lambda + 0.43)
      if (us >= 0.07 && v <= vr) return k
      if (k < 0 || (us < 0.013 && v > us)) continue
      if (
        Math.log(v) + Math.log(invAlpha) - Math.log(aa / (us * us) + bb) <=
        -lambda + k * loglam - logGamma(k + 1)
      ) {
        return k
      }
    }
  }

  const binomial = (n: number, p: number): number => {
    if (n <= 0 || p <= 0) return 0
    if (p >= 1) return n
    if (p > 0.5) return n - binomial(n, 1 - p)
    // Waiting times between successes are geometric: O(n·p) draws, fine for survey-sized n.
    const logQ = Math.log(1 - p)
    let successes = 0
    let trials = 0
    for (;;) {
      trials += Math.floor(Math.log(1 - next()) / logQ) + 1
      if (trials > n) return successes
      successes++
    }
  }

  const weighted = (weights: ArrayLike<number>): number => {
    let total = 0
    for (let i = 0; i < weights.length; i++) total += weights[i] as number
    let target = next() * total
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] as number
      if (target < 0) return i
    }
    return weights.length - 1
  }

  const uuid = (): string => {
    const s =
      hex8(uint32()) +
      hex8(((uint32() & 0xffff0fff) | 0x00004000) >>> 0) +
      hex8(((uint32() & 0x3fffffff) | 0x80000000) >>> 0) +
      hex8(uint32())
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
  }

  return {
    next,
    uint32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    normal,
    gamma,
    poisson,
    binomial,
    weighted,
    uuid,
  }
}
