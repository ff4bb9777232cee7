import type { ReadModelProjection } from '@lagesbild/projections'
import { sql } from 'kysely'

/**
 * The registry: which places, organisations, categories and problems a tenant has, and whether
 * they still accept references. Deciders need these cross-stream facts (an observation must name
 * a known place and an active category); keeping them in a small table kept inline with every
 * write means a command never reads other streams.
 */
export const registryProjection: ReadModelProjection = {
  name: 'registry',
  // The cases of `apply`'s switch: a rebuild then reads these few events, not the whole log.
  eventTypes: [
    'PlaceRegistered',
    'PlaceChanged',
    'OrganisationRegistered',
    'CategoryCatalogueSet',
    'ProblemIdentified',
    'ProblemClosed',
  ],
  createTables: async (db, suffix) => {
    await sql`
      create table if not exists ${sql.raw(`registry${suffix}`)} (
        tenant_id text not null,
        kind text not null,
        id text not null,
        active boolean not null,
        primary key (tenant_id, kind, id)
      )`.execute(db)
  },
  createIndexes: async () => {},
  dropTables: async (db, suffix) => {
    await sql`drop table if exists ${sql.raw(`registry${suffix}`)}`.execute(db)
  },
  swapTables: async (db, suffix) => {
    await sql`drop table if exists registry`.execute(db)
    await sql`alter table ${sql.raw(`registry${suffix}`)} rename to registry`.execute(db)
    await sql`alter index if exists ${sql.raw(`registry${suffix}_pkey`)} rename to registry_pkey`.execute(
      db,
    )
  },
  lockTables: async (db) => {
    await sql`lock table registry in exclusive mode`.execute(db)
  },
  apply: async (tx, events, suffix) => {
    const table = sql.raw(`registry${suffix}`)
    const upsert = (tenantId: string, kind: string, id: string, active: boolean) =>
      sql`insert into ${table} (tenant_id, kind, id, active) values (${tenantId}, ${kind}, ${id}, ${active})
          on conflict (tenant_id, kind, id) do update set active = excluded.active`.execute(tx)
    for (const event of events) {
      const data = event.data as Record<string, unknown>
      switch (event.type) {
        case 'PlaceRegistered':
          await upsert(event.metadata.tenantId, 'place', String(data.placeId), true)
          break
        case 'PlaceChanged':
          if (typeof data.retired === 'boolean') {
            await upsert(event.metadata.tenantId, 'place', String(data.placeId), !data.retired)
          }
          break
        case 'OrganisationRegistered':
          await upsert(event.metadata.tenantId, 'organisation', String(data.organisationId), true)
          break
        case 'CategoryCatalogueSet': {
          // A catalogue replaces the previous one: codes it leaves out stop accepting reports.
          await sql`update ${table} set active = false where tenant_id = ${event.metadata.tenantId} and kind = 'category'`.execute(
            tx,
          )
          for (const category of data.categories as { code: string; active: boolean }[]) {
            await upsert(event.metadata.tenantId, 'category', category.code, category.active)
          }
          break
        }
        case 'ProblemIdentified':
          await upsert(event.metadata.tenantId, 'problem', String(data.problemId), true)
          break
        case 'ProblemClosed':
          await upsert(event.metadata.tenantId, 'problem', String(data.problemId), false)
          break
      }
    }
  },
}
