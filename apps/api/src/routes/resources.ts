import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Lagesbild } from '@lagesbild/application'
import {
  AnalyseProblem,
  CancelMeasure,
  ChangePlace,
  CloseProblem,
  Command,
  type CommandType,
  CompleteMeasure,
  CorrectObservation,
  DecideMeasure,
  EvaluateMeasure,
  IdentifyProblem,
  ImportSurveyWave,
  ProposeMeasure,
  RegisterOrganisation,
  RegisterPlace,
  RetractReport,
  SetReportingCadence,
  StartMeasure,
  SubmitReport,
} from '@lagesbild/domain'
import type { AuthEnv } from '../http/auth.js'
import type { IdempotencyStore } from '../http/idempotency.js'
import { problemResponse, problemType } from '../http/problem.js'
import { problemContent } from '../http/schemas.js'
import { validationHook } from '../http/validation.js'
import { CommandAccepted, executeCommand, WriteHeaders } from './v1.js'

/** A command schema as the domain defines it: `{ type, data }` with an object `data`. */
type CommandSchema = { readonly shape: { readonly data: z.ZodObject } }

/** One resource-style write: which command it is, and which data field the path's `{id}` fills. */
export interface WriteAlias {
  readonly method: 'post' | 'patch'
  readonly path: string
  readonly command: CommandType
  readonly schema: CommandSchema
  readonly idField?: string
  readonly summary: string
}

/**
 * The resource-style writes. Each maps onto exactly one command and runs through the same
 * executor as POST /v1/commands (permission, Idempotency-Key, If-Match, decider).
 */
export const WRITE_ALIASES: readonly WriteAlias[] = [
  {
    method: 'post',
    path: '/places',
    command: 'RegisterPlace',
    schema: RegisterPlace,
    summary: 'Register a place',
  },
  {
    method: 'patch',
    path: '/places/{id}',
    command: 'ChangePlace',
    schema: ChangePlace,
    idField: 'placeId',
    summary: 'Change a place (name, parent, neighbours, retirement …)',
  },
  {
    method: 'post',
    path: '/organisations',
    command: 'RegisterOrganisation',
    schema: RegisterOrganisation,
    summary: 'Register a partner organisation',
  },
  {
    method: 'post',
    path: '/cadence',
    command: 'SetReportingCadence',
    schema: SetReportingCadence,
    summary: 'Set the reporting cadence from a date on',
  },
  {
    method: 'post',
    path: '/reports',
    command: 'SubmitReport',
    schema: SubmitReport,
    summary: 'Submit a report',
  },
  {
    method: 'post',
    path: '/reports/{id}/corrections',
    command: 'CorrectObservation',
    schema: CorrectObservation,
    idField: 'reportId',
    summary: 'Correct one observation of a report',
  },
  {
    method: 'post',
    path: '/reports/{id}/retraction',
    command: 'RetractReport',
    schema: RetractReport,
    idField: 'reportId',
    summary: 'Retract a report',
  },
  {
    method: 'post',
    path: '/problems',
    command: 'IdentifyProblem',
    schema: IdentifyProblem,
    summary: 'Identify a problem',
  },
  {
    method: 'post',
    path: '/problems/{id}/analysis',
    command: 'AnalyseProblem',
    schema: AnalyseProblem,
    idField: 'problemId',
    summary: 'Record a problem analysis',
  },
  {
    method: 'post',
    path: '/problems/{id}/closure',
    command: 'CloseProblem',
    schema: CloseProblem,
    idField: 'problemId',
    summary: 'Close a problem',
  },
  {
    method: 'post',
    path: '/measures',
    command: 'ProposeMeasure',
    schema: ProposeMeasure,
    summary: 'Propose a measure',
  },
  {
    method: 'post',
    path: '/measures/{id}/decision',
    command: 'DecideMeasure',
    schema: DecideMeasure,
    idField: 'measureId',
    summary: 'Decide a measure',
  },
  {
    method: 'post',
    path: '/measures/{id}/start',
    command: 'StartMeasure',
    schema: StartMeasure,
    idField: 'measureId',
    summary: 'Start a measure',
  },
  {
    method: 'post',
    path: '/measures/{id}/completion',
    command: 'CompleteMeasure',
    schema: CompleteMeasure,
    idField: 'measureId',
    summary: 'Complete a measure',
  },
  {
    method: 'post',
    path: '/measures/{id}/cancellation',
    command: 'CancelMeasure',
    schema: CancelMeasure,
    idField: 'measureId',
    summary: 'Cancel a measure',
  },
  {
    method: 'post',
    path: '/measures/{id}/evaluation',
    command: 'EvaluateMeasure',
    schema: EvaluateMeasure,
    idField: 'measureId',
    summary: 'Record a measure evaluation',
  },
  {
    method: 'post',
    path: '/survey-waves',
    command: 'ImportSurveyWave',
    schema: ImportSurveyWave,
    summary: 'Import a survey wave (JSON)',
  },
]

/** Resource-style aliases of POST /v1/commands. */
export function resourceRoutes(lagesbild: Lagesbild, idempotency: IdempotencyStore) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
  for (const alias of WRITE_ALIASES) {
    const data = alias.schema.shape.data
    const body = alias.idField ? data.omit({ [alias.idField]: true } as never) : data
    const route = createRoute({
      method: alias.method,
      path: alias.path,
      tags: ['writes'],
      summary: alias.summary,
      description: `Runs the command \`${alias.command}\`${alias.idField ? ` with \`${alias.idField}\` from the path` : ''}; the body is its \`data\`. Same checks as POST /v1/commands.`,
      security: [{ bearer: [] }],
      request: {
        headers: WriteHeaders,
        ...(alias.idField ? { params: z.object({ id: z.string().min(1).max(100) }) } : {}),
        body: { required: true, content: { 'application/json': { schema: body } } },
      },
      responses: {
        201: {
          description: 'Appended',
          content: { 'application/json': { schema: CommandAccepted } },
        },
        400: { description: 'Invalid request', content: problemContent },
        401: { description: 'No valid token', content: problemContent },
        403: { description: 'Role may not run this command', content: problemContent },
        404: { description: 'Unknown resource', content: problemContent },
        409: { description: 'Conflict', content: problemContent },
        412: { description: 'If-Match version is stale', content: problemContent },
        422: { description: 'A business rule was broken', content: problemContent },
        429: { description: 'Rate limit exceeded', content: problemContent },
      },
    })
    app.openapi(route, async (c) => {
      const valid = c.req.valid.bind(c.req) as (target: string) => Record<string, unknown>
      const fields = valid('json')
      const id = alias.idField ? (valid('param').id as string) : undefined
      // The path id is checked by the domain's own schema, like every other field.
      const parsed = Command.safeParse({
        type: alias.command,
        data: alias.idField ? { ...fields, [alias.idField]: id } : fields,
      })
      if (!parsed.success) {
        // Paths as the client wrote them: the body's fields under `json`, the id under `param`.
        return problemResponse(c, {
          type: problemType('validation'),
          title: 'Invalid request',
          status: 400,
          detail: 'The request does not match the schema.',
          errors: parsed.error.issues.map((issue) => {
            const [, field, ...rest] = issue.path.map(String)
            return {
              path:
                field === alias.idField
                  ? 'param.id'
                  : ['json', ...(field === undefined ? [] : [field]), ...rest].join('.'),
              message: issue.message,
            }
          }),
        }) as never
      }
      return (await executeCommand(
        c as never,
        lagesbild,
        idempotency,
        parsed.data,
        valid('header') as { 'idempotency-key'?: string; 'if-match'?: string },
      )) as never
    })
  }
  return app
}
