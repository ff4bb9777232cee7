import { TOKEN_ROLES, type TokenRole } from '@lagesbild/api'
import { defineCommand } from 'citty'
import { UsageError } from '../errors.js'
import { apiStores, backendArgs, openFromEnv } from '../runtime.js'

const create = defineCommand({
  meta: {
    name: 'create',
    description:
      'Create a bearer token for one tenant, organisation and role. The token is printed once; only its hash is stored.\n\nExamples:\n  lagesbild token create --tenant mjolby --org police --role analyst\n  lagesbild token create --tenant demo --org municipality --role coordinator --label "dashboard"',
  },
  args: {
    tenant: {
      type: 'string',
      required: true,
      description: 'Tenant (municipality collaboration) id',
    },
    org: { type: 'string', required: true, description: 'Organisation id the token speaks for' },
    role: { type: 'string', required: true, description: `One of: ${TOKEN_ROLES.join(', ')}` },
    label: { type: 'string', description: 'A note on who or what uses the token' },
    ...backendArgs,
  },
  async run({ args }) {
    if (!(TOKEN_ROLES as readonly string[]).includes(args.role)) {
      throw new UsageError(`Unknown role '${args.role}'. Choose one of: ${TOKEN_ROLES.join(', ')}`)
    }
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(args.tenant)) {
      throw new UsageError('--tenant must be a slug: lower-case letters, digits and hyphens.')
    }
    const lagesbild = await openFromEnv(args['data-dir'], { background: false })
    try {
      const { tokens } = await apiStores(lagesbild)
      const { token, info } = await tokens.create({
        tenantId: args.tenant,
        organisationId: args.org,
        role: args.role as TokenRole,
        ...(args.label ? { label: args.label } : {}),
      })
      console.log(token)
      console.error(
        `token ${info.tokenId}: ${info.role} at ${info.organisationId} in ${info.tenantId}`,
      )
    } finally {
      await lagesbild.close()
    }
  },
})

const revoke = defineCommand({
  meta: {
    name: 'revoke',
    description:
      'Revoke a token by its id (see `lagesbild token list`).\n\nExample:\n  lagesbild token revoke 3f2a9c01b7de',
  },
  args: {
    id: { type: 'positional', required: true, description: 'Token id' },
    ...backendArgs,
  },
  async run({ args }) {
    const lagesbild = await openFromEnv(args['data-dir'], { background: false })
    try {
      const { tokens } = await apiStores(lagesbild)
      if (!(await tokens.revoke(args.id))) throw new Error(`No live token with id '${args.id}'.`)
      console.log(`revoked ${args.id}`)
    } finally {
      await lagesbild.close()
    }
  },
})

const list = defineCommand({
  meta: {
    name: 'list',
    description:
      'List tokens (ids, tenants, roles; never the secrets).\n\nExample:\n  lagesbild token list --tenant demo',
  },
  args: {
    tenant: { type: 'string', description: 'Only this tenant' },
    ...backendArgs,
  },
  async run({ args }) {
    const lagesbild = await openFromEnv(args['data-dir'], { background: false })
    try {
      const { tokens } = await apiStores(lagesbild)
      for (const t of await tokens.list(args.tenant)) {
        console.log(
          [
            t.tokenId,
            t.tenantId,
            t.organisationId,
            t.role,
            t.revokedAt ? 'revoked' : 'live',
            t.label,
          ].join('\t'),
        )
      }
    } finally {
      await lagesbild.close()
    }
  },
})

export const tokenCommand = defineCommand({
  meta: { name: 'token', description: 'Create, revoke and list API bearer tokens.' },
  subCommands: { create, revoke, list },
})
