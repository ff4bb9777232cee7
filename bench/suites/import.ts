/**
 * CSV import rate and memory (issue 6: ≥ 30,000 rows/s into PGlite for a 1,000,000-row reports
 * file, in bounded memory). The import runs as an operator runs it, `lagesbild import reports`,
 * in its own process, whose peak resident set (VmHWM) this process samples from /proc. The
 * read-model update after the import (a rebuild for large imports) is part of the timed command
 * and reported separately from the CLI's own summary.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO_PLACES } from '@lagesbild/demo-data'
import pg from 'pg'
import type { Backend, BenchSuite, Measurement } from '../lib/report.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')
const CLI = join(ROOT, 'apps/cli/bin/lagesbild.js')
const ROWS_PER_REPORT = 4
const CATEGORIES = ['graffiti', 'vandalism', 'littering', 'threats'] as const

/** A demo-tenant reports file: one row per observation, four observations per report. */
async function writeReports(path: string, rows: number): Promise<void> {
  const places = DEMO_PLACES.filter((p) => p.level === 'place').map((p) => p.placeId)
  const out = createWriteStream(path)
  const write = (line: string) =>
    out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()))
  await write(
    'report_id,organisation_id,submitted_at,place_id,occurred_on,category,count,certainty,police_reported\n',
  )
  for (let i = 0; i < rows; i++) {
    const r = Math.floor(i / ROWS_PER_REPORT)
    const day = `20${20 + (r % 6)}-${String((r % 12) + 1).padStart(2, '0')}-${String((r % 27) + 1).padStart(2, '0')}`
    await write(
      `bench-${r},housing-company,${day} 12:00,${places[(r + i) % places.length]},${day},${CATEGORIES[i % ROWS_PER_REPORT]},${1 + (r % 3)},observed,no\n`,
    )
  }
  await new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  )
}

/** Runs the CLI, sampling its peak RSS; resolves with stdout, seconds and peak MiB. */
function runMeasured(args: readonly string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ stdout: string; seconds: number; peakMiB: number }>((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    })
    let stdout = ''
    let stderr = ''
    let peakKiB = 0
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    // VmHWM is the process's own high-water mark, so the last sample before exit is the peak.
    const sample = setInterval(async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '')
      const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
      if (kib > peakKiB) peakKiB = kib
    }, 50)
    child.on('close', (code) => {
      clearInterval(sample)
      if (code !== 0) reject(new Error(`lagesbild ${args.join(' ')}: ${stderr}`))
      else
        resolve({ stdout, seconds: (performance.now() - started) / 1000, peakMiB: peakKiB / 1024 })
    })
  })
}

export const benchImport: BenchSuite = async (ctx) => {
  const measurements: Measurement[] = []
  const scales = ctx.quick ? [20_000] : [100_000, 1_000_000]
  const backends: Backend[] = ctx.postgresUrl ? ['pglite', 'postgres'] : ['pglite']
  const dir = await mkdtemp(join(tmpdir(), 'lagesbild-bench-import-'))
  try {
    for (const rows of scales) {
      const file = join(dir, `reports-${rows}.csv`)
      await writeReports(file, rows)
      for (const backend of backends) {
        const dbName = `lagesbild_bench_${randomBytes(4).toString('hex')}`
        const admin = ctx.postgresUrl
        const adminQuery = async (q: string) => {
          const client = new pg.Client({ connectionString: admin })
          await client.connect()
          await client.query(q)
          await client.end()
        }
        let env: NodeJS.ProcessEnv
        if (backend === 'postgres' && admin) {
          await adminQuery(`create database ${dbName}`)
          const url = new URL(admin)
          url.pathname = `/${dbName}`
          env = { DATABASE_URL: url.toString(), LAGESBILD_DATA_DIR: '' }
        } else {
          env = { DATABASE_URL: '', LAGESBILD_DATA_DIR: join(dir, `pglite-${rows}`) }
        }
        try {
          await runMeasured(['demo', '--no-serve'], env)
          const r = await runMeasured(['import', 'reports', file, '--tenant', 'demo'], env)
          // The CLI's summary: "… rows …, N s" for the import itself, before the read models.
          const importSeconds = Number(/in ([\d.]+) s/.exec(r.stdout)?.[1] ?? r.seconds)
          ctx.log(
            `${backend} ${rows} rows: import ${importSeconds.toFixed(1)} s (${Math.round(rows / importSeconds)} rows/s), whole command ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMiB.toFixed(0)} MiB`,
          )
          measurements.push(
            {
              name: 'reports CSV import (validate + append)',
              backend,
              scale: rows,
              value: Math.round(rows / importSeconds),
              unit: 'rows/s',
              target: backend === 'pglite' ? '≥ 30,000 rows/s' : '',
              details: { seconds: importSeconds, events: rows / ROWS_PER_REPORT },
            },
            {
              name: 'import command incl. read-model update',
              backend,
              scale: rows,
              value: Math.round(rows / r.seconds),
              unit: 'rows/s',
              details: { seconds: r.seconds },
            },
            {
              name: 'import peak RSS',
              backend,
              scale: rows,
              value: Math.round(r.peakMiB),
              unit: 'MiB',
              target: 'bounded (independent of file size)',
            },
          )
        } finally {
          if (backend === 'postgres' && admin) {
            await adminQuery(`drop database if exists ${dbName} with (force)`)
          }
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return {
    id: 'import',
    title: 'CSV import rate and memory (reports, demo tenant)',
    measurements,
    notes: [
      `Generated reports files with ${ROWS_PER_REPORT} observation rows per report (so rows ÷ ${ROWS_PER_REPORT} ReportSubmitted events), imported by \`lagesbild import reports\` in its own process into a freshly seeded demo; peak RSS is the child's VmHWM.`,
      'The import rate is the CLI’s own figure (validation pass + append pass); the command rate adds process start and the read-model update (a set-based rebuild above 20,000 new events).',
    ],
  }
}
