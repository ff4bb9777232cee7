import type { GeoPoint, GeoPolygon } from '@lagesbild/domain'
import { streamIds } from '@lagesbild/domain'
import type { EventStore } from '@lagesbild/event-store'
import { type Db, loadPlaceInfo } from './tables.js'

/** A place with its map geometry, as its own stream last set it. */
export interface PlaceGeometry {
  readonly placeId: string
  readonly name: string
  readonly level: string
  readonly parentId: string | null
  readonly point: GeoPoint | null
  readonly polygon: GeoPolygon | null
}

/**
 * Every place of the tenant with its point and polygon. The situation picture's place table
 * keeps no geometry, so each place's own stream is folded (PlaceRegistered, then PlaceChanged,
 * where `null` removes a field); a tenant has tens to a few hundred places.
 *
 * @param store the event store (its database holds the place table)
 * @param tenantId the tenant
 * @example
 * const places = await placeGeometries(lagesbild.store, 'mjolby')
 * places.filter((p) => p.point !== null)
 */
export async function placeGeometries(
  store: Pick<EventStore, 'db' | 'readStream'>,
  tenantId: string,
): Promise<PlaceGeometry[]> {
  const out: PlaceGeometry[] = []
  for (const place of await loadPlaceInfo(store.db as Db, tenantId)) {
    let point: GeoPoint | null = null
    let polygon: GeoPolygon | null = null
    for (const e of await store.readStream({
      tenantId,
      streamId: streamIds.place(place.placeId),
    })) {
      if (e.type !== 'PlaceRegistered' && e.type !== 'PlaceChanged') continue
      const d = e.data as { point?: GeoPoint | null; polygon?: GeoPolygon | null }
      if (d.point !== undefined) point = d.point
      if (d.polygon !== undefined) polygon = d.polygon
    }
    out.push({ ...place, point, polygon })
  }
  return out
}
