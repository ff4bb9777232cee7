import { Readable } from 'node:stream'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Lagesbild } from '@lagesbild/application'
import { importCsv } from '@lagesbild/importers'
import { type ImportPublicSourceRequest, importPublicSource } from '@lagesbild/public-sources'
import type { AuthEnv } from '../http/auth.js'
import { requirePermission } from '../http/auth.js'
import { problemResponse, problemType } from '../http/problem.js'
import { Instant, problemContent } from '../http/schemas.js'
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

const PublicImportSummary = z
  .object({
    source: z.string(),
    rows: z.number(),
    imported: z.number(),
    rejectedCount: z.number(),
    rejectedByKind: z.record(z.string(), z.number()),
    rejected: z.array(z.object({ row: z.number(), kind: z.string(), reason: z.string() })),
    events: z.number(),
    appended: z.number(),
    skipped: z.number(),
  })
  .meta({ id: 'PublicImportSummary' })

/** At most this many rejected rows are listed in an answer (all are counted). */
const MAX_LISTED_REJECTIONS = 1000

const csvList = (value: string | undefined): string[] | undefined =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean)

const publicImportRoute = createRoute({
  method: 'post',
  path: '/imports/{source}',
  tags: ['writes'],
  summary:
    'Import a public source: Brå indicators, the police events feed or a police crime delivery',
  description:
    "The same import as `lagesbild import <source>` (docs/public-sources.md). Send the file as the body (`text/csv` for Brå's indicators and the compact events CSV, `application/json` for the events feed or a revisions collection), or for `police-crimes` as `multipart/form-data` with the parts `file` (the delivery) and `key` (the crime-code key). Every record is imported or rejected with its row and reason; the answer lists both. Re-sending a file appends nothing; an edited police event becomes a correction. A file that cannot be read at all, of which no record can be imported, or options naming unknown places answer 422 and write nothing.",
  security: [{ bearer: [] }],
  request: {
    params: z.object({ source: z.enum(['bra-indicators', 'police-events', 'police-crimes']) }),
    query: z.object({
      municipality: z.string().min(1).max(100).optional().meta({
        description:
          "police-events, police-crimes: the tenant's municipality as the source names it",
      }),
      municipalityPlaceId: z.string().min(1).max(100).optional(),
      placeRadiusMetres: z.coerce.number().positive().max(50_000).optional().meta({
        description:
          'police-events: map an event to the nearest registered place within this radius',
      }),
      observedAt: Instant.optional().meta({
        description:
          'police-events: when this copy of the feed was fetched (knowledge time of changes)',
      }),
      createPlaces: z.enum(['true', 'false']).optional().meta({
        description: 'police-crimes: register a place per DeSO area on request',
      }),
      geographies: z.string().max(2000).optional().meta({
        description: 'bra-indicators: comma-separated Brå geographies to import (default all)',
      }),
      places: z.string().max(4000).optional().meta({
        description: "bra-indicators: 'Geography:placeId' pairs, comma-separated",
      }),
      knownAt: Instant.optional().meta({
        description: "bra-indicators: when Brå's figures became known (default now)",
      }),
    }),
  },
  responses: {
    201: {
      description: 'Imported (rejected records listed)',
      content: { 'application/json': { schema: PublicImportSummary } },
    },
    400: { description: 'Invalid request', content: problemContent },
    401: { description: 'No valid token', content: problemContent },
    403: { description: 'Role may not import', content: problemContent },
    413: { description: 'File above the upload limit', content: problemContent },
    415: { description: 'Wrong content type for the source', content: problemContent },
    422: { description: 'File or options unusable; nothing written', content: problemContent },
    429: { description: 'Rate limit exceeded', content: problemContent },
  },
})

