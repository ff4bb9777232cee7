import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { CommandResult, Lagesbild } from '@lagesbild/application'
import { Command, type CommandType } from '@lagesbild/domain'
import type { StoredEvent } from '@lagesbild/event-store'
import type { Context } from 'hono'
import { can, type Permission } from '../auth/permissions.js'
import type { Principal } from '../auth/token-store.js'
import type { AuthEnv } from '../http/auth.js'
import { problemFor } from '../http/errors.js'
import { type IdempotencyClaim, IdempotencyStore } from '../http/idempotency.js'
import { problemResponse, problemType } from '../http/problem.js'
import { problemContent } from '../http/schemas.js'
import { validationHook } from '../http/validation.js'

/** Which permission each command needs; the decider checks ownership on top. */
export const COMMAND_PERMISSION: Readonly<Record<CommandType, Permission>> = {
  RegisterPlace: 'coordinate',
  ChangePlace: 'coordinate',
  RegisterOrganisation: 'coordinate',
  SetReportingCadence: 'coordinate',
  SetCategoryCatalogue: 'coordinate',
  SetHarmWeights: 'coordinate',
  SetStatusRule: 'coordinate',
  SetAssessmentScale: 'coordinate',
  SubmitReport: 'report:write',
  CorrectObservation: 'report:write',
  RetractReport: 'report:write',
  IdentifyProblem: 'coordinate',
  AnalyseProblem: 'coordinate',
  CloseProblem: 'coordinate',
  ProposeMeasure: 'coordinate',
  DecideMeasure: 'coordinate',
  StartMeasure: 'coordinate',
  CompleteMeasure: 'coordinate',
  CancelMeasure: 'coordinate',
  EvaluateMeasure: 'evaluate',
  ImportSurveyWave: 'coordinate',
}

/** The write headers every command route accepts. */
export const WriteHeaders = z.object({
  'idempotency-key': z.string().min(1).max(200).optional(),
  'if-match': z.string().max(20).optional(),
})

export const CommandAccepted = z
  .object({
    streamId: z.string(),
    streamVersion: z.number().int(),
    events: z.array(z.object({ eventId: z.string(), type: z.string(), position: z.number() })),
  })
  .meta({ id: 'CommandAccepted' })

const commandRoute = createRoute({
  method: 'post',
  path: '/commands',
  tags: ['writes'],
  summary: 'Run a command (submit a report, start a measure, register a place, …)',
  description:
    'The one write endpoint: the body is a domain command discriminated by `type`. Send `Idempotency-Key` to make retries safe and `If-Match: "<version>"` to update only the version you read.',
  security: [{ bearer: [] }],
  request: {
    headers: WriteHeaders,
    body: { required: true, content: { 'application/json': { schema: Command } } },
  },
  responses: {
    201: { description: 'Appended', content: { 'application/json': { schema: CommandAccepted } } },
    400: { description: 'Invalid request', content: problemContent },
    401: { description: 'No valid token', content: problemContent },
    403: { description: 'Role may not run this command', content: problemContent },
    409: { description: 'Conflict', content: problemContent },
    412: { description: 'If-Match version is stale', content: problemContent },
    422: { description: 'A business rule was broken', content: problemContent },
  },
})

const FeedEvent = z
  .object({
    position: z.number(),
    streamId: z.string(),
    streamVersion: z.number(),
    eventId: z.string(),
    type: z.string(),
    recordedAt: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'FeedEvent' })

const feedRoute = createRoute({
  method: 'get',
  path: '/events',
  tags: ['integrations'],
  summary: "The tenant's event feed, in global order",
  description:
    'Catch-up feed for integrations: pass the last `position` you processed as `after`. Free-text notes of other organisations are removed unless the token may read them.',
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      after: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: {
    200: {
      description: 'Events after `after`',
      content: { 'application/json': { schema: z.object({ events: z.array(FeedEvent) }) } },
    },
    401: { description: 'No valid token', content: problemContent },
  },
})

/** Drops free-text notes the caller may not read: reports are aggregated for everyone else. */
function redactNotes(event: StoredEvent, principal: Principal): Record<string, unknown> {
  const data = event.data as Record<string, unknown>
  if (can(principal.role, 'notes:read-all')) return data
  if (event.type !== 'ReportSubmitted' && event.type !== 'ObservationCorrected') return data
  const own =
    (event.metadata as { actor?: { organisationId?: string } }).actor?.organisationId ===
    principal.organisationId
  if (own) return data
  const strip = (o: Record<string, unknown>) => {
    const { note: _note, ...rest } = o
    return rest
  }
  const out = strip(data)
  if (Array.isArray(data.observations)) {
    out.observations = (data.observations as Record<string, unknown>[]).map(strip)
  }
  if (data.observation && typeof data.observation === 'object') {
    out.observation = strip(data.observation as Record<string, unknown>)
  }
  return out
}

const parseIfMatch = (value: string | undefined): number | undefined | 'invalid' => {
  if (value === undefined) return undefined
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(value.trim())
  return m ? Number(m[1]) : 'invalid'
}

