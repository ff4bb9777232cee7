import { z } from '@hono/zod-openapi'
import { isAnalysisInputError } from '@lagesbild/analysis'
import type { Context } from 'hono'
import { problemResponse, problemType } from './problem.js'

/** Schemas shared by the read routes. */
export const LocalDate = z.iso.date().meta({ description: 'YYYY-MM-DD', example: '2021-03-15' })
export const Instant = z.iso
  .datetime({ offset: true })
  .meta({ description: 'ISO-8601 instant with offset', example: '2021-03-15T09:00:00+01:00' })

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' })

export const problemContent = { 'application/problem+json': { schema: ProblemSchema } }

/** The error responses every authenticated read can give. */
export const readErrors = {
  304: { description: 'Not modified (If-None-Match)' },
  400: { description: 'Invalid query', content: problemContent },
  401: { description: 'No valid token', content: problemContent },
  403: { description: 'Role may not read this', content: problemContent },
  429: { description: 'Rate limit exceeded', content: problemContent },
} as const

/**
 * Maps the errors a read can raise from its inputs: RangeError (a query the read model refuses,
 * e.g. `to` before `from`) is 400, AnalysisInputError (data the analysis cannot use, e.g. too
 * few periods) is 422 with the analysis' stable code. Anything else is rethrown as a 500.
 */
export function readProblem(c: Context, error: unknown): Response {
  if (error instanceof RangeError) {
    return problemResponse(c, {
      type: problemType('validation'),
      title: 'Invalid request',
      status: 400,
      detail: error.message,
    })
  }
  if (isAnalysisInputError(error)) {
    return problemResponse(c, {
      type: problemType(`analysis/${error.code}`),
      title: 'The data do not allow this analysis',
      status: 422,
      detail: error.message,
    })
  }
  throw error
}

/** 404 problem for a resource id the tenant does not have. */
export const notFound = (c: Context, what: string): Response =>
  problemResponse(c, {
    type: problemType('not-found'),
    title: 'Not found',
    status: 404,
    detail: `No ${what} with that id in this tenant.`,
  })

/** `sources=` of the trend reads: which reports count (partners', the police imports). */
export const TrendSources = z
  .string()
  .regex(/^(partners|police-events|police-crimes)(,(partners|police-events|police-crimes))*$/)
  .meta({
    description:
      "Comma-separated sources to count: 'partners' (the collaboration's reports), 'police-events' (the police events feed), 'police-crimes' (police crime deliveries). Default all; the breakdown by source is given either way.",
  })
