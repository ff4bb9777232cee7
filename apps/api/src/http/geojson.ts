import type { PlaceGeometry } from '@lagesbild/application'
import type { SituationPicture } from '@lagesbild/projections'

/**
 * Places as an RFC 7946 FeatureCollection with the counts and status of the picture's period:
 * a place with a polygon gets it, else its point, else a null geometry. With an area, only the
 * places the picture covers are listed.
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
  const byId = new Map(picture.places.map((x) => [x.placeId, x]))
  const inScope = options.area ? new Set(picture.places.map((x) => x.placeId)) : undefined
  const features = places
    .filter((place) => inScope === undefined || inScope.has(place.placeId))
    .map((place) => {
      const stats = byId.get(place.placeId)
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
          count: stats?.count ?? 0,
          harm: stats?.harm ?? 0,
          status: stats?.status ?? null,
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
