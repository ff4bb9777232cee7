import { type Lagesbild, READ_MODELS, toNewEvent } from '@lagesbild/application'
import { generateDemo } from '@lagesbild/demo-data'
import type { AppendRequest } from '@lagesbild/event-store'
import { defineCommand } from 'citty'
import { progressReporter } from '../progress.js'
import { apiStores, appFor, backendArgs, closeOnSignal, openFromEnv } from '../runtime.js'
import { resolvePort, startServer } from './serve.js'

export const DEMO_TENANT = 'demo'
/** A date inside the demo's history (2019–2025) whose picture has alerts, hot spots and measures. */
export const DEMO_PICTURE_DATE = '2025-10-01'
/** The organisation the demo's printed token speaks for (the municipality's coordination). */
const DEMO_ORGANISATION = 'municipality'
const BATCH = 2000

/**
 * Seeds the demo municipality unless the tenant already has events: re-running the demo keeps
 * what is there (and what users added) instead of duplicating it.
 *
 * @returns the number of events appended (0 when the tenant was already seeded)
 */
export async function seedDemo(lagesbild: Lagesbild, seed?: number): Promise<number> {
  const existing = await lagesbild.store.readAll({ tenantId: DEMO_TENANT, limit: 1 })
  if (existing.length > 0) return 0
  const demo = generateDemo({ tenantId: DEMO_TENANT, ...(seed === undefined ? {} : { seed }) })
  const progress = progressReporter('seeding demo')
  let done = 0
  for (let i = 0; i < demo.log.length; i += BATCH) {
    const slice = demo.log.slice(i, i + BATCH)
    // Consecutive entries of one stream become one request, so versions stay in order.
    const requests: AppendRequest[] = []
    for (const entry of slice) {
      const previous = requests.at(-1)
      if (previous && previous.streamId === entry.streamId) {
        ;(previous.events as ReturnType<typeof toNewEvent>[]).push(toNewEvent(entry.event))
      } else {
        requests.push({
          tenantId: DEMO_TENANT,
          streamId: entry.streamId,
          events: [toNewEvent(entry.event)],
          expectedVersion: entry.version === 1 ? 'no-stream' : entry.version - 1,
        })
      }
    }
    await lagesbild.store.appendMany(requests)
    done += slice.length
    progress.update(done, demo.log.length, 'events')
  }
  progress.stop()
  // A fresh bulk load: the set-based rebuild is far faster than replaying event by event.
  for (const model of READ_MODELS) await lagesbild.runner.rebuild(model.name)
  await lagesbild.runner.catchUp()
  return demo.log.length
}

export const demoCommand = defineCommand({
  meta: {
    name: 'demo',
    description:
      'Seed the demo municipality (tenant "demo", deterministic) if it is not there yet, then start the API.\n\nExamples:\n  lagesbild demo\n  lagesbild demo --no-serve\n  PORT=9000 lagesbild demo --data-dir /tmp/lagesbild-demo',
  },
  args: {
    serve: { type: 'boolean', default: true, description: 'Start the API after seeding' },
    port: { type: 'string', description: 'Port to listen on (default: PORT, else 8787)' },
    ...backendArgs,
  },
  async run({ args }) {
    const port = args.serve ? resolvePort(args.port) : 0
    const lagesbild = await openFromEnv(args['data-dir'], { background: args.serve })
    try {
      const started = performance.now()
      const appended = await seedDemo(lagesbild)
      console.log(
        appended > 0
          ? `seeded tenant '${DEMO_TENANT}': ${appended} events in ${((performance.now() - started) / 1000).toFixed(1)} s`
          : `tenant '${DEMO_TENANT}' already seeded; keeping it`,
      )
    } catch (error) {
      await lagesbild.close()
      throw error
    }
    if (!args.serve) {
      await lagesbild.close()
      return
    }
    const server = await startServer((await appFor(lagesbild)).fetch, port)
    closeOnSignal(async () => {
      await server.close()
      await lagesbild.close()
    })
    console.log(`lagesbild demo (${lagesbild.store.backend}) listening on ${server.url}`)
    const { tokens } = await apiStores(lagesbild)
    const { token } = await tokens.create({
      tenantId: DEMO_TENANT,
      organisationId: DEMO_ORGANISATION,
      role: 'coordinator',
      label: 'pnpm demo',
    })
    console.log(`  API reference: ${server.url}/docs`)
    console.log(`  token (coordinator, tenant '${DEMO_TENANT}'): ${token}`)
    // The fragment never reaches a server; the page moves the token to session storage and
    // strips it from the address bar at once. The date lies inside the demo's history, which
    // ends 2025-12-31 (today's picture would be empty).
    console.log(
      `  dashboard (signed in): ${server.url}/#/picture?asOf=${DEMO_PICTURE_DATE}&token=${token}`,
    )
    console.log(`  try: curl -H 'Authorization: Bearer ${token}' '${server.url}/v1/events?limit=5'`)
  },
})
