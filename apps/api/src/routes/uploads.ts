import { Readable } from 'node:stream'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Lagesbild } from '@lagesbild/application'
import { importCsv } from '@lagesbild/importers'
import type { AuthEnv } from '../http/auth.js'
import { requirePermission } from '../http/auth.js'
import { problemResponse, problemType } from '../http/problem.js'
import { problemContent } from '../http/schemas.js'
import { validationHook } from '../http/validation.js'

const ImportSummary = z
  .object({
    kind: z.string(),
    rows: z.number(),
    events: z.number(),
    appended: z.number(),
    skipped: z.number(),
  })
  .meta({ id: 'ImportSummary' })

const surveyCsvRoute = createRoute({
  method: 'post',
  path: '/survey-waves.csv',
  tags: ['writes'],
  summary: 'Import a survey wave from CSV (respondent answers or published figures)',
  description:
    "The body is a CSV file in the `survey-responses` or `survey-results` format of docs/import-formats.md. Every row is checked before anything is written; a file with errors writes nothing and answers 422 with every error's row and column. Re-sending the same file appends nothing (event ids are derived from the content).",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      format: z.enum(['responses', 'results']).meta({
        description: "'responses': one respondent's answer per row; 'results': published figures",
      }),
    }),
    body: { required: true, content: { 'text/csv': { schema: z.string() } } },
  },
  responses: {
    201: { description: 'Imported', content: { 'application/json': { schema: ImportSummary } } },
    400: { description: 'Invalid request', content: problemContent },
    401: { description: 'No valid token', content: problemContent },
    403: { description: 'Role may not import surveys', content: problemContent },
    413: { description: 'File above the body limit', content: problemContent },
    422: { description: 'Rows with errors; nothing written', content: problemContent },
    429: { description: 'Rate limit exceeded', content: problemContent },
  },
})

/** CSV uploads: the same validated, re-runnable import the CLI runs. */
export function uploadRoutes(lagesbild: Lagesbild) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
  app.use('/survey-waves.csv', requirePermission('coordinate'))

  app.openapi(surveyCsvRoute, async (c) => {
    const principal = c.get('principal')
    const { format } = c.req.valid('query')
    const type = c.req.header('content-type') ?? ''
    if (!/^text\/csv\b/i.test(type)) {
      return problemResponse(c, {
        type: problemType('unsupported-media-type'),
        title: 'Unsupported media type',
        status: 415,
        detail: 'Send the file as Content-Type: text/csv.',
      }) as never
    }
    const text = await c.req.text()
    let result: Awaited<ReturnType<typeof importCsv>>
    try {
      result = await importCsv(lagesbild.store, {
        tenantId: principal.tenantId,
        kind: format === 'responses' ? 'survey-responses' : 'survey-results',
        source: Readable.from([Buffer.from(text, 'utf8')]),
        actor: { organisationId: principal.organisationId, role: principal.role },
      })
    } catch (error) {
      // csv-parse can throw on a malformed header line (e.g. a stray quote) instead of the
      // importer listing it as a row error; that is the client's file, not our failure.
      if (error instanceof Error && error.constructor.name === 'CsvError') {
        return problemResponse(c, {
          type: problemType('import-rows-invalid'),
          title: 'The file has rows with errors',
          status: 422,
          detail: 'The file is not readable as CSV; nothing was written.',
          errors: [{ path: 'row 1', message: error.message }],
        }) as never
      }
      throw error
    }
    if (!result.ok) {
      return problemResponse(c, {
        type: problemType('import-rows-invalid'),
        title: 'The file has rows with errors',
        status: 422,
        detail: `${result.totalErrors} error(s) in ${result.rows} row(s); nothing was written.`,
        errors: result.errors.map((e) => ({
          path: `row ${e.row}${e.column ? `, column ${e.column}` : ''}`,
          message: e.reason,
        })),
      }) as never
    }
    // The situation picture and registry follow at once, like after a command.
    await lagesbild.runner.catchUp()
    return c.json(
      {
        kind: result.kind,
        rows: result.rows,
        events: result.events,
        appended: result.appended,
        skipped: result.skipped,
      },
      201,
    )
  })

  return app
}
