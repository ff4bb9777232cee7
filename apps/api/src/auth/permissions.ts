import type { Role } from '@lagesbild/domain'

/**
 * What a caller may do. Routes name one permission each; the matrix below is the single place
 * that says which role holds it, so the authorisation tests can walk it exhaustively.
 */
export type Permission =
  /** Aggregated reads: situation picture, trends, register, insecurity, alerts, feed. */
  | 'read'
  /** Reports: submit, correct and retract (own organisation only; checked again by the decider). */
  | 'report:write'
  /** Places, organisations, cadence, catalogue, measures' lifecycle, problems, survey waves. */
  | 'coordinate'
  /** Record a measure's evaluation. */
  | 'evaluate'
  /** Free-text notes of reports of other organisations. */
  | 'notes:read-all'
  /** Tokens and tenants. */
  | 'admin'

const MATRIX: Readonly<Record<Role, readonly Permission[]>> = {
  reporter: ['read', 'report:write'],
  coordinator: ['read', 'coordinate', 'notes:read-all'],
  analyst: ['read'],
  evaluator: ['read', 'evaluate'],
  admin: ['read', 'coordinate', 'evaluate', 'notes:read-all', 'admin'],
  // Importers act as `system`; no HTTP token can carry it.
  system: [],
}

/** Whether `role` holds `permission`. */
export const can = (role: Role, permission: Permission): boolean =>
  MATRIX[role].includes(permission)

/** The roles a bearer token may be created with (never `system`). */
export const TOKEN_ROLES = ['reporter', 'coordinator', 'analyst', 'evaluator', 'admin'] as const
export type TokenRole = (typeof TOKEN_ROLES)[number]
