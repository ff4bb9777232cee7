import { serve } from '@hono/node-server'
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

export const serveCommand = defineCommand({
  meta: {
    name: 'serve',
    description:
      'Start the HTTP API on the configured store.\n\nExamples:\n  lagesbild serve\n  PORT=9000 lagesbild serve --data-dir /var/lib/lagesbild\n  DATABASE_URL=postgres://localhost/lagesbild lagesbild serve --port 8080',
  },
  args: {
    port: { type: 'string', description: 'Port to listen on (default: PORT, else 8787)' },
    host: { type: 'string', description: 'Interface to bind', default: '127.0.0.1' },
    ...backendArgs,
  },
  async run({ args }) {
    const port = resolvePort(args.port)
    const lagesbild = await openFromEnv(args['data-dir'])
    const server = await startServer((await appFor(lagesbild)).fetch, port, args.host)
    closeOnSignal(async () => {
      await server.close()
      await lagesbild.close()
    })
    console.log(`lagesbild API (${lagesbild.store.backend}) listening on ${server.url}`)
  },
})
