import { z } from 'zod'
import {
  OrganisationRegisteredData,
  type OrganisationRegistered as OrganisationRegisteredEvent,
} from '../events/organisation.js'
import {
  type DecideContext,
  type Decider,
  defineCommand,
  emit,
  requireKnown,
  requireNoPersonalIdentityNumber,
  requireRole,
  streamExists,
} from './context.js'

/** Register a partner organisation (a reporting function, the police, a housing company…). */
export const RegisterOrganisation = defineCommand(
  'RegisterOrganisation',
  OrganisationRegisteredData,
)
export type RegisterOrganisation = z.infer<typeof RegisterOrganisation>

export const OrganisationCommand = z
  .discriminatedUnion('type', [RegisterOrganisation])
  .meta({ id: 'OrganisationCommand' })
export type OrganisationCommand = z.infer<typeof OrganisationCommand>

export type OrganisationEvent = OrganisationRegisteredEvent

export type OrganisationState =
  | { readonly status: 'absent' }
  | { readonly status: 'registered'; readonly organisation: OrganisationRegisteredData }

const decide = (
  command: OrganisationCommand,
  state: OrganisationState,
  context: DecideContext,
): OrganisationEvent[] => {
  requireRole(context, ['admin', 'coordinator', 'system'], 'register organisations')
  const { data } = command
  if (state.status !== 'absent') throw streamExists('Organisation', data.organisationId)
  if (data.parentId !== undefined) {
    requireKnown(
      context.registry.organisations,
      [data.parentId],
      'unknown-organisation',
      'parentId',
    )
  }
  requireNoPersonalIdentityNumber(data)
  return [emit('OrganisationRegistered', data, context)]
}

/**
 * The organisation aggregate (stream `organisation-<organisationId>`).
 * @throws DomainError forbidden, stream-exists, unknown-organisation, personal-identity-number
 * @example organisationDecider.decide({ type: 'RegisterOrganisation', data }, state, context)
 */
export const organisationDecider: Decider<
  OrganisationState,
  OrganisationCommand,
  OrganisationEvent
> = {
  initialState: () => ({ status: 'absent' }),
  evolve: (_state, event) => ({ status: 'registered', organisation: event.data }),
  decide,
}
