/**
 * @lagesbild/api — the Hono HTTP application.
 */

// Application
export type { AppDeps } from './app.js'
export { createApp } from './app.js'

// Problem details (RFC 9457)
export type { Problem } from './http/problem.js'
export { problemResponse, problemType } from './http/problem.js'