/** CSV uploads: the same validated, re-runnable import the CLI runs. */
export function uploadRoutes(lagesbild: Lagesbild) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
  app.use('/survey-waves.csv', requirePermission('coordinate'))
  app.use('/imports/*', requirePermission('coordinate'))

  app.openapi(publicImportRoute, async (c) => {
    const principal = c.get('principal')
    const { source } = c.req.valid('param')
    const q = c.req.valid('query')
    const type = (c.req.header('content-type') ?? '').toLowerCase()
    const unsupported = (detail: string) =>
      problemResponse(c, {
        type: problemType('unsupported-media-type'),
        title: 'Unsupported media type',
        status: 415,
        detail,
      }) as never
    const unusable = (detail: string) =>
      problemResponse(c, {
        type: problemType('import-unusable'),
        title: 'The file or options cannot be imported',
        status: 422,
        detail: `${detail} Nothing was written.`,
      }) as never

    let request: ImportPublicSourceRequest
    const base = { tenantId: principal.tenantId } as const
    if (source === 'police-crimes') {
      if (!type.startsWith('multipart/form-data')) {
        return unsupported("Send multipart/form-data with the parts 'file' and 'key'.")
      }
      const form = await c.req.parseBody().catch(() => undefined)
      const file = form?.file
      const key = form?.key
      const isPart = (part: unknown): part is string | File =>
        typeof part === 'string' || part instanceof File
      if (!isPart(file) || !isPart(key)) {
        return unusable("The form needs exactly one 'file' part and one 'key' part.")
      }
      const text = async (part: string | File) =>
        typeof part === 'string' ? part : await part.text()
      request = {
        ...base,
        source,
        file: { text: await text(file) },
        options: {
          key: { text: await text(key) },
          ...(q.municipality ? { municipality: q.municipality } : {}),
          ...(q.municipalityPlaceId ? { municipalityPlaceId: q.municipalityPlaceId } : {}),
          ...(q.createPlaces ? { createPlaces: q.createPlaces === 'true' } : {}),
        },
      }
    } else if (source === 'police-events') {
      if (!/^(application\/json|text\/csv)\b/.test(type)) {
        return unsupported('Send the feed as application/json or the compact file as text/csv.')
      }
      request = {
        ...base,
        source,
        file: { text: await c.req.text() },
        options: {
          ...(q.municipality ? { municipality: q.municipality } : {}),
          ...(q.municipalityPlaceId ? { municipalityPlaceId: q.municipalityPlaceId } : {}),
          ...(q.placeRadiusMetres !== undefined ? { placeRadiusMetres: q.placeRadiusMetres } : {}),
          ...(q.observedAt ? { observedAt: q.observedAt } : {}),
        },
      }
    } else {
      if (!/^text\/csv\b/.test(type)) return unsupported('Send the table as text/csv.')
      const places: Record<string, string> = {}
      for (const pair of csvList(q.places) ?? []) {
        const at = pair.lastIndexOf(':')
        if (at <= 0 || at === pair.length - 1) {
          return unusable(`places: '${pair}' is not 'Geography:placeId'.`)
        }
        places[pair.slice(0, at)] = pair.slice(at + 1)
      }
      const geographies = csvList(q.geographies)
      request = {
        ...base,
        source,
        file: { text: await c.req.text() },
        options: {
          ...(geographies?.length ? { geographies } : {}),
          ...(Object.keys(places).length ? { places } : {}),
          ...(q.knownAt ? { knownAt: q.knownAt } : {}),
        },
      }
    }

    let result: Awaited<ReturnType<typeof importPublicSource>>
    try {
      result = await importPublicSource(lagesbild.store, request)
    } catch (error) {
      // The importer refuses unreadable files and options naming unknown places before it
      // writes; database failures (five-character SQLSTATE codes) are not the client's and go
      // on (csv-parse's own codes, 'CSV_…', are the client's).
      const code = (error as { code?: unknown }).code
      const fromDatabase = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)
      if (error instanceof Error && !fromDatabase) {
        return unusable(error.message)
      }
      throw error
    }
    const listed = result.rejected.slice(0, MAX_LISTED_REJECTIONS).map((r) => ({
      row: r.row,
      kind: r.kind,
      reason: r.reason,
    }))
    if (result.imported === 0 && result.appended === 0) {
      // Nothing of the file could be used (and nothing was written): that is the client's
      // file, so say so instead of acknowledging an empty import.
      return problemResponse(c, {
        type: problemType('import-unusable'),
        title: 'The file or options cannot be imported',
        status: 422,
        detail:
          result.rows === 0
            ? 'The file holds no records. Nothing was written.'
            : `None of the ${result.rows} record(s) could be imported. Nothing was written.`,
        errors: listed.map((r) => ({ path: `row ${r.row}`, message: `${r.kind}: ${r.reason}` })),
      }) as never
    }
    await lagesbild.runner.catchUp()
    return c.json(
      {
        source: result.source,
        rows: result.rows,
        imported: result.imported,
        rejectedCount: result.rejected.length,
        rejectedByKind: result.rejectedByKind,
        rejected: listed,
        events: result.events,
        appended: result.appended,
        skipped: result.skipped,
      },
      201,
    )
  })

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
