import { readFileSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { GeoPolygon, type PlaceKind, type PlaceLevel, streamIds } from '@lagesbild/domain'
import type { ColumnSpec } from '../csv/cells.js'
import { type Row, synonymLookup } from '../csv/row.js'
import type { FormatContext, FormatSession, ImportFormat, PlannedEvent } from './format.js'

const col = (
  name: string,
  required: boolean,
  type: string,
  example: string,
  description: string,
): ColumnSpec => ({ name, required, type, example, description })

export const PLACE_COLUMNS: readonly ColumnSpec[] = [
  col('place_id', true, 'id', 'resecentrum', 'The place; new to the tenant.'),
  col('name', true, 'text ≤ 200', 'Resecentrum', 'Name as people say it.'),
  col(
    'kind',
    true,
    'place kind',
    'resecentrum',
    'What sort of place (English code or Swedish word).',
  ),
  col(
    'area',
    false,
    'id',
    'centrum',
    'Enclosing area or municipality; required except for the municipality.',
  ),
  col(
    'level',
    false,
    'municipality|area|place',
    'place',
    'Default from the kind: district, DeSO and residential area are areas.',
  ),
  col('code', false, 'text ≤ 50', '0586', 'External code (DeSO, municipality code).'),
  col('lat', false, 'decimal −90…90', '58,3259', 'WGS84 latitude (with lon).'),
  col('lon', false, 'decimal −180…180', '15,1240', 'WGS84 longitude (with lat).'),
  col(
    'geojson',
    false,
    'file path',
    'geo/gastisparken.geojson',
    'GeoJSON Polygon/MultiPolygon (geometry, Feature or one-feature FeatureCollection), relative to the CSV file.',
  ),
  col(
    'buffer_of',
    false,
    'ids separated by |',
    'resecentrum|gastisparken',
    'Places this place is the displacement buffer for.',
  ),
  col(
    'description',
    false,
    'text ≤ 4000',
    'Bussterminal och tågstation',
    'Free text; no personal identity numbers.',
  ),
]

const KIND = synonymLookup<PlaceKind>({
  municipality: ['kommun'],
  district: ['stadsdel', 'område', 'kommundel'],
  deso: ['deso-område'],
  'residential-area': ['bostadsområde'],
  'town-centre': ['centrum', 'stadskärna', 'tätort'],
  'travel-centre': ['resecentrum', 'station', 'busstation'],
  park: ['parken'],
  mall: ['galleria', 'köpcentrum'],
  'school-yard': ['skolgård'],
  stairwell: ['trappuppgång', 'trapphus'],
  street: ['gata', 'väg'],
  square: ['torg'],
  'sports-ground': ['idrottsplats', 'idrottsanläggning'],
  'youth-centre': ['fritidsgård', 'ungdomsgård'],
  other: ['annat', 'övrigt'],
})

const LEVEL = synonymLookup<PlaceLevel>({
  municipality: ['kommun'],
  area: ['område'],
  place: ['plats'],
})

const levelOf = (kind: PlaceKind): PlaceLevel =>
  kind === 'municipality'
    ? 'municipality'
    : kind === 'district' || kind === 'deso' || kind === 'residential-area'
      ? 'area'
      : 'place'

/** Accepts a bare geometry, a Feature, or a FeatureCollection with exactly one feature. */
const geometryOf = (json: unknown): unknown => {
  const o = json as { type?: unknown; geometry?: unknown; features?: unknown }
  if (o?.type === 'Feature') return o.geometry
  if (o?.type === 'FeatureCollection' && Array.isArray(o.features) && o.features.length === 1) {
    return (o.features[0] as { geometry?: unknown }).geometry
  }
  return json
}

const open = (context: FormatContext, baseDir: string): FormatSession => {
  const seen = new Set<string>()

  const polygon = (r: Row): unknown => {
    const file = r.raw('geojson')
    if (file === undefined) return undefined
    let json: unknown
    try {
      json = JSON.parse(readFileSync(isAbsolute(file) ? file : resolve(baseDir, file), 'utf8'))
    } catch {
      return r.fail('geojson', 'cannot read the file as JSON')
    }
    const parsed = GeoPolygon.safeParse(geometryOf(json))
    return parsed.success
      ? parsed.data
      : r.fail('geojson', 'expected a GeoJSON Polygon or MultiPolygon')
  }

  const row = (r: Row): PlannedEvent[] => {
    const placeId = r.id('place_id', true)
    const name = r.text('name', true, 200)
    const kind = r.choice('kind', KIND, true)
    const area = r.id('area')
    const explicitLevel = r.choice('level', LEVEL)
    const code = r.text('code', false, 50)
    const lat = r.decimal('lat')
    const lon = r.decimal('lon')
    const geometry = polygon(r)
    const bufferOf = r.ids('buffer_of')
    const description = r.text('description')

    if ((lat === undefined) !== (lon === undefined))
      r.fail('lat', 'give both lat and lon, or neither')
    if (lat !== undefined && (lat < -90 || lat > 90)) r.fail('lat', 'must lie between −90 and 90')
    if (lon !== undefined && (lon < -180 || lon > 180))
      r.fail('lon', 'must lie between −180 and 180')
    const level = explicitLevel ?? (kind === undefined ? undefined : levelOf(kind))
    if (level !== undefined && level !== 'municipality' && area === undefined) {
      r.fail('area', 'required for an area or a place')
    }
    if (placeId !== undefined) {
      if (seen.has(placeId)) r.fail('place_id', 'appears twice in the file')
      seen.add(placeId)
      context.define('place', placeId)
      if (area === placeId) r.fail('area', 'a place cannot lie in itself')
    }
    if (area !== undefined) context.refer({ what: 'place', id: area, row: r.row, column: 'area' })
    for (const id of bufferOf ?? []) {
      context.refer({ what: 'place', id, row: r.row, column: 'buffer_of' })
    }
    if (!r.ok || placeId === undefined || name === undefined || kind === undefined) return []
    return [
      {
        type: 'PlaceRegistered',
        data: {
          placeId,
          name,
          level: level ?? levelOf(kind),
          kind,
          parentId: area ?? null,
          ...(code === undefined ? {} : { code }),
          ...(lat === undefined || lon === undefined ? {} : { point: { lat, lon } }),
          ...(geometry === undefined ? {} : { polygon: geometry }),
          ...(bufferOf === undefined ? {} : { bufferOf }),
          ...(description === undefined ? {} : { description }),
        },
        streamId: streamIds.place(placeId),
        key: [placeId],
        row: r.row,
        createsStream: true,
      },
    ]
  }
  return { row, end: () => [] }
}

/**
 * One row per place. Places may reference each other (area, buffer_of) in any order.
 * @param baseDir where relative GeoJSON paths are resolved (the CSV file's folder)
 */
export const placesFormat = (baseDir: string): ImportFormat => ({
  kind: 'places',
  columns: PLACE_COLUMNS,
  open: (context) => open(context, baseDir),
})
