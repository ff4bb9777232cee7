import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { earlyWarning, measureEffect, reporterFeedback } from '@lagesbild/analysis'
import {
  earlyWarningInputFor,
  feedbackInputFor,
  type InsecurityReportQuery,
  insecurityReport,
  type Lagesbild,
  measureEffectInputFor,
} from '@lagesbild/application'
import { measureById, measureRegister } from '@lagesbild/projections'
import type { AuthEnv } from '../http/auth.js'
import { requirePermission } from '../http/auth.js'
import { jsonWithEtag } from '../http/etag.js'
import { problemResponse, problemType } from '../http/problem.js'
import { Instant, LocalDate, notFound, readErrors, readProblem } from '../http/schemas.js'
import { validationHook } from '../http/validation.js'

const Loose = z.record(z.string(), z.unknown())
const Id = z.string().min(1).max(100)
const security = [{ bearer: [] }]

const MEASURE_STATUSES = [
  'not-yet',
  'proposed',
  'decided',
  'started',
  'completed',
  'cancelled',
  'evaluated',
] as const

export const MeasureEntry = z
  .object({
    measureId: z.string(),
    title: z.string(),
    type: z.string(),
    ownerOrganisationId: z.string(),
    placeIds: z.array(z.string()),
    targetCategories: z.array(z.string()),
    controlPlaceIds: z.array(z.string()),
    bufferPlaceIds: z.array(z.string()),
    problemId: z.string().nullable(),
    proposedOn: z.string(),
    plannedStart: z.string().nullable(),
    plannedEnd: z.string().nullable(),
    decidedOn: z.string().nullable(),
    startedOn: z.string().nullable(),
    completedOn: z.string().nullable(),
    cancelledOn: z.string().nullable(),
    evaluatedOn: z.string().nullable(),
    verdict: z.string().nullable(),
    evidenceLevel: z.number().nullable(),
    status: z.enum(MEASURE_STATUSES),
    active: z.boolean(),
  })
  .meta({ id: 'MeasureEntry' })

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const asOfKnownAt = {
  asOf: LocalDate.optional().meta({ description: 'Day whose status is shown (default today)' }),
  knownAt: Instant.optional(),
}

const measuresRoute = createRoute({
  method: 'get',
  path: '/measures',
  tags: ['reads'],
  summary: 'The measure register (insatser) as of a day, as known at an instant',
  security,
  request: {
    query: z.object({
      ...asOfKnownAt,
      status: z
        .string()
        .max(200)
        .optional()
        .meta({ description: `Comma-separated statuses: ${MEASURE_STATUSES.join(', ')}` }),
      place: Id.optional().meta({ description: 'Only measures treating this place' }),
    }),
  },
  responses: {
    200: json(z.object({ asOf: z.string(), measures: z.array(MeasureEntry) }), 'The register'),
    ...readErrors,
  },
})

const measureRoute = createRoute({
  method: 'get',
  path: '/measures/{id}',
  tags: ['reads'],
  summary: 'One measure with its status on a day',
  security,
  request: { params: z.object({ id: Id }), query: z.object(asOfKnownAt) },
  responses: {
    200: json(MeasureEntry, 'The measure'),
    404: { description: 'No such measure', content: readErrors[400].content },
    ...readErrors,
  },
})

const effectRoute = createRoute({
  method: 'get',
  path: '/measures/{id}/effect',
  tags: ['analysis'],
  summary:
    'Did the measure work? Before/after against controls, ITS, synthetic control, displacement',
  description:
    "Counts of the measure's target categories per place and period from the situation picture, other measures' places kept out of the automatic controls, and survey shares of the treated places' areas. See docs/analysis.md for the design, verdict rules and evidence level.",
  security,
  request: {
    params: z.object({ id: Id }),
    query: z.object({
      ...asOfKnownAt,
      windowPeriods: z.coerce.number().int().min(2).max(260).default(26),
      syntheticControl: z
        .enum(['true', 'false'])
        .default('true')
        .meta({ description: 'The synthetic control dominates the run time' }),
    }),
  },
  responses: {
    200: json(Loose, 'The effect estimate with verdict, evidence level and warnings'),
    404: { description: 'No such measure', content: readErrors[400].content },
    422: { description: 'Not started, or too little data', content: readErrors[400].content },
    ...readErrors,
  },
})

