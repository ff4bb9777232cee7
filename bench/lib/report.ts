/**
 * Shapes every benchmark suite returns; bench/run.ts turns them into
 * bench/results/<date>.json and the tables in docs/performance.md.
 */
export type Backend = 'pglite' | 'postgres'

export interface Measurement {
  /** What was measured, e.g. 'batched append'. */
  readonly name: string
  readonly backend?: Backend
  /** Data-set size the figure belongs to, e.g. 100_000 observations. */
  readonly scale?: number
  readonly value: number
  /** 'events/s', 'ms', 'rows/s', 'MiB' … */
  readonly unit: string
  /** The target in words, e.g. '≥ 0.8 of raw COPY'. */
  readonly target?: string
  /** Ratio against a baseline measured in the same run. */
  readonly ratio?: { readonly against: string; readonly value: number }
  readonly details?: Readonly<Record<string, unknown>>
}

export interface BenchSection {
  readonly id: string
  readonly title: string
  readonly measurements: readonly Measurement[]
  readonly notes?: readonly string[]
}

export interface BenchContext {
  /** postgres:// URL of a server to measure against, when one is reachable. */
  readonly postgresUrl: string | undefined
  /** Quick mode for smoke runs (smaller data sets). */
  readonly quick: boolean
  readonly log: (line: string) => void
}

export type BenchSuite = (ctx: BenchContext) => Promise<BenchSection>

/** Median of a sample; benchmarks quote medians because these machines are shared and noisy. */
export const median = (xs: readonly number[]): number => percentile(xs, 0.5)

/** Nearest-rank percentile of a sample (p in 0..1). */
export const percentile = (xs: readonly number[], p: number): number => {
  if (xs.length === 0) throw new Error('percentile of an empty sample')
  const sorted = [...xs].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))
  return sorted[rank] as number
}
