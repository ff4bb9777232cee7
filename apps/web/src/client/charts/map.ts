import { svg } from '../dom.js'
import type { PlaceFeature } from '../types.js'

const WIDTH = 720
const HEIGHT = 460
const PAD = 40

/** A feature's representative point: the point itself, or the mean of a polygon's outer ring. */
function anchor(feature: PlaceFeature): readonly [number, number] | null {
  const geometry = feature.geometry
  if (!geometry) return null
  const c = geometry.coordinates as unknown
  if (geometry.type === 'Point' && Array.isArray(c)) return [Number(c[0]), Number(c[1])]
  const ring =
    geometry.type === 'Polygon'
      ? (c as number[][][])[0]
      : geometry.type === 'MultiPolygon'
        ? (c as number[][][][])[0]?.[0]
        : undefined
  if (!ring?.length) return null
  let lon = 0
  let lat = 0
  for (const point of ring) {
    lon += point[0] ?? 0
    lat += point[1] ?? 0
  }
  return [lon / ring.length, lat / ring.length]
}

/**
 * A schematic map in SVG from the places' own coordinates: no tiles, nothing fetched. Longitude
 * is scaled by cos(latitude) so distances look right at Swedish latitudes. Areas are drawn as
 * labels, places as circles sized by count and filled by status; each place is a link (keyboard
 * focusable) to its trend.
 *
 * @param label the map's accessible name
 * @param statusText how a status is written in the current language
 * @param placeHref where a place's circle links to
 */
export function placeMap(
  features: readonly PlaceFeature[],
  label: string,
  statusText: (status: string | null) => string,
  placeHref: (placeId: string) => string,
): SVGElement {
  const located = features
    .map((f) => ({ f, at: anchor(f) }))
    .filter((x): x is { f: PlaceFeature; at: readonly [number, number] } => x.at !== null)
  if (located.length === 0) return svg('svg', { role: 'img', 'aria-label': label })
  const lats = located.map((x) => x.at[1])
  const meanLat = lats.reduce((a, b) => a + b, 0) / lats.length
  const k = Math.cos((meanLat * Math.PI) / 180)
  const xs = located.map((x) => x.at[0] * k)
  const minX = Math.min(...xs)
  const maxX = Math.max(...xs)
  const minY = Math.min(...lats)
  const maxY = Math.max(...lats)
  const scale = Math.min(
    (WIDTH - 2 * PAD) / (maxX - minX || 1e-6),
    (HEIGHT - 2 * PAD) / (maxY - minY || 1e-6),
  )
  const project = ([lon, lat]: readonly [number, number]): [number, number] => [
    PAD + (lon * k - minX) * scale,
    HEIGHT - PAD - (lat - minY) * scale,
  ]
  // Districts become labels; the municipality itself (its point sits among the places) is left out.
  const areas = located.filter((x) => x.f.properties.level === 'area')
  const places = located
    .filter((x) => x.f.properties.level === 'place')
    // Big circles first, so small ones stay clickable on top.
    .sort((a, b) => b.f.properties.count - a.f.properties.count)
  const children: SVGElement[] = [svg('title', {}, label)]
  for (const { f, at } of areas) {
    const [x, y] = project(at)
    children.push(
      svg('text', { x, y, class: 'area-label', 'text-anchor': 'middle' }, f.properties.name),
    )
  }
  for (const { f, at } of places) {
    const [x, y] = project(at)
    const p = f.properties
    const r = 5 + Math.min(22, Math.sqrt(p.count) * 2.2)
    const name = `${p.name}: ${p.count} (${statusText(p.status)})`
    children.push(
      svg(
        'a',
        { href: placeHref(p.placeId), class: 'place', 'aria-label': name },
        svg('title', {}, name),
        svg('circle', { cx: x, cy: y, r, class: `status-${p.status ?? 'none'}` }),
        svg('text', { x: x + r + 3, y: y + 4, class: 'place-label' }, p.name),
      ),
    )
  }
  return svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'group', 'aria-label': label, class: 'map' },
    children,
  )
}
