import { z } from 'zod'
import { EntityId } from '../values.js'
import { defineEvent } from './metadata.js'

/** The partner types in EST collaborations. */
export const OrganisationKind = z
  .enum([
    'municipality',
    'municipal-function',
    'housing-company',
    'police',
    'rescue-service',
    'school',
    'business',
    'other',
  ])
  .meta({ id: 'OrganisationKind' })
export type OrganisationKind = z.infer<typeof OrganisationKind>

export const OrganisationRegisteredData = z
  .object({
    organisationId: EntityId,
    name: z.string().trim().min(1).max(200),
    kind: OrganisationKind,
    /** e.g. a municipal function's municipality. */
    parentId: EntityId.optional(),
  })
  .meta({ id: 'OrganisationRegisteredData' })
export type OrganisationRegisteredData = z.infer<typeof OrganisationRegisteredData>

export const OrganisationRegistered = defineEvent(
  'OrganisationRegistered',
  OrganisationRegisteredData,
)
export type OrganisationRegistered = z.infer<typeof OrganisationRegistered>
