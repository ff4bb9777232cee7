/**
 * `pnpm bench`: runs every benchmark suite, writes bench/results/<date>.json and regenerates the
 * generated part of docs/performance.md. Flags: --quick (small data sets), --only=<id,id>,
 * --render=<results.json> (redraw the page's tables from a stored full run, measuring nothing).
 *
 * Figures are medians and ratios against baselines measured in the same run: these machines are
 * shared and noisy, so absolute numbers from different runs are not comparable.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { type RunResult, renderPerformanceTables } from './lib/render.js'
import type { BenchContext, BenchSection, BenchSuite } from './lib/report.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Suites in the order they run; each module exports one BenchSuite under the given name. */
const SUITES: readonly { id: string; module: string; exportName: string }[] = [
  { id: 'event-store', module: './suites/event-store.js', exportName: 'benchEventStore' },
  {
    id: 'situation-picture',
    module: './suites/situation-picture.js',
    exportName: 'benchSituationPicture',
  },
  { id: 'growth', module: './suites/growth.js', exportName: 'benchGrowth' },
  { id: 'import', module: './suites/import.js', exportName: 'benchImport' },
  { id: 'api', module: './suites/api.js', exportName: 'benchApi' },
  { id: 'public-sources', module: './suites/public-sources.js', exportName: 'benchPublicSources' },
  { id: 'statistics', module: './suites/statistics.js', exportName: 'benchStatistics' },
]

async function reachablePostgres(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick')
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',')
  const url =
    process.env.LAGESBILD_BENCH_DATABASE_URL ??
    process.env.LAGESBILD_TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/test'
  const postgresUrl = (await reachablePostgres(url)) ? url : undefined
  if (!postgresUrl) console.log(`PostgreSQL not reachable at ${url}: measuring PGlite only`)
  const ctx: BenchContext = { postgresUrl, quick, log: (line) => console.log(`  ${line}`) }

  // --render=<results.json>: redraw the tables of docs/performance.md from a stored full run.
  const render = args.find((a) => a.startsWith('--render='))?.slice('--render='.length)
  if (render !== undefined) {
    const stored = JSON.parse(await readFile(render, 'utf8')) as RunResult & { quick: boolean }
    if (stored.quick) throw new Error(`${render} is a quick run; only a full run fills the page`)
    await writeTables(stored)
    return
  }

  const sections: BenchSection[] = []
  for (const suite of SUITES) {
    if (only && !only.includes(suite.id)) continue
    let run: BenchSuite | undefined
    try {
      const mod = (await import(suite.module)) as Record<string, BenchSuite>
      run = mod[suite.exportName]
    } catch (error) {
      console.log(`- ${suite.id}: not available (${(error as Error).message.split('\n')[0]})`)
      continue
    }
    if (!run) continue
    console.log(`- ${suite.id}`)
    const started = performance.now()
    sections.push(await run(ctx))
    console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }

  const date = new Date().toISOString()
  const result = {
    date,
    quick,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryBytes: totalmem() },
    node: process.version,
    postgres: Boolean(postgresUrl),
    sections,
  }
  await mkdir(join(root, 'bench/results'), { recursive: true })
  const suffix = quick ? '-quick' : only ? `-${only.join('+')}` : ''
  const file = join(root, 'bench/results', `${date.slice(0, 10)}${suffix}.json`)
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`)
  console.log(`wrote ${file}`)

  // Only a complete run may rewrite the tables: a partial one would drop the other suites' rows.
  if (!quick && !only) await writeTables(result)
}

/** Replaces the generated part of docs/performance.md (between its markers). */
async function writeTables(result: RunResult): Promise<void> {
  const docPath = join(root, 'docs/performance.md')
  const doc = await readFile(docPath, 'utf8')
  const start = '<!-- bench:start -->'
  const end = '<!-- bench:end -->'
  const i = doc.indexOf(start)
  const j = doc.indexOf(end)
  if (i < 0 || j < i) throw new Error(`docs/performance.md lacks the ${start} … ${end} markers`)
  const tables = renderPerformanceTables(result)
  await writeFile(docPath, `${doc.slice(0, i + start.length)}\n${tables}\n${doc.slice(j)}`)
  console.log('updated docs/performance.md')
}

await main()
