import type { BenchSection, Measurement } from './report.js'

interface RunResult {
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
  }
  return lines.join('\n')
}
