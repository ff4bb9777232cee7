import type { BenchSection, Measurement } from './report.js'

export interface RunResult {
  readonly date: string
  readonly machine: { readonly cpus: number; readonly cpuModel?: string | undefined }
  readonly node: string
  readonly sections: readonly BenchSection[]
}

const fmt = (value: number): string => {
  if (!Number.isFinite(value)) return String(value)
  const abs = Math.abs(value)
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US')
  if (abs >= 10) return value.toFixed(1)
  return value.toPrecision(3)
}

const row = (m: Measurement): string =>
  `| ${m.name} | ${m.backend ?? ''} | ${m.scale ? m.scale.toLocaleString('en-US') : ''} | ${fmt(m.value)} ${m.unit} | ${
    m.ratio ? `${fmt(m.ratio.value)} × ${m.ratio.against}` : ''
  } | ${m.target ?? ''} |`

const SCALE_LABEL = (scale: number): string =>
  scale >= 1_000_000 ? `${scale / 1_000_000}M` : `${scale / 1000}k`

/**
 * How the situation picture's latency grows with the data: 100k and 1M from the picture suite,
 * 10M from the growth suite when it ran. A table per backend, and for PostgreSQL a chart
 * (mermaid, drawn by GitHub and most Markdown viewers; the table holds the same numbers).
 */
function renderGrowth(result: RunResult): string[] {
  const all = result.sections.flatMap((s) => s.measurements)
  const find = (name: string, backend: string, scale: number) =>
    all.find((m) => m.name === name && m.backend === backend && m.scale === scale)?.value
  const scales = [
    ...new Set(
      all
        .filter((m) => m.name.endsWith('situation picture p50') && m.scale !== undefined)
        .map((m) => m.scale as number),
    ),
  ].sort((a, b) => a - b)
  const points = (backend: string) =>
    scales
      .map((scale) => ({
        scale,
        p50:
          find('situation picture p50', backend, scale) ??
          find('one tenant’s situation picture p50', backend, scale),
        p95:
          find('situation picture p95', backend, scale) ??
          find('one tenant’s situation picture p95', backend, scale),
      }))
      .filter(
        (p): p is { scale: number; p50: number; p95: number } =>
          p.p50 !== undefined && p.p95 !== undefined,
      )
  const lines = ['### Growth of the situation picture with the data', '']
  lines.push('| backend | observations | p50 | p95 |', '| --- | --- | --- | --- |')
  for (const backend of ['pglite', 'postgres']) {
    for (const p of points(backend)) {
      lines.push(`| ${backend} | ${SCALE_LABEL(p.scale)} | ${fmt(p.p50)} ms | ${fmt(p.p95)} ms |`)
    }
  }
  const pg = points('postgres')
  if (pg.length >= 2) {
    const top = Math.ceil(Math.max(...pg.map((p) => p.p95)) / 10) * 10 + 10
    lines.push(
      '',
      '```mermaid',
      'xychart-beta',
      '  title "PostgreSQL: situation picture p95 (upper) and p50 (lower), ms"',
      `  x-axis "observations" [${pg.map((p) => `"${SCALE_LABEL(p.scale)}"`).join(', ')}]`,
      `  y-axis "ms" 0 --> ${top}`,
      `  line [${pg.map((p) => p.p95.toFixed(1)).join(', ')}]`,
      `  line [${pg.map((p) => p.p50.toFixed(1)).join(', ')}]`,
      '```',
    )
  }
  lines.push(
    '',
    '> Above 1M: that many municipalities of 1M observations each, the picture asked of one of them (growth suite, `LAGESBILD_BENCH_10M=1`); 100k and 1M are one municipality of that size.',
    '',
  )
  return lines
}

/** Markdown tables for docs/performance.md, one per benchmark section. */
export function renderPerformanceTables(result: RunResult): string {
  const lines = [
    `Last full run: ${result.date.slice(0, 16).replace('T', ' ')} UTC, ${result.machine.cpus} cores (${
      result.machine.cpuModel ?? 'unknown CPU'
    }), Node ${result.node}. Raw figures: \`bench/results/${result.date.slice(0, 10)}.json\`.`,
    '',
  ]
  for (const section of result.sections) {
    lines.push(`### ${section.title}`, '')
    if (section.measurements.length === 0) {
      lines.push(...(section.notes ?? ['Not measured in this run.']), '')
      continue
    }
    lines.push('| measure | backend | scale | median | ratio | target |')
    lines.push('| --- | --- | --- | --- | --- | --- |')
    for (const m of section.measurements) lines.push(row(m))
    for (const note of section.notes ?? []) lines.push('', `> ${note}`)
    lines.push('')
    if (section.id === 'situation-picture') lines.push(...renderGrowth(result))
  }
  return alignTables(lines).join('\n')
}

/**
 * Pads every markdown table's cells to its columns' widths, so the page reads as a table in a
 * plain editor and in diffs too, not only when rendered.
 */
export function alignTables(lines: readonly string[]): string[] {
  const out: string[] = []
  let table: string[][] = []
  const flush = () => {
    if (table.length === 0) return
    const widths = table[0]?.map((_, c) => Math.max(3, ...table.map((r) => (r[c] ?? '').length)))
    for (const cells of table) {
      const padded = cells.map((cell, c) =>
        /^-+$/.test(cell) ? '-'.repeat(widths?.[c] ?? 3) : cell.padEnd(widths?.[c] ?? 0),
      )
      out.push(`| ${padded.join(' | ')} |`)
    }
    table = []
  }
  for (const line of lines) {
    if (line.startsWith('|') && line.endsWith('|')) {
      table.push(
        line
          .slice(1, -1)
          .split('|')
          .map((cell) => cell.trim()),
      )
    } else {
      flush()
      out.push(line)
    }
  }
  flush()
  return out
}
