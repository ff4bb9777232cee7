import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { MEASURE_COLUMNS } from './measures.js'
import { PLACE_COLUMNS } from './places.js'
import { REPORT_COLUMNS } from './reports.js'
import { SURVEY_RESPONSE_COLUMNS } from './survey-responses.js'
import { SURVEY_RESULT_COLUMNS } from './survey-results.js'

const doc = readFileSync(
  fileURLToPath(new URL('../../../../docs/import-formats.md', import.meta.url)),
  'utf8',
)

// The column tables in docs/import-formats.md are the users' reference: a column added to a
// format without documenting it would be invisible to them.
describe('docs/import-formats.md', () => {
  it.each([
    ['places', PLACE_COLUMNS],
    ['reports', REPORT_COLUMNS],
    ['measures', MEASURE_COLUMNS],
    ['survey-responses', SURVEY_RESPONSE_COLUMNS],
    ['survey-results', SURVEY_RESULT_COLUMNS],
  ])('documents every %s column with its required flag', (kind, columns) => {
    const section = doc.split(/^## /m).find((s) => s.startsWith(`${kind}\n`)) ?? ''
    for (const c of columns) {
      const row = new RegExp(`\\| \`${c.name}\`\\s+\\| ${c.required ? 'yes' : 'no'}\\s+\\|`)
      expect(section).toMatch(row)
    }
  })
})