/** The query of `/v1/insecurity` and of its table, `/v1/insecurity.csv`. */
export const InsecurityParams = z.object({
  year: z
    .string()
    .regex(/^\d{4}(,\d{4})*$/)
    .optional()
    .meta({ description: 'Comma-separated years (default all)', example: '2023,2024' }),
  area: Id.optional().meta({ description: 'Only this area (and places below it)' }),
  indicator: Id.optional().meta({ description: "Default 'unsafe-evening'" }),
  threshold: z.coerce.number().int().min(-100).max(100).optional(),
  minCellSize: z.coerce.number().int().min(1).max(1000).default(5),
})

/** The HTTP query as `insecurityReport` takes it. */
export const insecurityQuery = (q: z.infer<typeof InsecurityParams>): InsecurityReportQuery => ({
  ...(q.year ? { years: q.year.split(',').map(Number) } : {}),
  ...(q.indicator ? { indicatorId: q.indicator } : {}),
  ...(q.threshold === undefined ? {} : { threshold: q.threshold }),
  ...(q.area ? { area: q.area } : {}),
  minCellSize: q.minCellSize,
})

const insecurityRoute = createRoute({
  method: 'get',
  path: '/insecurity',
  tags: ['analysis'],
  summary: 'Perceived insecurity by area and year, with place-vs-municipality and year-vs-year',
  description:
    'Share feeling very or fairly unsafe out alone late in the evening (or refraining from going out), per survey area and year, from respondents or published figures. Small cells are suppressed in every output.',
  security,
  request: { query: InsecurityParams },
  responses: { 200: json(Loose, 'Cells, comparisons and trends'), ...readErrors },
})

const alertsRoute = createRoute({
  method: 'get',
  path: '/alerts',
  tags: ['analysis'],
  summary: 'Early warning: place × category cells above what their own history makes expected',
  security,
  request: {
    query: z.object({
      asOf: LocalDate.meta({ description: 'A day in the period to screen' }),
      knownAt: Instant.optional(),
      area: Id.optional(),
      fdr: z.coerce.number().min(0.0001).max(0.5).default(0.05),
      minCount: z.coerce.number().int().min(1).max(1000).default(3),
    }),
  },
  responses: { 200: json(Loose, 'Alerts and every tested cell'), ...readErrors },
})

const feedbackRoute = createRoute({
  method: 'get',
  path: '/feedback',
  tags: ['analysis'],
  summary: "What came of an organisation's reports: problems and measures at its places",
  description:
    'Reporters see only their own organisation (the default); other roles that may read may name any organisation of the tenant.',
  security,
  request: {
    query: z.object({
      organisation: Id.optional(),
      from: LocalDate,
      to: LocalDate,
      asOf: LocalDate.optional(),
      knownAt: Instant.optional(),
    }),
  },
  responses: { 200: json(Loose, 'Feedback per period and place'), ...readErrors },
})

/**
 * Reads over the measure register and the analyses. Every input comes from the read models of
 * the caller's tenant; nothing here reads another tenant's rows.
 */
