import {
  type Actor,
  DEFAULT_ASSESSMENT_SCALE,
  DEFAULT_CATEGORY_CATALOGUE,
  DEFAULT_STATUS_RULE,
} from '@lagesbild/domain'
import { isoOf, localInstant } from './calendar.js'
import type { EventCollector } from './event-log.js'
import { DEMO_ORGANISATIONS, DEMO_PLACES } from './municipality.js'

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
  out.emit('StatusRuleSet', { rule: DEFAULT_STATUS_RULE, effectiveFrom: from }, setupAt(), admin)
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
