/**
 * API throughput from a second process (issue 5: ≥ 1,000 req/s with p99 ≤ 50 ms). The server
 * runs as an operator runs it (`lagesbild serve`, seeded with the demo municipality) in its own
 * process; this process drives it with concurrent keep-alive clients. `/health` (no database
 * work) is the baseline measured in the same run: the ratio shows what the read models cost.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import type { Backend, BenchSuite, Measurement } from '../lib/report.js'
import { percentile } from '../lib/report.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')
const CLI = join(ROOT, 'apps/cli/bin/lagesbild.js')
const CLIENTS = 32

const cli = (args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess =>
  spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } })

const run = (args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = cli(args, env)
    let out = ''
    let err = ''
    child.stdout?.on('data', (d) => {
      out += d
    })
    child.stderr?.on('data', (d) => {
      err += d
    })
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`lagesbild ${args[0]}: ${err}`)),
    )
  })

const serve = (
  env: NodeJS.ProcessEnv,
  extra: readonly string[],
): Promise<{ url: string; stop: () => void }> =>
  new Promise((resolve, reject) => {
    const child = cli(['serve', '--port', '0', ...extra], env)
    let out = ''
    child.stdout?.on('data', (d) => {
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m?.[1]) resolve({ url: m[1], stop: () => child.kill('SIGTERM') })
    })
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)))
  })

interface Scenario {
  readonly name: string
  readonly request: (i: number) => { path: string; init?: RequestInit }
}

/** Request numbers across warm-up and measured runs, so every write has a fresh id. */
let counter = 0

/** Drives `scenario` with CLIENTS concurrent loops for `seconds`; latencies in ms. */
async function drive(url: string, token: string, scenario: Scenario, seconds: number) {
  const latencies: number[] = []
  let errors = 0
  const until = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const { path, init } = scenario.request(counter++)
        const started = performance.now()
        const res = await fetch(`${url}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${token}`, ...(init?.headers ?? {}) },
        })
        await res.arrayBuffer()
        latencies.push(performance.now() - started)
        if (res.status >= 400) errors++
      }
    }),
  )
  return { latencies, errors, rate: latencies.length / seconds }
}

const dates = Array.from({ length: 72 }, (_, i) => {
  const y = 2020 + Math.floor(i / 12)
  return `${y}-${String((i % 12) + 1).padStart(2, '0')}-15`
})

const scenarios = (runId: string): Scenario[] => [
  { name: 'GET /health (baseline)', request: () => ({ path: '/health' }) },
  {
    name: 'GET /v1/situation-picture',
    request: (i) => ({ path: `/v1/situation-picture?asOf=${dates[i % dates.length]}` }),
  },
  {
    name: 'GET /v1/places/{id}/trend (a year, per period)',
    request: (i) => ({
      path: `/v1/places/centrum/trend?from=${2020 + (i % 5)}-01-01&to=${2020 + (i % 5)}-12-31`,
    }),
  },
  { name: 'GET /v1/measures', request: () => ({ path: '/v1/measures' }) },
  {
    name: 'POST /v1/reports',
    request: (i) => ({
      path: '/v1/reports',
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          reportId: `bench-${runId}-${i}`,
          reporterOrganisationId: 'housing-company',
          observations: [
            {
              observationId: 'o1',
              kind: 'disorder',
              categoryCode: 'graffiti',
              placeId: 'gastisparken',
              occurredOn: { precision: 'exact', date: '2025-06-10' },
              count: 1,
              certainty: 'observed',
              policeReported: 'no',
            },
          ],
        }),
      },
    }),
  },
]

export const benchApi: BenchSuite = async (ctx) => {
  const measurements: Measurement[] = []
  const seconds = ctx.quick ? 3 : 10
  const backends: { backend: Backend; workers: number }[] = [{ backend: 'pglite', workers: 1 }]
  if (ctx.postgresUrl) {
    backends.push({ backend: 'postgres', workers: 1 }, { backend: 'postgres', workers: 2 })
  }
  for (const { backend, workers } of backends) {
    const dir = await mkdtemp(join(tmpdir(), 'lagesbild-bench-api-'))
    const dbName = `lagesbild_bench_${randomBytes(4).toString('hex')}`
    const admin = ctx.postgresUrl
    let env: NodeJS.ProcessEnv
    if (backend === 'postgres' && admin) {
      const client = new pg.Client({ connectionString: admin })
      await client.connect()
      await client.query(`create database ${dbName}`)
      await client.end()
      const url = new URL(admin)
      url.pathname = `/${dbName}`
      env = { DATABASE_URL: url.toString(), LAGESBILD_DATA_DIR: '' }
    } else {
      env = { DATABASE_URL: '', LAGESBILD_DATA_DIR: dir }
    }
    try {
      await run(['demo', '--no-serve'], env)
      const analyst = (
        await run(
          ['token', 'create', '--tenant', 'demo', '--org', 'police', '--role', 'analyst'],
          env,
        )
      ).trim()
      const reporter = (
        await run(
          ['token', 'create', '--tenant', 'demo', '--org', 'housing-company', '--role', 'reporter'],
          env,
        )
      ).trim()
      const server = await serve(
        { ...env, LAGESBILD_RATE_LIMIT: 'off' },
        workers > 1 ? ['--workers', String(workers)] : [],
      )
      try {
        let baseline = 0
        for (const scenario of scenarios(dbName)) {
          const token = scenario.name.startsWith('POST') ? reporter : analyst
          await drive(server.url, token, scenario, 1) // warm-up
          const r = await drive(server.url, token, scenario, seconds)
          if (scenario.name.startsWith('GET /health')) baseline = r.rate
          const label = `${scenario.name}${workers > 1 ? ` (${workers} workers)` : ''}`
          ctx.log(
            `${backend} ${label}: ${r.rate.toFixed(0)} req/s, p50 ${percentile(r.latencies, 0.5).toFixed(1)} ms, p99 ${percentile(r.latencies, 0.99).toFixed(1)} ms, ${r.errors} errors`,
          )
          measurements.push(
            {
              name: `${label} throughput`,
              backend,
              value: Math.round(r.rate),
              unit: 'req/s',
              target: '≥ 1,000 req/s',
              ...(baseline > 0 && !scenario.name.startsWith('GET /health')
                ? { ratio: { against: '/health in the same run', value: r.rate / baseline } }
                : {}),
              details: {
                clients: CLIENTS,
                seconds,
                errors: r.errors,
                requests: r.latencies.length,
              },
            },
            {
              name: `${label} latency p99`,
              backend,
              value: Number(percentile(r.latencies, 0.99).toFixed(1)),
              unit: 'ms',
              target: '≤ 50 ms',
              details: { p50: Number(percentile(r.latencies, 0.5).toFixed(1)) },
            },
          )
        }
      } finally {
        server.stop()
        await new Promise((r) => setTimeout(r, 1000))
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
      if (backend === 'postgres' && admin) {
        const client = new pg.Client({ connectionString: admin })
        await client.connect()
        await client.query(`drop database if exists ${dbName} with (force)`)
        await client.end()
      }
    }
  }
  return {
    id: 'api',
    title: 'API throughput from a second process (demo municipality)',
    measurements,
    notes: [
      `${CLIENTS} concurrent keep-alive clients in the bench process against \`lagesbild serve\` in its own process on the same 2-core machine (clients and server compete for the cores); ${seconds} s per scenario after a 1 s warm-up; situation pictures for 72 dates 2020–2025, trends of Centrum for one year.`,
      'Ratio: throughput ÷ the same run’s /health throughput (the HTTP stack without database work).',
    ],
  }
}
