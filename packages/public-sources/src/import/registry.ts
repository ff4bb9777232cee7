import {
  type Category,
  DEFAULT_CATEGORY_CATALOGUE,
  type GeoPoint,
  type Observation,
  type PlaceLevel,
} from '@lagesbild/domain'
import type { EventStore } from '@lagesbild/event-store'

/** A registered place as the mappings need it. */
export interface KnownPlace {
  readonly placeId: string
  readonly name: string
  readonly level: PlaceLevel
  readonly kind: string
  readonly code: string | undefined
  readonly point: GeoPoint | undefined
}

/** What an import needs to know of the tenant before it plans anything. */
export interface TenantRegistry {
  readonly places: ReadonlyMap<string, KnownPlace>
  readonly organisations: ReadonlySet<string>
  readonly categories: readonly Category[]
}

/**
 * The tenant's places, organisations and category catalogue, folded from their events only
 * (a tenant log may hold millions of reports).
 */
export const readTenantRegistry = async (
  store: EventStore,
  tenantId: string,
): Promise<TenantRegistry> => {
  const rows = await store.db
    .selectFrom('events')
    .select(['type', 'data'])
    .where('tenant_id', '=', tenantId)
    .where('type', 'in', [
      'PlaceRegistered',
      'PlaceChanged',
      'OrganisationRegistered',
      'CategoryCatalogueSet',
    ])
    .orderBy('global_position')
    .execute()
  const places = new Map<string, KnownPlace>()
  const organisations = new Set<string>()
  let categories: readonly Category[] = DEFAULT_CATEGORY_CATALOGUE
  for (const { type, data } of rows) {
    const d = data as Record<string, unknown>
    if (type === 'PlaceRegistered') {
      places.set(String(d.placeId), {
        placeId: String(d.placeId),
        name: String(d.name),
        level: d.level as PlaceLevel,
        kind: String(d.kind),
        code: typeof d.code === 'string' ? d.code : undefined,
        point: (d.point as GeoPoint | undefined) ?? undefined,
      })
    } else if (type === 'PlaceChanged') {
      const before = places.get(String(d.placeId))
      if (before !== undefined && d.point !== undefined) {
        places.set(before.placeId, { ...before, point: (d.point as GeoPoint | null) ?? undefined })
      }
    } else if (type === 'OrganisationRegistered') {
      organisations.add(String(d.organisationId))
    } else if (type === 'CategoryCatalogueSet' && Array.isArray(d.categories)) {
      categories = d.categories as unknown as Category[]
    }
  }
  return { places, organisations, categories }
}

/** Where an imported report stands in the store: its latest observation and knowledge time. */
export interface StoredReport {
  readonly observation: Observation | undefined
  readonly lastRecordedAt: string
  readonly retracted: boolean
}

/**
 * The current state of the reports an import wrote before, by report id (prefix match on the
 * stream id), so a re-import can tell unchanged, corrected and new events apart.
 */
export const readStoredReports = async (
  store: EventStore,
  tenantId: string,
  reportIdPrefix: string,
): Promise<Map<string, StoredReport>> => {
  const rows = await store.db
    .selectFrom('events')
    .select(['type', 'data', 'recorded_at'])
    .where('tenant_id', '=', tenantId)
    .where('stream_id', 'like', `report-${reportIdPrefix}%`)
    .orderBy('global_position')
    .execute()
  const reports = new Map<string, StoredReport>()
  for (const { type, data, recorded_at } of rows) {
    const d = data as Record<string, unknown>
    const reportId = String(d.reportId)
    const before = reports.get(reportId)
    const recordedAt = String(recorded_at)
    if (type === 'ReportSubmitted') {
      const observations = d.observations as unknown as Observation[]
      reports.set(reportId, {
        observation: observations[0],
        lastRecordedAt: recordedAt,
        retracted: false,
      })
    } else if (type === 'ObservationCorrected' && before !== undefined) {
      reports.set(reportId, {
        ...before,
        observation: d.observation as unknown as Observation,
        lastRecordedAt: recordedAt,
      })
    } else if (type === 'ReportRetracted' && before !== undefined) {
      reports.set(reportId, { ...before, retracted: true, lastRecordedAt: recordedAt })
    }
  }
  return reports
}
