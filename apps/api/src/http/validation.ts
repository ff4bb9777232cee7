import type { Hook } from '@hono/zod-openapi'
import { problemResponse, problemType } from './problem.js'

/**
 * Turns request validation failures into RFC 9457 problem+json with the failing fields' paths,
 * instead of @hono/zod-openapi's raw ZodError JSON.
 */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by every route
export const validationHook: Hook<any, any, any, any> = (result, c) => {
  if (result.success) return
  return problemResponse(c, {
    type: problemType('validation'),
    title: 'Invalid request',
    status: 400,
    detail: `The ${result.target} does not match the schema.`,
    errors: result.error.issues.map((issue) => ({
      path: [result.target, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  })
}