/**
 * Runs one command for the caller: the role's permission, If-Match, Idempotency-Key, the
 * decider, and the mapping of its errors. Every write route ends here, so a resource-style alias
 * cannot differ from POST /v1/commands in what it checks.
 *
 * @param c the request context (its principal gives tenant and actor)
 * @param command a command already validated against the domain's schema
 * @param headers the Idempotency-Key and If-Match headers
 * @returns 201 with the appended events, or a problem+json response
 * @throws the handler's unexpected errors (mapped to 500 by app.onError)
 */
export async function executeCommand(
  c: Context<AuthEnv>,
  lagesbild: Lagesbild,
  idempotency: IdempotencyStore,
  command: Command,
  headers: {
    readonly 'idempotency-key'?: string | undefined
    readonly 'if-match'?: string | undefined
  },
): Promise<Response> {
  const principal = c.get('principal')
  const permission = COMMAND_PERMISSION[command.type]
  if (!can(principal.role, permission)) {
    return problemResponse(c, {
      type: problemType('forbidden'),
      title: 'Forbidden',
      status: 403,
      detail: `The role '${principal.role}' may not run ${command.type}.`,
    })
  }
  const expectedVersion = parseIfMatch(headers['if-match'])
  if (expectedVersion === 'invalid') {
    return problemResponse(c, {
      type: problemType('validation'),
      title: 'Invalid request',
      status: 400,
      detail: 'If-Match must be a stream version such as "3".',
    })
  }
  const key = headers['idempotency-key']
  // Hashed on the command, not the path: an alias and /v1/commands carrying the same command
  // are the same request.
  const hash = key
    ? IdempotencyStore.requestHash('POST', '/v1/commands', JSON.stringify(command))
    : ''
  const answered = (claim: IdempotencyClaim): Response =>
    claim.kind === 'replay'
      ? c.body(claim.response.body, claim.response.status as 201, {
          'content-type': 'application/json',
          'idempotent-replayed': 'true',
        })
      : problemResponse(c, {
          type: problemType(
            claim.kind === 'mismatch' ? 'idempotency-key-reused' : 'idempotency-in-progress',
          ),
          title: claim.kind === 'mismatch' ? 'Idempotency key reused' : 'Request in progress',
          status: claim.kind === 'mismatch' ? 422 : 409,
          detail:
            claim.kind === 'mismatch'
              ? 'This Idempotency-Key was used for a different request.'
              : 'A request with this Idempotency-Key is still running; retry shortly.',
        })
  if (key) {
    // A retry of a completed request is answered without opening a write transaction.
    const done = await idempotency.lookup(principal.tenantId, key, hash)
    if (done) return answered(done)
  }
  const bodyOf = (result: CommandResult) => ({
    streamId: result.streamId,
    streamVersion: result.streamVersion,
    events: result.events.map((e, i) => ({
      eventId: e.metadata.eventId,
      type: e.type,
      position: result.positions[i] ?? 0,
    })),
  })
  try {
    const result = await lagesbild.execute(command, {
      tenantId: principal.tenantId,
      actor: { organisationId: principal.organisationId, role: principal.role },
      correlationId: c.get('requestId' as never) ?? crypto.randomUUID(),
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
      ...(key
        ? {
            // Claim, events and stored answer commit together (see IdempotencyStore).
            before: async (db) => {
              const claim = await idempotency.claimIn(db, principal.tenantId, key, hash)
              if (claim.kind !== 'new') throw new IdempotentAnswer(claim)
            },
            after: (db, result) =>
              idempotency.completeIn(db, principal.tenantId, key, {
                status: 201,
                body: JSON.stringify(bodyOf(result)),
              }),
          }
        : {}),
    })
    c.header('ETag', `"${result.streamVersion}"`)
    return c.json(bodyOf(result), 201)
  } catch (error) {
    if (error instanceof IdempotentAnswer) return answered(error.claim)
    const problem = problemFor(error, expectedVersion !== undefined)
    if (problem.status === 500) throw error
    return problemResponse(c, problem)
  }
}

/** Thrown inside the command's transaction when the key was already answered: nothing is written. */
class IdempotentAnswer extends Error {
  readonly claim: IdempotencyClaim
  constructor(claim: IdempotencyClaim) {
    super('idempotency key already answered')
    this.claim = claim
  }
}

/**
 * The /v1 API. Tenant and actor always come from the token.
 */
export function v1Routes(lagesbild: Lagesbild, idempotency: IdempotencyStore) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })

  app.openapi(commandRoute, async (c) => {
    const command = c.req.valid('json')
    const headers = c.req.valid('header')
    return (await executeCommand(c, lagesbild, idempotency, command, headers)) as never
  })

  app.openapi(feedRoute, async (c) => {
    const principal = c.get('principal')
    const { after, limit } = c.req.valid('query')
    const events = await lagesbild.store.readAll({ tenantId: principal.tenantId, after, limit })
    return c.json(
      {
        events: events.map((e) => ({
          position: e.globalPosition,
          streamId: e.streamId,
          streamVersion: e.streamVersion,
          eventId: e.eventId,
          type: e.type,
          recordedAt: e.recordedAt,
          data: redactNotes(e, principal),
        })),
      },
      200,
    )
  })

  return app
}
