import type { PlaceGeometry } from '@lagesbild/application'
import type { SituationPicture } from '@lagesbild/projections'

/**
 * Places as an RFC 7946 FeatureCollection with the counts and status of the picture's period:
 * a place with a polygon gets it, else its point, else a null geometry. Areas carry the
 * picture's area figures (the sum of their places, and the area status); the municipality, when
 * the picture covers all of it, its totals. With an area, only what the picture covers is
 * listed.
 *
 * @param picture the situation picture whose period the counts come from
 * @param places every place's geometry (`placeGeometries`)
 * @param options `area`: the picture was narrowed to an area; `knownAt`: echo the cut (only when
 *   asked for: "now" would change the ETag of every answer)
 */
export function placesGeoJson(
  picture: SituationPicture,
  places: readonly PlaceGeometry[],
  options: { readonly area?: string; readonly knownAt?: string } = {},
): string {
  const stats = new Map<string, { count: number; harm: number; status: string | null }>()
  for (const x of picture.places) stats.set(x.placeId, x)
  for (const a of picture.areas) stats.set(a.areaId, a)
  const inScope = options.area ? new Set(stats.keys()) : undefined
  const whole = { count: picture.totals.count, harm: picture.totals.harm, status: null }
  const features = places
    .filter((place) => inScope === undefined || inScope.has(place.placeId))
    .map((place) => {
      const own =
        stats.get(place.placeId) ??
        (place.level === 'municipality' && !options.area ? whole : undefined)
      return {
        type: 'Feature',
        id: place.placeId,
        geometry:
          place.polygon ??
          (place.point ? { type: 'Point', coordinates: [place.point.lon, place.point.lat] } : null),
        properties: {
          placeId: place.placeId,
          name: place.name,
          level: place.level,
          parentId: place.parentId,
          count: own?.count ?? 0,
          harm: own?.harm ?? 0,
          status: own?.status ?? null,
        },
      }
    })
  return JSON.stringify({
    type: 'FeatureCollection',
    period: picture.period,
    ...(options.knownAt ? { knownAt: picture.knownAt } : {}),
    features,
  })
}
