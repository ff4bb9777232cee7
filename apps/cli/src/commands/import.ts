import { access } from 'node:fs/promises'
import { type Lagesbild, READ_MODELS } from '@lagesbild/application'
import { type ImportKind, importCsv } from '@lagesbild/importers'
import { importPublicSource, type PublicSource } from '@lagesbild/public-sources'
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
/** Real public sources (docs/public-sources.md). */
const SOURCES: readonly PublicSource[] = ['bra-indicators', 'police-events', 'police-crimes']
/**
 * Whether to bring the read models up to date by a set-based rebuild rather than by replaying
 * the new events. Replay costs per new event (≈ 100 events/s on PGlite: 5,000 new events took
 * 48 s in `pnpm bench --only=import`), a rebuild per event in the whole log (≈ 5–7k events/s),
 * so rebuilding wins once the new events exceed about 1/60 of the log.
 */
async function rebuildIsCheaper(lagesbild: Lagesbild, appended: number): Promise<boolean> {
  if (appended < 500) return false
  const total = await lagesbild.store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst()
  return appended * 60 > Number(total?.n ?? 0)
}

export const importCommand = defineCommand({
  meta: {
    name: 'import',
    description: `Import a CSV file, all or nothing: every row is validated first; if any is bad, every bad row is listed and nothing is written. Re-running an import (also one killed halfway) adds nothing twice. Formats: docs/import-formats.md.\n\nKinds: ${KINDS.join(', ')}\nPublic sources: ${SOURCES.join(', ')} (docs/public-sources.md)\n\nExamples:\n  lagesbild import places docs/samples/places.csv --tenant mjolby\n  lagesbild import reports rapporter-2024.csv --tenant mjolby --org municipality\n  lagesbild import police-events events.json --tenant mjolby --municipality Mjölby\n  lagesbild import police-crimes brott.csv --tenant ludvika --key brottskod_nyckel.csv --create-places\n  lagesbild import bra-indicators kommunindikatorer.csv --tenant ludvika --geography Ludvika`,
  },
  args: {
    kind: {
      type: 'positional',
      required: true,
      description: [...KINDS, ...SOURCES].join(' | '),
    },
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
    municipality: {
      type: 'string',
      description: 'police-events/police-crimes: only this municipality (as the source names it)',
    },
    key: { type: 'string', description: 'police-crimes: the crime-code → category key (CSV)' },
    'create-places': {
      type: 'boolean',
      default: false,
      description: 'police-crimes: register DeSO places that do not exist yet',
    },
    geography: {
      type: 'string',
      description: 'bra-indicators: only these geographies, comma-separated (e.g. Ludvika)',
    },
    ...backendArgs,
  },
  async run({ args }) {
    if ((SOURCES as readonly string[]).includes(args.kind)) {
      await importSource(args.kind as PublicSource, args)
      return
    }
    const kind = args.kind as ImportKind
    if (!KINDS.includes(kind)) {
      throw new UsageError(
        `Unknown import kind '${args.kind}'. Choose one of: ${[...KINDS, ...SOURCES].join(', ')}`,
      )
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
      if (await rebuildIsCheaper(lagesbild, result.appended)) {
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

interface SourceArgs {
  readonly file: string
  readonly tenant: string
  readonly municipality?: string | undefined
  readonly key?: string | undefined
  readonly 'create-places'?: boolean | undefined
  readonly geography?: string | undefined
  readonly 'data-dir'?: string | undefined
}

/** Imports one of the real public sources; every record is imported or rejected with a reason. */
async function importSource(source: PublicSource, args: SourceArgs): Promise<void> {
  if (source === 'police-crimes' && !args.key) {
    throw new UsageError('police-crimes needs --key <crime-code key CSV>.')
  }
  const lagesbild = await openFromEnv(args['data-dir'], { background: false })
  try {
    const common = { tenantId: args.tenant, file: args.file }
    const municipality = args.municipality ? { municipality: args.municipality } : {}
    const result =
      source === 'bra-indicators'
        ? await importPublicSource(lagesbild.store, {
            ...common,
            source,
            options: args.geography ? { geographies: args.geography.split(',') } : {},
          })
        : source === 'police-events'
          ? await importPublicSource(lagesbild.store, { ...common, source, options: municipality })
          : await importPublicSource(lagesbild.store, {
              ...common,
              source,
              options: {
                ...municipality,
                key: args.key as string,
                createPlaces: args['create-places'] ?? false,
              },
            })
    if (await rebuildIsCheaper(lagesbild, result.appended)) {
      for (const model of READ_MODELS) await lagesbild.runner.rebuild(model.name)
    }
    await lagesbild.runner.catchUp()
    const kinds = Object.entries(result.rejectedByKind)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')
    console.log(
      `${source}: ${result.rows} records, ${result.imported} imported, ${result.rejected.length} rejected${kinds ? ` (${kinds})` : ''}; ${result.events} events (${result.appended} new, ${result.skipped} already stored) in ${result.seconds.toFixed(1)} s`,
    )
    if (result.officialStatistics?.length) {
      console.log(
        `  ${result.officialStatistics.length} official reported-crime figures stored as OfficialStatisticsPublished (GET /v1/official-statistics)`,
      )
    }
  } finally {
    await lagesbild.close()
  }
}
