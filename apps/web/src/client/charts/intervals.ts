import { svg } from '../dom.js'

/** One row of an interval plot: a point estimate with its interval, or a suppressed cell. */
export interface IntervalRow {
  readonly label: string
  readonly estimate: number | null
  readonly lower: number | null
  readonly upper: number | null
  /** Shown instead of a point when the estimate is withheld (e.g. a suppressed survey cell). */
  readonly note?: string
}

const ROW = 30
const LABEL_W = 280
const PLOT_W = 420
const PAD = 16

/**
 * A horizontal interval plot in SVG (a forest plot): one row per estimate with its confidence
 * interval, and a reference line (1 for ratios, the municipality's level for shares).
 *
 * @param options.log a log scale, for ratios
 * @param options.format how axis ticks and the reference are written
 * @example
 * intervalPlot([{ label: 'Primary', estimate: 0.64, lower: 0.49, upper: 0.83 }], { reference: 1, log: true, title: 'Estimates', format: String })
 */
export function intervalPlot(
  rows: readonly IntervalRow[],
  options: {
    readonly reference: number | null
    readonly log: boolean
    readonly title: string
    readonly format: (value: number) => string
    readonly min?: number
  },
): SVGElement {
  const values = rows
    .flatMap((r) => [r.estimate, r.lower, r.upper])
    .filter((v): v is number => v !== null && Number.isFinite(v) && (!options.log || v > 0))
  if (options.reference !== null) values.push(options.reference)
  let lo = Math.min(...values, options.min ?? Number.POSITIVE_INFINITY)
  let hi = Math.max(...values)
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = options.log ? 0.5 : 0
    hi = options.log ? 2 : 1
  }
  const f = options.log ? Math.log : (v: number) => v
  const span = f(hi) - f(lo) || 1
  const fLo = f(lo) - span * 0.08
  const fHi = f(hi) + span * 0.08
  const x = (v: number): number => LABEL_W + ((f(v) - fLo) / (fHi - fLo)) * PLOT_W
  const height = rows.length * ROW + 2 * PAD + 20
  const width = LABEL_W + PLOT_W + PAD
  const children: SVGElement[] = [svg('title', {}, options.title)]
  const ticks = options.log ? logTicks(lo, hi) : linearTicks(lo, hi)
  for (const tick of ticks) {
    const tx = x(tick)
    children.push(
      svg('line', { x1: tx, x2: tx, y1: PAD, y2: height - PAD - 16, class: 'grid' }),
      svg(
        'text',
        { x: tx, y: height - PAD, 'text-anchor': 'middle', class: 'tick' },
        options.format(tick),
      ),
    )
  }
  if (options.reference !== null) {
    const rx = x(options.reference)
    children.push(
      svg('line', { x1: rx, x2: rx, y1: PAD - 6, y2: height - PAD - 16, class: 'reference' }),
    )
  }
  rows.forEach((row, i) => {
    const y = PAD + i * ROW + ROW / 2
    children.push(
      svg('text', { x: LABEL_W - 8, y: y + 4, 'text-anchor': 'end', class: 'label' }, row.label),
    )
    if (row.estimate === null) {
      children.push(svg('text', { x: LABEL_W + 8, y: y + 4, class: 'note' }, row.note ?? '–'))
      return
    }
    if (row.lower !== null && row.upper !== null) {
      children.push(
        svg('line', { x1: x(row.lower), x2: x(row.upper), y1: y, y2: y, class: 'whisker' }),
        svg('line', { x1: x(row.lower), x2: x(row.lower), y1: y - 6, y2: y + 6, class: 'whisker' }),
        svg('line', { x1: x(row.upper), x2: x(row.upper), y1: y - 6, y2: y + 6, class: 'whisker' }),
      )
    }
    children.push(svg('circle', { cx: x(row.estimate), cy: y, r: 5, class: 'point' }))
  })
  return svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': options.title,
      class: 'intervals',
    },
    children,
  )
}

function linearTicks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5 || 1
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw
  const ticks: number[] = []
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step)
    ticks.push(Number(v.toFixed(10)))
  return ticks
}

function logTicks(lo: number, hi: number): number[] {
  const candidates = [0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 1, 1.5, 2, 4, 5, 10, 20]
  const inside = candidates.filter((v) => v >= lo * 0.999 && v <= hi * 1.001)
  return inside.length >= 2 ? inside : [lo, hi]
}
