import { defineCommand, runCommand, runMain } from 'citty'
import { demoCommand } from './commands/demo.js'
import { exportCommand } from './commands/export.js'
import { importCommand } from './commands/import.js'
import { migrateCommand } from './commands/migrate.js'
import { migrateToCommand } from './commands/migrate-to.js'
import { rebuildCommand } from './commands/rebuild.js'
import { serveCommand } from './commands/serve.js'
import { tokenCommand } from './commands/token.js'
import { isUsageError } from './errors.js'

const main = defineCommand({
  meta: {
    name: 'lagesbild',
    version: '0.1.0',
    description: 'Event-sourced situation picture for local crime-prevention collaboration (EST).',
  },
  subCommands: {
    serve: serveCommand,
    demo: demoCommand,
    export: exportCommand,
    import: importCommand,
    migrate: migrateCommand,
    'migrate-to': migrateToCommand,
    rebuild: rebuildCommand,
    token: tokenCommand,
  },
})

const argv = process.argv.slice(2)
if (
  argv.length === 0 ||
  argv.includes('--help') ||
  argv.includes('-h') ||
  argv[0] === '--version'
) {
  // citty prints usage (or the version) and exits 0 itself.
  await runMain(main, { rawArgs: argv.length === 0 ? ['--help'] : argv })
} else {
  try {
    await runCommand(main, { rawArgs: argv })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (isUsageError(error)) {
      console.error(`lagesbild: ${message}\nRun 'lagesbild --help' for usage.`)
      process.exit(2)
    }
    console.error(`lagesbild: ${message}`)
    process.exit(1)
  }
}
