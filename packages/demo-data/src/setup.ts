import { type Actor, DEFAULT_ASSESSMENT_SCALE, DEFAULT_CATEGORY_CATALOGUE } from '@lagesbild/domain'
import { isoOf, localInstant } from './calendar.js'
import type { EventCollector } from './event-log.js'
import { DEMO_ORGANISATIONS, DEMO_PLACES } from './municipality.js'

/**
 * The demo collaboration's own green-to-red rule, calibrated the way a real one would be: on its
 * history. The domain's default thresholds (20/60/150 harm points in 28 days) suit a single place,
 * but an area sums every place below it, so with them 356 of 360 monthly area grades in 2020–2025
 * were red. These thresholds sit near the 50th, 75th and 90th percentiles of the demo's area
 * scores over those months (487, 956 and 1,634), so the picture shows a mix and red stays rare.
 */
export const DEMO_STATUS_RULE = Object.freeze({
  basis: 'harm-weighted' as const,
  windowDays: 28,
  levels: [
    { status: 'green' as const, minScore: 0 },
    { status: 'yellow' as const, minScore: 500 },
    { status: 'orange' as const, minScore: 950 },
    { status: 'red' as const, minScore: 1600 },
  ],
})

const HOUR = 3600

/**
 * Configuration, organisations and places, one second apart on the first day at 09:00, so they
 * precede every report.
 */
export const emitSetup = (
  out: EventCollector,
  input: { readonly from: string; readonly fromDay: number; readonly anchorDay: number },
): void => {
  const { from, fromDay, anchorDay } = input
  const admin: Actor = { organisationId: 'municipality', role: 'admin' }
  const at = localInstant
  let setupSecond = 9 * HOUR
  const setupAt = () => at(fromDay, setupSecond++)
  out.emit(
    'ReportingCadenceSet',
    { intervalDays: 14, anchorDate: isoOf(anchorDay), effectiveFrom: isoOf(anchorDay) },
    setupAt(),
    admin,
  )
  out.emit(
    'CategoryCatalogueSet',
    { categories: DEFAULT_CATEGORY_CATALOGUE.map((c) => ({ ...c })) },
    setupAt(),
    admin,
  )
  out.emit('AssessmentScaleSet', { scale: DEFAULT_ASSESSMENT_SCALE }, setupAt(), admin)
  out.emit('StatusRuleSet', { rule: DEMO_STATUS_RULE, effectiveFrom: from }, setupAt(), admin)
  for (const o of DEMO_ORGANISATIONS) {
    out.emit(
      'OrganisationRegistered',
      {
        organisationId: o.organisationId,
        name: o.name,
        kind: o.kind,
        ...(o.parentId === undefined ? {} : { parentId: o.parentId }),
      },
      setupAt(),
      admin,
    )
  }
  // Neighbours and buffers may only name registered places, and they refer to each other, so
  // places are registered first and linked afterwards, as an administrator would.
  for (const place of DEMO_PLACES) {
    out.emit(
      'PlaceRegistered',
      {
        placeId: place.placeId,
        name: place.name,
        level: place.level,
        kind: place.kind,
        parentId: place.parentId,
        point: place.point,
        ...(place.description === undefined ? {} : { description: place.description }),
      },
      setupAt(),
      admin,
    )
  }
  for (const place of DEMO_PLACES) {
    if (place.neighbours === undefined && place.bufferOf === undefined) continue
    out.emit(
      'PlaceChanged',
      {
        placeId: place.placeId,
        ...(place.neighbours === undefined ? {} : { neighbours: [...place.neighbours] }),
        ...(place.bufferOf === undefined ? {} : { bufferOf: [...place.bufferOf] }),
      },
      setupAt(),
      admin,
    )
  }
}
