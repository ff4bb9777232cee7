import { sql } from 'kysely'
import type { Db } from '../log.js'

/** One category of a tenant's catalogue, as the tenant last set it. */
export interface CatalogueCategory {
  readonly code: string
  readonly labelSv: string
  readonly labelEn: string
  readonly kind: string
  readonly group: string
  readonly harmWeight: number
  readonly active: boolean
}

/**
 * The tenant's category catalogue from its last `CategoryCatalogueSet` (kept by the situation
 * picture's config table), or undefined when the tenant never set one and the default applies.
 * @example const mine = await categoryCatalogue(db, 'mjolby')
 */
export const categoryCatalogue = async (
  db: Db,
  tenantId: string,
): Promise<readonly CatalogueCategory[] | undefined> => {
  const r = await sql<{ data: unknown }>`select data from sp_config
    where tenant_id = ${tenantId} and type = 'CategoryCatalogueSet'
    order by position desc limit 1`.execute(db)
  const row = r.rows[0]
  if (!row) return undefined
  const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as {
    categories: CatalogueCategory[]
  }
  return data.categories
}
