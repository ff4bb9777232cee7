import type { Command } from '@lagesbild/domain'
import { isDomainError } from '@lagesbild/domain'
import { isWrongExpectedVersionError } from '@lagesbild/event-store'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Lagesbild, openLagesbild } from './index.js'

const coordinator = { organisationId: 'org-municipality', role: 'coordinator' as const }
const reporter = { organisationId: 'org-housing', role: 'reporter' as const }
const tenant = { tenantId: 'mjolby' }

const place = (
  placeId: string,
  level: 'municipality' | 'area' | 'place',
  parentId: string | null,
) =>
  ({
    type: 'RegisterPlace',
    data: {
      placeId,
      name: placeId,
      level,
      kind: level === 'municipality' ? 'municipality' : level === 'area' ? 'district' : 'park',
      parentId,
    },
  }) as Command

const report = (reportId: string, placeId: string, count = 2): Command =>
  ({
    type: 'SubmitReport',
    data: {
      reportId,
      reporterOrganisationId: 'org-housing',
      observations: [
        {
          observationId: 'o1',
          kind: 'disorder',
          categoryCode: 'graffiti',
          placeId,
          occurredOn: { precision: 'exact', date: '2024-03-10' },
          count,
          certainty: 'observed',
          policeReported: 'no',
        },
      ],
    },
  }) as Command

describe('commands through the store with inline read models (PGlite)', () => {
  let app: Lagesbild
  const countEvents = async () =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from events`.execute(app.store.db)).rows[0]?.n,
    )

  beforeAll(async () => {
    app = await openLagesbild(
      { options: { memory: true } },
      { background: false, now: () => new Date('2024-03-15T10:00:00Z') },
    )
    await app.execute(place('mjolby', 'municipality', null), { ...tenant, actor: coordinator })
    await app.execute(place('centrum', 'area', 'mjolby'), { ...tenant, actor: coordinator })
    await app.execute(place('gastisparken', 'place', 'centrum'), { ...tenant, actor: coordinator })
    for (const organisationId of ['org-municipality', 'org-housing']) {
      await app.execute(
        {
          type: 'RegisterOrganisation',
          data: { organisationId, name: organisationId, kind: 'housing-company' },
        } as Command,
        { ...tenant, actor: coordinator },
      )
    }
  })
  afterAll(async () => app?.close())

  it('appends a report and updates the registry-checked read models in the same transaction', async () => {
    const result = await app.execute(report('r1', 'gastisparken'), { ...tenant, actor: reporter })
    expect(result.streamId).toBe('report-r1')
    expect(result.streamVersion).toBe(1)
    expect(result.events[0]?.metadata.recordedAt).toBe('2024-03-15T10:00:00.000Z')
    // read-your-writes: the runner's checkpoint already covers the new event
    expect(await app.runner.checkpoint('registry')).toBe(BigInt(result.positions[0] ?? 0))
  })

  it('rejects an observation at an unknown place and writes nothing', async () => {
    const before = await countEvents()
    const error = await app
      .execute(report('r2', 'nowhere'), { ...tenant, actor: reporter })
      .catch((e: unknown) => e)
    expect(isDomainError(error) && error.code).toBe('unknown-place')
    expect(await countEvents()).toBe(before)
  })

  it('keeps tenants apart: a place of one tenant is unknown to another', async () => {
    const error = await app
      .execute(report('r3', 'gastisparken'), { tenantId: 'linkoping', actor: reporter })
      .catch((e: unknown) => e)
    expect(isDomainError(error)).toBe(true)
  })

  it('reports a stale If-Match version as a conflict and writes nothing', async () => {
    const before = await countEvents()
    const error = await app
      .execute(
        {
          type: 'RetractReport',
          data: { reportId: 'r1', reason: 'entered twice' },
        } as Command,
        { ...tenant, actor: reporter, expectedVersion: 7 },
      )
      .catch((e: unknown) => e)
    expect(isWrongExpectedVersionError(error)).toBe(true)
    expect(await countEvents()).toBe(before)
  })

  it('retries on fresh state when two writers race without If-Match', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'c'].map((id) =>
        app.execute(place(`p-${id}`, 'place', 'centrum'), { ...tenant, actor: coordinator }),
      ),
    )
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true)
  })
})