export function analysisRoutes(lagesbild: Lagesbild) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
  app.use('*', requirePermission('read'))
  const db = lagesbild.store.db

  app.openapi(measuresRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const q = c.req.valid('query')
    try {
      const asOf = q.asOf ?? new Date().toISOString().slice(0, 10)
      const status = q.status?.split(',').filter(Boolean)
      const bad = status?.find((s) => !(MEASURE_STATUSES as readonly string[]).includes(s))
      if (bad !== undefined) throw new RangeError(`unknown status '${bad}'`)
      const measures = await measureRegister(db, tenantId, {
        asOf,
        ...(q.knownAt ? { knownAt: q.knownAt } : {}),
        ...(status ? { status: status as (typeof MEASURE_STATUSES)[number][] } : {}),
        ...(q.place ? { placeId: q.place } : {}),
      })
      return jsonWithEtag(c, { asOf, measures }) as never
    } catch (error) {
      return readProblem(c, error) as never
    }
  })

  app.openapi(measureRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const { id } = c.req.valid('param')
    const q = c.req.valid('query')
    try {
      const measure = await measureById(db, tenantId, id, {
        ...(q.asOf ? { asOf: q.asOf } : {}),
        ...(q.knownAt ? { knownAt: q.knownAt } : {}),
      })
      if (!measure) return notFound(c, 'measure') as never
      return jsonWithEtag(c, measure) as never
    } catch (error) {
      return readProblem(c, error) as never
    }
  })

  app.openapi(effectRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const { id } = c.req.valid('param')
    const q = c.req.valid('query')
    try {
      const prepared = await measureEffectInputFor(db, tenantId, id, {
        windowPeriods: q.windowPeriods,
        ...(q.asOf ? { asOf: q.asOf } : {}),
        ...(q.knownAt ? { knownAt: q.knownAt } : {}),
      })
      if (prepared.kind === 'not-found') return notFound(c, 'measure') as never
      if (prepared.kind === 'not-started') {
        return problemResponse(c, {
          type: problemType('measure-not-started'),
          title: 'Measure not started',
          status: 422,
          detail: `Measure ${id} has no start date on or before the day asked for (status '${prepared.measure.status}').`,
        }) as never
      }
      const result = measureEffect(prepared.input, {
        windowPeriods: q.windowPeriods,
        periodsPerYear: prepared.periodsPerYear,
        syntheticControl: q.syntheticControl === 'true',
      })
      return jsonWithEtag(c, {
        measure: prepared.measure,
        periods: { first: prepared.input.periods[0], count: prepared.input.periods.length },
        ...result,
      }) as never
    } catch (error) {
      return readProblem(c, error) as never
    }
  })

  app.openapi(insecurityRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const q = c.req.valid('query')
    try {
      return jsonWithEtag(c, await insecurityReport(db, tenantId, insecurityQuery(q))) as never
    } catch (error) {
      return readProblem(c, error) as never
    }
  })

  app.openapi(alertsRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const q = c.req.valid('query')
    try {
      const prepared = await earlyWarningInputFor(db, tenantId, {
        asOf: q.asOf,
        ...(q.knownAt ? { knownAt: q.knownAt } : {}),
        ...(q.area ? { area: q.area } : {}),
      })
      const base = {
        period: prepared.period.start,
        periodEnd: prepared.period.end,
        periodsPerYear: prepared.periodsPerYear,
        historyPeriods: prepared.historyPeriods,
      }
      if (prepared.historyPeriods === 0 || prepared.input.cells.length === 0) {
        return jsonWithEtag(c, { ...base, alerts: [], tested: [], untested: 0 }) as never
      }
      const result = earlyWarning(prepared.input, {
        periodsPerYear: prepared.periodsPerYear,
        historyPeriods: prepared.historyPeriods,
        fdr: q.fdr,
        minCount: q.minCount,
      })
      return jsonWithEtag(c, { ...base, ...result }) as never
    } catch (error) {
      return readProblem(c, error) as never
    }
  })

  app.openapi(feedbackRoute, async (c) => {
    const principal = c.get('principal')
    const q = c.req.valid('query')
    const organisationId = q.organisation ?? principal.organisationId
    // Reporters act for their own organisation only; coordinators, analysts and evaluators
    // follow up every partner (the output is counts per place and category, never notes).
    if (organisationId !== principal.organisationId && principal.role === 'reporter') {
      return problemResponse(c, {
        type: problemType('forbidden'),
        title: 'Forbidden',
        status: 403,
        detail: 'Reporters see feedback on their own organisation only.',
      }) as never
    }
    try {
      if (q.to < q.from) throw new RangeError(`to (${q.to}) is before from (${q.from})`)
      const input = await feedbackInputFor(lagesbild.store, principal.tenantId, {
        organisationId,
        from: q.from,
        to: q.to,
        ...(q.asOf ? { asOf: q.asOf } : {}),
        ...(q.knownAt ? { knownAt: q.knownAt } : {}),
      })
      return jsonWithEtag(c, reporterFeedback(input)) as never
    } catch (error) {
      return readProblem(c, error) as never
    }
  })

  return app
}
