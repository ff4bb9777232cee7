import { DEFAULT_CATEGORY_CATALOGUE, type Registry } from '@lagesbild/domain'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: read models are declared in SQL
type Db = Kysely<any>

/**
 * Loads a tenant's registry for the deciders. A tenant that never set a catalogue uses the
 * seeded default catalogue (DOMAIN.md's categories).
 *
 * @param db the database or the command's transaction
 * @param tenantId whose registry
 */
export async function loadRegistry(db: Db, tenantId: string): Promise<Registry> {
  const { rows } = await sql<{ kind: string; id: string }>`
    select kind, id from registry where tenant_id = ${tenantId} and active`.execute(db)
  const sets: Record<string, Set<string>> = {
    place: new Set(),
    organisation: new Set(),
    category: new Set(),
    problem: new Set(),
  }
  let catalogueSet = false
  for (const row of rows) sets[row.kind]?.add(row.id)
  const { rows: anyCategory } = await sql<{ n: number }>`
    select 1 as n from registry where tenant_id = ${tenantId} and kind = 'category' limit 1`.execute(
    db,
  )
  catalogueSet = anyCategory.length > 0
  const categories = catalogueSet
    ? (sets.category as Set<string>)
    : new Set(DEFAULT_CATEGORY_CATALOGUE.filter((c) => c.active).map((c) => c.code))
  return {
    places: sets.place as Set<string>,
    organisations: sets.organisation as Set<string>,
    categories,
    problems: sets.problem as Set<string>,
  }
}
