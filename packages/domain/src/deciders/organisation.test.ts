import { describe, it } from 'vitest'
import { specFor } from '../testing/decider-spec.js'
import { organisationDecider } from './organisation.js'

const given = specFor(organisationDecider)

const data = {
  organisationId: 'org-culture',
  name: 'Kultur och fritid',
  kind: 'municipal-function',
  parentId: 'org-municipality',
} as const
const register = { type: 'RegisterOrganisation', data } as const

describe('RegisterOrganisation', () => {
  it('registers a partner organisation', () => {
    given([])
      .when(register)
      .then([{ type: 'OrganisationRegistered', data }])
  })
  it('refuses registering twice', () => {
    given([{ type: 'OrganisationRegistered', data }])
      .when(register)
      .thenThrows('stream-exists')
  })
  it('refuses an unknown parent organisation', () => {
    given([])
      .when({ type: 'RegisterOrganisation', data: { ...data, parentId: 'org-x' } })
      .thenThrows('unknown-organisation')
  })
  it('refuses a reporter', () => {
    given([])
      .when(register, { actor: { organisationId: 'org-housing', role: 'reporter' } })
      .thenThrows('forbidden')
  })
})
