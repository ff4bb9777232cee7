import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Lagesbild } from '@lagesbild/application'
import { DEFAULT_CATEGORY_CATALOGUE } from '@lagesbild/domain'
import {
  categoryCatalogue,
  officialFigures,
  placeTrend,
  situationPicture,
  sourceObservations,
  type TrendSource,
} from '@lagesbild/projections'
import {
  BRA_TOTAL_STATISTIC,
  POLICE_DELIVERY_STATISTICS,
  RECONCILIATION_LABELS,
} from '@lagesbild/public-sources'
import type { AuthEnv } from '../http/auth.js'
import { requirePermission } from '../http/auth.js'
import { jsonWithEtag } from '../http/etag.js'
import { problemResponse, problemType } from '../http/problem.js'
import { Instant, LocalDate, readErrors, TrendSources } from '../http/schemas.js'
import { validationHook } from '../http/validation.js'

const Loose = z.record(z.string(), z.unknown())

const pictureRoute = createRoute({
  method: 'get',
  path: '/situation-picture',
  tags: ['reads'],
  summary: 'The common situation picture (lägesbild) for a date, as known at an instant',
  description:
    'The reporting period containing `asOf`, per place × category counts with change against the previous period, the same period a year before and a 12-period baseline, harm-weighted counts, hot spots, area status and measures. `knownAt` (default now) reproduces the picture as it could be seen then; the response says how many late events changed it since.',
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      asOf: LocalDate,
      knownAt: Instant.optional(),
      area: z.string().max(100).optional(),
    }),
  },
  responses: {
    200: { description: 'The picture', content: { 'application/json': { schema: Loose } } },
    ...readErrors,
  },
})

const trendRoute = createRoute({
  method: 'get',
  path: '/places/{id}/trend',
  tags: ['reads'],
  summary: 'Report counts per bucket for a place or area (zero buckets included)',
  security: [{ bearer: [] }],
  request: {
    params: z.object({ id: z.string().min(1).max(100) }),
    query: z.object({
      from: LocalDate,
      to: LocalDate,
      bucket: z.enum(['period', 'month', 'quarter', 'year']).default('period'),
      categories: z
        .string()
        .max(2000)
        .optional()
        .meta({ description: 'Comma-separated category codes; each gets its own series' }),
      knownAt: Instant.optional(),
      scope: z.enum(['place', 'area']).default('place').meta({
        description: "'area' sums every place below the id",
      }),
      sources: TrendSources.optional(),
    }),
  },
  responses: {
    200: { description: 'The trend', content: { 'application/json': { schema: Loose } } },
    ...readErrors,
  },
})

const Year = z.coerce.number().int().min(1900).max(2200)

const officialRoute = createRoute({
  method: 'get',
  path: '/official-statistics',
  tags: ['reads'],
  summary: 'Official statistics (Brå reported crimes …) as published, as known at an instant',
  description:
    "Figures imported from public sources (`lagesbild import bra-indicators`), exactly as published: count and rate per 100,000 per geography and year, with the publisher, the source and how the publisher counts a year. For each figure the value recorded last by `knownAt` (default: all recorded). These are official figures, not partners' reports: they are never summed with the situation picture's counts.",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      area: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .meta({ description: 'A registered place id or the published geography name' }),
      statistic: z
        .string()
        .min(1)
        .max(100)
        .optional()
        .meta({ description: "Statistic id, e.g. 'totalt-antal-anmalda-brott'" }),
      publisher: z.string().min(1).max(100).optional(),
      from: Year.optional().meta({ description: 'First year (inclusive)' }),
      to: Year.optional().meta({ description: 'Last year (inclusive)' }),
      knownAt: Instant.optional(),
    }),
  },
  responses: {
    200: { description: 'The figures', content: { 'application/json': { schema: Loose } } },
    ...readErrors,
  },
})

const reconciliationRoute = createRoute({
  method: 'get',
  path: '/official-statistics/reconciliation',
  tags: ['reads'],
  summary:
    "The police delivery's yearly totals beside Brå's official count, labelled, never merged",
  description:
    "Per year: the crimes the police delivered for the municipality (by registration year, every row, of which local traffic codes) and Brå's official Totalt antal anmälda brott, each with its label, and their difference. They count different things (definitions and vintages differ, docs/public-sources.md); neither is adjusted. Needs both imports (`police-crimes` and `bra-indicators` with the municipality mapped to the same place).",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      area: z
        .string()
        .min(1)
        .max(200)
        .meta({ description: 'The municipality: its place id or its published name' }),
      from: Year.optional(),
      to: Year.optional(),
      knownAt: Instant.optional(),
    }),
  },
  responses: {
    200: { description: 'Both series', content: { 'application/json': { schema: Loose } } },
    ...readErrors,
  },
})

const categoriesRoute = createRoute({
  method: 'get',
  path: '/categories',
  tags: ['reads'],
  summary:
    "The tenant's category catalogue: codes, Swedish and English names, kind, group, harm weight",
  description:
    "As the tenant last set it (`CategoryCatalogueSet`), or the default catalogue a new tenant starts with (`source: 'default'`). Frontends use it to name categories; harm weights may be overridden per date by `HarmWeightsSet`.",
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'The catalogue', content: { 'application/json': { schema: Loose } } },
    ...readErrors,
  },
})

