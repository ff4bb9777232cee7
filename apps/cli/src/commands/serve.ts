import cluster from 'node:cluster'
import { serve } from '@hono/node-server'
import { answerRateRequests } from '@lagesbild/api'
import { defineCommand } from 'citty'
import { UsageError } from '../errors.js'
import { appFor, backendArgs, closeOnSignal, openFromEnv } from '../runtime.js'

/** Resolves the port from --port, then PORT, then 8787; rejects anything that is not a port. */
export function resolvePort(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const raw = flag ?? env.PORT ?? '8787'
  const port = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port > 65_535) {
    throw new UsageError(`Invalid port '${raw}': pass --port or PORT as an integer 0–65535.`)
  }
  return port
}

/** Starts the HTTP server and resolves once it listens, with its URL. */
export function startServer(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  hostname = '127.0.0.1',
): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info) => {
      resolve({
        url: `http://${hostname}:${info.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      })
    })
    server.once('error', reject)
  })
}

/** Parses --workers; more than one needs PostgreSQL (one PGlite directory is one process). */
export function resolveWorkers(
  flag: string,
  dataDir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const n = Number(flag)
  if (!/^\d+$/.test(flag) || n < 1 || n > 64) {
    throw new UsageError(`Invalid --workers '${flag}': pass an integer 1–64.`)
  }
  if (n > 1 && (dataDir !== undefined || !env.DATABASE_URL)) {
    throw new UsageError(
      '--workers > 1 needs DATABASE_URL (PostgreSQL): an embedded PGlite directory serves one process.',
    )
  }
  return n
}

/**
 * The primary of `serve --workers N`: forks N API processes that share the port (node:cluster
 * hands connections out round robin), replaces one that dies, and stops them all on SIGINT or
 * SIGTERM. Each worker is a full `serve`; one of them leads the projection runner.
 */
function superviseWorkers(n: number): void {
  let stopping = false
  // One rate-limit count for all workers: a token's budget is the deployment's, not a process's.
  answerRateRequests(cluster)
  const fork = () => cluster.fork()
  for (let i = 0; i < n; i++) fork()
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return
    console.error(
      `lagesbild: worker ${worker.process.pid} exited (${signal ?? code}); starting another`,
    )
    setTimeout(fork, 500)
  })
  const stop = () => {
    if (stopping) return
    stopping = true
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check)
        process.exit(0)
      }
    }, 100)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

export const serveCommand = defineCommand({
  meta: {
    name: 'serve',
    description:
      'Start the HTTP API on the configured store.\n\nExamples:\n  lagesbild serve\n  PORT=9000 lagesbild serve --data-dir /var/lib/lagesbild\n  DATABASE_URL=postgres://localhost/lagesbild lagesbild serve --port 8080\n  DATABASE_URL=postgres://localhost/lagesbild lagesbild serve --workers 4',
  },
  args: {
    port: { type: 'string', description: 'Port to listen on (default: PORT, else 8787)' },
    host: { type: 'string', description: 'Interface to bind', default: '127.0.0.1' },
    workers: {
      type: 'string',
      description: 'API processes sharing the port (PostgreSQL only; default 1)',
      default: '1',
    },
    ...backendArgs,
  },
  async run({ args }) {
    const port = resolvePort(args.port)
    const workers = resolveWorkers(args.workers, args['data-dir'])
    if (workers > 1 && cluster.isPrimary) {
      superviseWorkers(workers)
      return
    }
    const lagesbild = await openFromEnv(args['data-dir'])
    const app = await appFor(lagesbild, { sharedRateLimit: cluster.isWorker })
    const server = await startServer(app.fetch, port, args.host)
    closeOnSignal(async () => {
      await server.close()
      await lagesbild.close()
    })
    console.log(`lagesbild API (${lagesbild.store.backend}) listening on ${server.url}`)
    console.log(`  dashboard: ${server.url}/  (paste a token from 'lagesbild token create')`)
  },
})
