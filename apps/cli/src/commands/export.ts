import { writeFile } from 'node:fs/promises'
import { defineCommand } from 'citty'
import {
  EXPORT_FORMATS,
  exportSituationPicture,
  parsePictureExport,
} from '../export/situation-picture.js'
import { exportTable } from '../export/tables.js'
import { backendArgs, openFromEnv } from '../runtime.js'

const situationPictureCommand = defineCommand({
  meta: {
    name: 'situation-picture',
    description: `The situation picture of one reporting period as a table (csv), the full picture (json) or a printable one-page meeting brief (html, A4, no external assets).\n\nExamples:\n  lagesbild export situation-picture --tenant mjolby --as-of 2024-03-10 --format html --out lagesbild.html\n  lagesbild export situation-picture --tenant mjolby --as-of 2024-03-10 --known-at 2024-03-12T08:00:00+01:00 --format csv`,
  },
  args: {
    tenant: { type: 'string', required: true, description: 'Tenant id' },
    'as-of': {
      type: 'string',
      required: true,
      description: 'A day (YYYY-MM-DD); the reporting period containing it is shown',
    },
    'known-at': {
      type: 'string',
      description: 'Only what was recorded by this instant (ISO with offset); default now',
    },
    area: { type: 'string', description: 'Restrict to an area (or place) and all below it' },
    format: { type: 'string', required: true, description: EXPORT_FORMATS.join(' | ') },
    out: { type: 'string', description: 'Write to this file instead of stdout' },
    ...backendArgs,
  },
  async run({ args }) {
    const request = parsePictureExport(args)
    const lagesbild = await openFromEnv(args['data-dir'], { background: false })
    let output: string
    try {
      output = await exportSituationPicture(lagesbild.store.db, request)
    } finally {
      await lagesbild.close()
    }
    if (args.out) {
      await writeFile(args.out, output, 'utf8')
      console.error(`situation picture (${request.format}) written to ${args.out}`)
    } else {
      process.stdout.write(output)
    }
  },
})

const common = {
  tenant: { type: 'string', required: true, description: 'Tenant id' },
  'known-at': {
    type: 'string',
    description: 'Only what was recorded by this instant (ISO with offset); default now',
  },
  out: { type: 'string', description: 'Write to this file instead of stdout' },
  ...backendArgs,
} as const

/** One table or map export: open the store, render, write to --out or stdout. */
const tableCommand = (
  kind: Parameters<typeof exportTable>[1],
  description: string,
  args: Record<string, { type: 'string'; required?: boolean; description: string }>,
) =>
  defineCommand({
    meta: { name: kind, description },
    args: { ...common, ...args },
    async run({ args: given }) {
      const lagesbild = await openFromEnv(given['data-dir'], { background: false })
      let output: string
      try {
        output = await exportTable(lagesbild.store, kind, given)
      } finally {
        await lagesbild.close()
      }
      if (given.out) {
        await writeFile(given.out, output, 'utf8')
        console.error(`${kind} written to ${given.out}`)
      } else {
        process.stdout.write(output)
      }
    },
  })

const placesCommand = tableCommand(
  'places',
  'Places as GeoJSON (RFC 7946) with the count, harm and status of the reporting period containing --as-of, for GIS tools.\n\nExamples:\n  lagesbild export places --tenant demo --as-of 2025-06-10 --out places.geojson',
  {
    'as-of': { type: 'string', required: true, description: 'A day (YYYY-MM-DD)' },
    area: { type: 'string', description: 'Only this area and the places below it' },
  },
)

const trendCommand = tableCommand(
  'trend',
  'A place or area trend as CSV: one row per bucket, a column per category asked for and per source.\n\nExamples:\n  lagesbild export trend --tenant demo --place gastisparken --from 2022-01-01 --to 2025-12-31 --bucket quarter\n  lagesbild export trend --tenant demo --area vifolka --from 2024-01-01 --to 2024-12-31 --categories graffiti,vandalism',
  {
    place: { type: 'string', description: 'A place id (or give --area)' },
    area: { type: 'string', description: 'An area id: its places summed' },
    from: { type: 'string', required: true, description: 'First day (YYYY-MM-DD)' },
    to: { type: 'string', required: true, description: 'Last day (YYYY-MM-DD)' },
    bucket: { type: 'string', description: 'period | month | quarter | year (default period)' },
    categories: { type: 'string', description: 'Comma-separated category codes' },
  },
)

const measuresCommand = tableCommand(
  'measures',
  'The measure register as CSV: one row per measure with its status, places, dates and verdict.\n\nExamples:\n  lagesbild export measures --tenant demo --as-of 2025-12-31 --out insatser.csv',
  { 'as-of': { type: 'string', description: 'Status as of this day (default today)' } },
)

const insecurityCommand = tableCommand(
  'insecurity',
  'Perceived insecurity per area and survey year with the comparison against the municipality, as CSV (or the full report as JSON). Small cells are suppressed.\n\nExamples:\n  lagesbild export insecurity --tenant demo --year 2024,2025 --out otrygghet.csv\n  lagesbild export insecurity --tenant demo --area centrum --format json',
  {
    year: { type: 'string', description: 'Comma-separated survey years (default all)' },
    area: { type: 'string', description: 'Only this area and the places below it' },
    indicator: { type: 'string', description: "Survey question id (default 'unsafe-evening')" },
    'min-cell-size': { type: 'string', description: 'Suppress cells below this n (default 5)' },
    format: { type: 'string', description: 'csv | json (default csv)' },
  },
)

/** `lagesbild export …`: reads rendered for people, spreadsheets and GIS tools. */
export const exportCommand = defineCommand({
  meta: { name: 'export', description: 'Export reads as files (csv, json, html, geojson)' },
  subCommands: {
    'situation-picture': situationPictureCommand,
    places: placesCommand,
    trend: trendCommand,
    measures: measuresCommand,
    insecurity: insecurityCommand,
  },
})
