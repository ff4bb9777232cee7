import { type Lagesbild, openLagesbild } from '@lagesbild/application'
import {
  createThrowawayDatabase,
  postgresSkipReason,
  type ThrowawayDatabase,
} from '@lagesbild/event-store/testing'
import { situationPicture } from '@lagesbild/projections'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isUsageError } from '../errors.js'
import { apiStores } from '../runtime.js'
import { seedDemo } from './demo.js'
import { copyDeployment } from './migrate-to.js'

const skip = await postgresSkipReason()

// The move an embedded deployment makes when it outgrows one process: the demo on PGlite,
// copied into an empty PostgreSQL database, must answer exactly as before.
describe.skipIf(skip)('migrate-to: PGlite → PostgreSQL', () => {
  let source: Lagesbild
  let target: Lagesbild
  let db: ThrowawayDatabase
  let token: string

  beforeAll(async () => {
    source = await openLagesbild({ options: { memory: true } }, { background: false })
    await seedDemo(source)
    const { tokens } = await apiStores(source)
    token = (await tokens.create({ tenantId: 'demo', organisationId: 'police', role: 'analyst' }))
      .token
    await source.store.saveCheckpoint('integration:bi-export', 700)
    db = await createThrowawayDatabase()
    target = await openLagesbild({ options: { databaseUrl: db.url } }, { background: false })
  }, 180_000)
  afterAll(async () => {
    await target?.close()
    await source?.close()
    await db?.drop()
  })

  it('copies events, tokens and subscriber checkpoints, and rebuilds equal read models', async () => {
    const report = await copyDeployment(source, target)
    const all = await source.store.readAll({ limit: 100_000 })
    expect(report.events).toBe(all.length)
    expect(await target.store.readAll({ limit: 100_000 })).toEqual(all)
    // The same token authenticates on the target: its hash travelled, not a new secret.
    const { tokens } = await apiStores(target)
    expect((await tokens.authenticate(token))?.organisationId).toBe('police')
    expect(await target.store.getCheckpoint('integration:bi-export')).toBe(700)
    for (const asOf of ['2021-05-10', '2023-08-20', '2025-03-03']) {
      const query = { tenantId: 'demo', asOf, knownAt: '2025-12-31T00:00:00Z' }
      expect(await situationPicture(target.store.db, query)).toEqual(
        await situationPicture(source.store.db, query),
      )
    }
  })

  it('continues positions after the copied ones, and refuses to fill a non-empty target', async () => {
    const head = (await source.store.readAll({ limit: 100_000 })).at(-1)?.globalPosition ?? 0
    const next = await target.execute(
      {
        type: 'RegisterOrganisation',
        data: { organisationId: 'new-org', name: 'Ny', kind: 'other' },
      } as never,
      { tenantId: 'demo', actor: { organisationId: 'municipality', role: 'admin' } },
    )
    expect(next.positions[0]).toBeGreaterThan(head)
    const again = await copyDeployment(source, target).catch((e: unknown) => e)
    expect(isUsageError(again)).toBe(true)
  })
})
