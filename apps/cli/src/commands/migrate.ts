import { defineCommand } from 'citty'
import { backendArgs, openFromEnv } from '../runtime.js'

export const migrateCommand = defineCommand({
  meta: {
    name: 'migrate',
    description:
      'Create or upgrade the event store and read-model tables, then catch the read models up.\n\nExamples:\n  lagesbild migrate\n  DATABASE_URL=postgres://localhost/lagesbild lagesbild migrate',
  },
  args: { ...backendArgs },
  async run({ args }) {
    // Opening migrates the store and the read models and catches them up with the log.
    const lagesbild = await openFromEnv(args['data-dir'], { background: false })
    await lagesbild.close()
    console.log(`migrated (${lagesbild.store.backend})`)
  },
})
