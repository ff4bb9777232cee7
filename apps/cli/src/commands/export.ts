import { writeFile } from 'node:fs/promises'
import { defineCommand } from 'citty'
import {
  EXPORT_FORMATS,
  exportSituationPicture,
  parsePictureExport,
} from '../export/situation-picture.js'
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

/** `lagesbild export …`: reads rendered for people and spreadsheets. */
export const exportCommand = defineCommand({
  meta: { name: 'export', description: 'Export reads as files (csv, json, html)' },
  subCommands: { 'situation-picture': situationPictureCommand },
})