/** Read routes over the read models; never the event log. */
export function readRoutes(lagesbild: Lagesbild) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
  app.use('*', requirePermission('read'))

  app.openapi(pictureRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const q = c.req.valid('query')
    try {
      const picture = await situationPicture(lagesbild.store.db, {
        tenantId,
        asOf: q.asOf,
        ...(q.knownAt ? { knownAt: q.knownAt } : {}),
        ...(q.area ? { area: q.area } : {}),
      })
      // The police's published events of the period beside the partners' picture, labelled as
      // such (they are in the cells' counts too, under their own organisation).
      const policeEvents = await sourceObservations(lagesbild.store.db, tenantId, {
        source: 'police-events',
        from: picture.period.start,
        to: picture.period.end,
        knownAt: picture.knownAt,
        area: q.area ?? null,
      })
      return jsonWithEtag(
        c,
        { ...picture, policeEvents: { source: 'police-events', ...policeEvents } },
        q.knownAt ? {} : { volatile: ['knownAt'] },
      ) as never
    } catch (error) {
      if (error instanceof RangeError) {
        return problemResponse(c, {
          type: problemType('validation'),
          title: 'Invalid request',
          status: 400,
          detail: error.message,
        }) as never
      }
      throw error
    }
  })

  app.openapi(trendRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const { id } = c.req.valid('param')
    const q = c.req.valid('query')
    try {
      const categories = q.categories?.split(',').filter(Boolean)
      const sources = q.sources?.split(',') as TrendSource[] | undefined
      const trend = await placeTrend(lagesbild.store.db, tenantId, {
        ...(sources ? { sources } : {}),
        ...(q.scope === 'area' ? { area: id } : { placeId: id }),
        from: q.from,
        to: q.to,
        bucket: q.bucket,
        ...(categories?.length ? { categories } : {}),
        ...(q.knownAt ? { knownAt: q.knownAt } : {}),
      })
      return jsonWithEtag(c, trend, q.knownAt ? {} : { volatile: ['knownAt'] }) as never
    } catch (error) {
      if (error instanceof RangeError) {
        return problemResponse(c, {
          type: problemType('validation'),
          title: 'Invalid request',
          status: 400,
          detail: error.message,
        }) as never
      }
      throw error
    }
  })

  app.openapi(categoriesRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const own = await categoryCatalogue(lagesbild.store.db, tenantId)
    return jsonWithEtag(c, {
      tenantId,
      source: own ? 'tenant' : 'default',
      categories: own ?? DEFAULT_CATEGORY_CATALOGUE,
    }) as never
  })

  app.openapi(officialRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const q = c.req.valid('query')
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      return problemResponse(c, {
        type: problemType('validation'),
        title: 'Invalid request',
        status: 400,
        detail: `from (${q.from}) is after to (${q.to})`,
      }) as never
    }
    const figures = await officialFigures(lagesbild.store.db, tenantId, {
      ...(q.area ? { area: q.area } : {}),
      ...(q.statistic ? { statisticId: q.statistic } : {}),
      ...(q.publisher ? { publisher: q.publisher } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.knownAt ? { knownAt: q.knownAt } : {}),
    })
    return jsonWithEtag(c, {
      tenantId,
      knownAt: q.knownAt ?? null,
      kind: 'official-statistics',
      note: "Official figures as published by their publisher, not partners' reports: shown beside the situation picture, never summed with it.",
      figures,
    }) as never
  })

  app.openapi(reconciliationRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const q = c.req.valid('query')
    const base = {
      area: q.area,
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.knownAt ? { knownAt: q.knownAt } : {}),
    }
    const db = lagesbild.store.db
    const [police, local, bra] = await Promise.all([
      officialFigures(db, tenantId, { ...base, statisticId: POLICE_DELIVERY_STATISTICS.total }),
      officialFigures(db, tenantId, {
        ...base,
        statisticId: POLICE_DELIVERY_STATISTICS.localTrafficCodes,
      }),
      officialFigures(db, tenantId, {
        ...base,
        statisticId: BRA_TOTAL_STATISTIC,
        publisher: 'Brå',
      }),
    ])
    const byYear = (rows: typeof police) => new Map(rows.map((r) => [r.year, r.count]))
    const p = byYear(police)
    const l = byYear(local)
    const b = byYear(bra)
    const years = [...new Set([...p.keys(), ...b.keys()])].sort((x, y) => x - y)
    return jsonWithEtag(c, {
      tenantId,
      area: q.area,
      knownAt: q.knownAt ?? null,
      note: 'Two different counts, shown side by side and never merged: the police delivery counts crimes registered in a DeSO of the municipality by registration year, as delivered (including local traffic codes, which are not offences); Brå counts reported offences by its own rules, finalised later.',
      years: years.map((year) => {
        const pc = p.get(year) ?? null
        const bc = b.get(year) ?? null
        return {
          year,
          police: {
            label: RECONCILIATION_LABELS.police,
            count: pc,
            localTrafficCodes: l.get(year) ?? null,
          },
          bra: { label: RECONCILIATION_LABELS.bra, count: bc },
          difference: pc !== null && bc !== null ? pc - bc : null,
        }
      }),
    }) as never
  })

  return app
}
