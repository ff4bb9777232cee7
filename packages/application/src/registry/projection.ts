import type { ReadModelProjection } from '@lagesbild/projections'
import { sql } from 'kysely'

interface RegistryWrites {
  readonly upsert: (tenantId: string, kind: string, id: string, active: boolean) => Promise<void>
  /** Marks every category of the tenant inactive. */
  readonly clearCategories: (tenantId: string) => Promise<void>
}

type Handler = (w: RegistryWrites, tenantId: string, data: Record<string, unknown>) => Promise<void>

/** What each event type changes in the registry; other events leave it alone. */
const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  [
    'PlaceRegistered',
    (w, tenantId, data) => w.upsert(tenantId, 'place', String(data.placeId), true),
  ],
  [
    'PlaceChanged',
    async (w, tenantId, data) => {
      if (typeof data.retired === 'boolean') {
        await w.upsert(tenantId, 'place', String(data.placeId), !data.retired)
      }
    },
  ],
  [
    'OrganisationRegistered',
    (w, tenantId, data) => w.upsert(tenantId, 'organisation', String(data.organisationId), true),
  ],
  [
    // A catalogue replaces the previous one: codes it leaves out stop accepting reports.
    'CategoryCatalogueSet',
    async (w, tenantId, data) => {
      await w.clearCategories(tenantId)
      for (const category of data.categories as { code: string; active: boolean }[]) {
        await w.upsert(tenantId, 'category', category.code, category.active)
      }
    },
  ],
  [
    'ProblemIdentified',
    (w, tenantId, data) => w.upsert(tenantId, 'problem', String(data.problemId), true),
  ],
  [
    'ProblemClosed',
    (w, tenantId, data) => w.upsert(tenantId, 'problem', String(data.problemId), false),
  ],
])

/**
 * The registry: which places, organisations, categories and problems a tenant has, and whether
 * they still accept references. Deciders need these cross-stream facts (an observation must name
 * a known place and an active category); keeping them in a small table kept inline with every
 * write means a command never reads other streams.
 */
export const registryProjection: ReadModelProjection = {
  name: 'registry',
  // The types with a handler: a rebuild then reads these few events, not the whole log.
  eventTypes: [...HANDLERS.keys()],
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
    const upsert = async (tenantId: string, kind: string, id: string, active: boolean) => {
      await sql`insert into ${table} (tenant_id, kind, id, active) values (${tenantId}, ${kind}, ${id}, ${active})
          on conflict (tenant_id, kind, id) do update set active = excluded.active`.execute(tx)
    }
    const clearCategories = async (tenantId: string) => {
      await sql`update ${table} set active = false where tenant_id = ${tenantId} and kind = 'category'`.execute(
        tx,
      )
    }
    for (const event of events) {
      await HANDLERS.get(event.type)?.(
        { upsert, clearCategories },
        event.metadata.tenantId,
        event.data as Record<string, unknown>,
      )
    }
  },
}
