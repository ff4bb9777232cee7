import { type Category, DEFAULT_CATEGORY_CATALOGUE } from '@lagesbild/domain'
import type { EventStore } from '@lagesbild/event-store'
import type { TenantRegistry } from './formats/format.js'

/**
 * The tenant's places, organisations and category catalogue, folded from their events. Only the
 * registry event types are read (not the whole tenant log, which may hold millions of reports).
 */
export const readRegistry = async (
  store: EventStore,
  tenantId: string,
): Promise<TenantRegistry> => {
  const rows = await store.db
    .selectFrom('events')
    .select(['type', 'data'])
    .where('tenant_id', '=', tenantId)
    .where('type', 'in', ['PlaceRegistered', 'OrganisationRegistered', 'CategoryCatalogueSet'])
    .orderBy('global_position')
    .execute()
  const places = new Set<string>()
  const organisations = new Set<string>()
  let categories: readonly Category[] = DEFAULT_CATEGORY_CATALOGUE
  for (const { type, data } of rows) {
    if (type === 'PlaceRegistered' && typeof data.placeId === 'string') places.add(data.placeId)
    if (type === 'OrganisationRegistered' && typeof data.organisationId === 'string') {
      organisations.add(data.organisationId)
    }
    if (type === 'CategoryCatalogueSet' && Array.isArray(data.categories)) {
      categories = data.categories as unknown as Category[]
    }
  }
  return { places, organisations, categories }
}

// Id lists are bound as one array parameter (`= any($1)`): thousands of separate parameters
// cost PGlite far more to parse and plan than the index look-ups themselves.

/**
 * The first event id of each given stream that exists, so pass 1 can tell "written by an
 * earlier run of this import" (same deterministic id) from "created elsewhere" (a conflict).
 */
export const streamCreators = async (
  store: EventStore,
  tenantId: string,
  streamIds: readonly string[],
): Promise<Map<string, string>> => {
  if (streamIds.length === 0) return new Map()
  const rows = await store.db
    .selectFrom('events')
    .select(['stream_id', 'event_id'])
    .where('tenant_id', '=', tenantId)
    .where('stream_id', '=', (eb) => eb.fn<string>('any', [eb.val([...streamIds])]))
    .where('stream_version', '=', 1)
    .execute()
  return new Map(rows.map((r) => [r.stream_id, r.event_id]))
}

/** Which of these event ids are already stored (a re-run or a resumed import). */
export const existingEventIds = async (
  store: EventStore,
  eventIds: readonly string[],
): Promise<Set<string>> => {
  if (eventIds.length === 0) return new Set()
  const rows = await store.db
    .selectFrom('events')
    .select('event_id')
    .where('event_id', '=', (eb) => eb.fn<string>('any', [eb.val([...eventIds])]))
    .execute()
  return new Set(rows.map((r) => r.event_id.toLowerCase()))
}
