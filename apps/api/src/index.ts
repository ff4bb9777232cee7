/**
 * @lagesbild/api — the Hono HTTP application.
 */

// Application
export type { AppDeps } from './app.js'
export { createApp } from './app.js'

// Access
export type { Permission, TokenRole } from './auth/permissions.js'
export { can, TOKEN_ROLES } from './auth/permissions.js'
export type { Principal, TokenInfo } from './auth/token-store.js'
export { TokenStore } from './auth/token-store.js'
export type { RateChannel } from './http/cluster-rate-store.js'
export { answerRateRequests, ClusterRateStore } from './http/cluster-rate-store.js'
// HTTP plumbing
export type { CsvValue } from './http/csv.js'
export {
  insecurityCsv,
  measuresCsv,
  PICTURE_CSV_HEADER,
  pictureCsv,
  toCsv,
  trendCsv,
} from './http/csv.js'
export { placesGeoJson } from './http/geojson.js'
export { IdempotencyStore } from './http/idempotency.js'
export type { Problem } from './http/problem.js'
export { problemResponse, problemType } from './http/problem.js'
