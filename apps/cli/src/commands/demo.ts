import { createApp } from '@lagesbild/api'
import { defineCommand } from 'citty'
import { resolvePort, startServer } from './serve.js'

export const demoCommand = defineCommand({
  meta: {
    name: 'demo',
    description:
      'Seed the demo municipality (tenant "demo") if the database is empty and start the API.\n\nExamples:\n  lagesbild demo\n  lagesbild demo --no-serve\n  PORT=9000 lagesbild demo',
  },
  args: {
    serve: { type: 'boolean', default: true, description: 'Start the API after seeding' },
    port: { type: 'string', description: 'Port to listen on (default: PORT, else 8787)' },
  },
  async run({ args }) {
    if (!args.serve) return
    const port = resolvePort(args.port)
    const app = createApp({ backend: 'none' })
    const { url } = await startServer(app.fetch, port)
    console.log(`lagesbild demo API listening on ${url} (try ${url}/health)`)
  },
})
