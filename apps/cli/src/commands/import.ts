import { access } from 'node:fs/promises'
import { READ_MODELS } from '@lagesbild/application'
import { type ImportKind, importCsv } from '@lagesbild/importers'
import { defineCommand } from 'citty'
import { UsageError } from '../errors.js'
import { progressReporter } from '../progress.js'
import { backendArgs, openFromEnv } from '../runtime.js'

const KINDS: readonly ImportKind[] = [
  'places',
  'reports',
  'measures',
  'survey-responses',
  'survey-results',
]
/** Above this many new events the read models are rebuilt set-based instead of replayed. */
const REBUILD_THRESHOLD = 20_000

export const importCommand = defineCommand({
  meta: {
    name: 'import',
    description: `Import a CSV file, all or nothing: every row is validated first; if any is bad, every bad row is listed and nothing is written. Re-running an import (also one killed halfway) adds nothing twice. Formats: docs/import-formats.md.\n\nKinds: ${KINDS.join(', ')}\n\nExamples:\n  lagesbild import places docs/samples/places.csv --tenant mjolby\n  lagesbild import reports rapporter-2024.csv --tenant mjolby --org municipality`,
  },
  args: {
    kind: { type: 'positional', required: true, description: KINDS.join(' | ') },
    file: {
      type: 'positional',
      required: true,
      description: 'CSV file (comma or semicolon, UTF-8)',
    },
    tenant: { type: 'string', required: true, description: 'Tenant id' },
    org: {
      type: 'string',
      default: 'import',
      description: 'Organisation recorded as the importing actor',
    },
    ...backendArgs,
  },
  async run({ args }) {
    const kind = args.kind as ImportKind
    if (!KINDS.includes(kind)) {
      throw new UsageError(`Unknown import kind '${args.kind}'. Choose one of: ${KINDS.join(', ')}`)
    }
    await access(args.file).catch(() => {
      throw new UsageError(`Cannot read '${args.file}'.`)
    })
    const lagesbild = await openFromEnv(args['data-dir'], { background: false })
    try {
      const validate = progressReporter(`validate ${args.file}`)
      const write = progressReporter(`import ${args.file}`)
      const result = await importCsv(lagesbild.store, {
        tenantId: args.tenant,
        kind,
        source: args.file,
        actor: { organisationId: args.org, role: 'system' },
        onProgress: (p) =>
          p.phase === 'validate'
            ? validate.update(p.bytes ?? 0, p.totalBytes, 'bytes')
            : write.update(p.rows, p.totalRows ?? p.rows, 'rows'),
      })
      validate.stop()
      write.stop()
      if (!result.ok) {
        for (const e of result.errors) {
          console.error(`row ${e.row}${e.column ? `, column ${e.column}` : ''}: ${e.reason}`)
        }
        const more = result.totalErrors - result.errors.length
        throw new Error(
          `${result.totalErrors} bad row(s) in ${result.rows}${more > 0 ? ` (${more} more not listed)` : ''}; nothing was imported.`,
        )
      }
      if (result.appended > REBUILD_THRESHOLD) {
        for (const model of READ_MODELS) await lagesbild.runner.rebuild(model.name)
      }
      await lagesbild.runner.catchUp()
      console.log(
        `${kind}: ${result.rows} rows, ${result.events} events (${result.appended} new, ${result.skipped} already stored) in ${result.seconds.toFixed(1)} s, ${Math.round(result.rowsPerSecond)} rows/s`,
      )
    } finally {
      await lagesbild.close()
    }
  },
})
