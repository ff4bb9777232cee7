import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

/** One line on a time chart. */
export interface Line {
  readonly label: string
  readonly values: readonly (number | null)[]
  readonly color: string
  readonly dash?: readonly number[]
  /** Drawn against a second axis on the right (a series of another size, e.g. police events). */
  readonly rightAxis?: boolean
}

/** A vertical rule on the time axis (a measure starting or ending). */
export interface Marker {
  readonly date: string
  readonly label: string
  readonly kind: 'start' | 'end'
}

const epoch = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / 1000

/** Palette with at least 3:1 contrast on white for lines; the first colour is the total. */
export const PALETTE = [
  '#1f3b73',
  '#b3261e',
  '#1b7340',
  '#8a4b00',
  '#6a1b9a',
  '#00695c',
  '#ad1457',
  '#37474f',
]

const chartWidth = (): number => {
  const main = document.getElementById('main')
  return Math.max(320, Math.min(1000, (main?.clientWidth ?? 800) - 40))
}

const drawMarkers =
  (markers: readonly Marker[]) =>
  (u: uPlot): void => {
    const { ctx } = u
    const { top, height } = u.bbox
    ctx.save()
    ctx.lineWidth = 2 * uPlot.pxRatio
    ctx.font = `${12 * uPlot.pxRatio}px system-ui, sans-serif`
    ctx.fillStyle = '#222'
    ctx.textBaseline = 'alphabetic'
    for (const marker of markers) {
      const x = Math.round(u.valToPos(epoch(marker.date), 'x', true))
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue
      ctx.strokeStyle = marker.kind === 'start' ? '#1b7340' : '#8a4b00'
      ctx.setLineDash(marker.kind === 'start' ? [] : [6 * uPlot.pxRatio, 4 * uPlot.pxRatio])
      ctx.beginPath()
      ctx.moveTo(x, top)
      ctx.lineTo(x, top + height)
      ctx.stroke()
      const text = marker.label.length > 40 ? `${marker.label.slice(0, 39)}…` : marker.label
      // Labels go right of the rule, or left of it in the right half so they stay inside.
      const right = x < u.bbox.left + u.bbox.width / 2
      ctx.textAlign = right ? 'left' : 'right'
      ctx.fillText(text, x + (right ? 4 : -4) * uPlot.pxRatio, top + 14 * uPlot.pxRatio)
    }
    ctx.restore()
  }

/**
 * A time chart of counts per bucket (uPlot, canvas). Each bucket is plotted at its start day;
 * markers are drawn as vertical rules. The caller puts the same numbers in a table beside it.
 *
 * @param dates each bucket's first day (YYYY-MM-DD)
 * @example
 * host.append(timeChart({ dates, lines: [{ label: 'Alla', values, color: PALETTE[0] }], markers: [] }))
 */
export function timeChart(input: {
  readonly dates: readonly string[]
  readonly lines: readonly Line[]
  readonly markers: readonly Marker[]
  readonly yLabel: string
  /** The legend's name for the time axis. */
  readonly xLabel: string
  /** The right axis's label, when a line uses it. */
  readonly rightLabel?: string
  readonly height?: number
}): HTMLElement {
  const host = document.createElement('div')
  host.className = 'chart'
  const data: uPlot.AlignedData = [
    input.dates.map(epoch),
    ...input.lines.map((line) => line.values.map((v) => (v === null ? null : v))),
  ]
  const options: uPlot.Options = {
    width: chartWidth(),
    height: input.height ?? 300,
    scales: {
      x: { time: true },
      y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      right: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
    },
    series: [
      {
        label: input.xLabel,
        value: (_u, v) => (v === null ? '–' : new Date(v * 1000).toISOString().slice(0, 10)),
      },
      ...input.lines.map((line) => ({
        label: line.label,
        stroke: line.color,
        width: 2,
        ...(line.dash ? { dash: [...line.dash] } : {}),
        ...(line.rightAxis ? { scale: 'right' } : {}),
        points: { show: input.dates.length <= 60 },
      })),
    ],
    axes: [
      {},
      { label: input.yLabel, size: 56 },
      ...(input.lines.some((l) => l.rightAxis)
        ? [
            {
              scale: 'right',
              side: 1,
              label: input.rightLabel ?? '',
              size: 56,
              grid: { show: false },
            },
          ]
        : []),
    ],
    hooks: { draw: [drawMarkers(input.markers)] },
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  }
  // uPlot draws into its own canvas; it never touches markup given by the API.
  new uPlot(options, data, host)
  return host
}

/**
 * Shares per year with confidence-interval whiskers (uPlot points plus a draw hook).
 * @param points years with share and interval in percent; suppressed years are left as gaps
 */
export function ciChart(input: {
  readonly points: readonly {
    readonly year: number
    readonly value: number | null
    readonly lower: number | null
    readonly upper: number | null
  }[]
  readonly label: string
  readonly yLabel: string
  readonly reference?: number | null
}): HTMLElement {
  const host = document.createElement('div')
  host.className = 'chart'
  const years = input.points.map((p) => p.year)
  const data: uPlot.AlignedData = [years, input.points.map((p) => p.value)]
  const maxUpper = Math.max(10, ...input.points.map((p) => p.upper ?? 0))
  const whiskers = (u: uPlot): void => {
    const { ctx } = u
    ctx.save()
    ctx.strokeStyle = PALETTE[0] as string
    ctx.lineWidth = 2 * uPlot.pxRatio
    const cap = 6 * uPlot.pxRatio
    for (const p of input.points) {
      if (p.lower === null || p.upper === null) continue
      const x = u.valToPos(p.year, 'x', true)
      const y0 = u.valToPos(p.lower, 'y', true)
      const y1 = u.valToPos(p.upper, 'y', true)
      ctx.beginPath()
      ctx.moveTo(x, y0)
      ctx.lineTo(x, y1)
      ctx.moveTo(x - cap, y0)
      ctx.lineTo(x + cap, y0)
      ctx.moveTo(x - cap, y1)
      ctx.lineTo(x + cap, y1)
      ctx.stroke()
    }
    ctx.restore()
  }
  const options: uPlot.Options = {
    width: chartWidth(),
    height: 260,
    scales: {
      x: {
        time: false,
        range: (_u, min, max) => [min - 0.5, max + 0.5],
      },
      y: { range: [0, Math.ceil(maxUpper / 10) * 10] },
    },
    series: [
      { label: 'year', value: (_u, v) => (v === null ? '–' : String(v)) },
      {
        label: input.label,
        stroke: PALETTE[0] as string,
        width: 0,
        points: { show: true, size: 9, fill: PALETTE[0] as string },
      },
    ],
    axes: [
      { values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
      { label: input.yLabel, size: 56 },
    ],
    hooks: { draw: [whiskers] },
    cursor: { drag: { x: false, y: false } },
  }
  new uPlot(options, data, host)
  return host
}
