import { z } from 'zod'
import { EntityId, FreeText, GeoPoint, GeoPolygon } from '../values.js'
import { defineEvent } from './metadata.js'

/** Level in the municipality → area → place hierarchy. */
export const PlaceLevel = z.enum(['municipality', 'area', 'place']).meta({ id: 'PlaceLevel' })
export type PlaceLevel = z.infer<typeof PlaceLevel>

/** What kind of place it is. `deso` is an SCB demographic statistics area. */
export const PlaceKind = z
  .enum([
    'municipality',
    'district',
    'deso',
    'residential-area',
    'town-centre',
    'travel-centre',
    'park',
    'mall',
    'school-yard',
    'stairwell',
    'street',
    'square',
    'sports-ground',
    'youth-centre',
    'other',
  ])
  .meta({ id: 'PlaceKind' })
export type PlaceKind = z.infer<typeof PlaceKind>

export const PlaceRegisteredData = z
  .object({
    placeId: EntityId,
    name: z.string().trim().min(1).max(200),
    level: PlaceLevel,
    kind: PlaceKind,
    /** The enclosing area or municipality; null only for the municipality itself. */
    parentId: EntityId.nullable(),
    /** External code, e.g. a DeSO code or the municipality code. */
    code: z.string().max(50).optional(),
    point: GeoPoint.optional(),
    polygon: GeoPolygon.optional(),
    /** Places this place is the displacement buffer for. */
    bufferOf: z.array(EntityId).optional(),
    neighbours: z.array(EntityId).optional(),
    description: FreeText.optional(),
  })
  .meta({ id: 'PlaceRegisteredData' })
export type PlaceRegisteredData = z.infer<typeof PlaceRegisteredData>

export const PlaceRegistered = defineEvent('PlaceRegistered', PlaceRegisteredData)
export type PlaceRegistered = z.infer<typeof PlaceRegistered>

/**
 * Only the fields present changed. `null` removes an optional field (point, polygon, code,
 * description). `retired: true` keeps the place for history but stops new reports on it.
 */
export const PlaceChangedData = z
  .object({
    placeId: EntityId,
    name: z.string().trim().min(1).max(200).optional(),
    kind: PlaceKind.optional(),
    parentId: EntityId.nullable().optional(),
    code: z.string().max(50).nullable().optional(),
    point: GeoPoint.nullable().optional(),
    polygon: GeoPolygon.nullable().optional(),
    bufferOf: z.array(EntityId).optional(),
    neighbours: z.array(EntityId).optional(),
    description: FreeText.nullable().optional(),
    retired: z.boolean().optional(),
  })
  .meta({ id: 'PlaceChangedData' })
export type PlaceChangedData = z.infer<typeof PlaceChangedData>

export const PlaceChanged = defineEvent('PlaceChanged', PlaceChangedData)
export type PlaceChanged = z.infer<typeof PlaceChanged>
