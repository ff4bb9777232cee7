import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * RFC 9457 problem details. `type` is a stable URI per kind of problem so that clients can branch
 * on it; `title` is the same for every occurrence of that type, `detail` explains this one.
 */
export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail?: string
  readonly instance?: string
  readonly errors?: readonly { readonly path: string; readonly message: string }[]
  readonly [extension: string]: unknown
}

const TYPE_BASE = 'https://lagesbild.se/problems/'

/** Builds the stable `type` URI for a problem slug such as `not-found`. */
export const problemType = (slug: string): string => `${TYPE_BASE}${slug}`

/** Sends a problem+json response. */
export const problemResponse = (c: Context, problem: Problem): Response =>
  c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json; charset=utf-8',
  })
