/**
 * Test fixtures for packages that build on the domain (`@lagesbild/domain/testing`): valid
 * metadata, deterministic uuids and a decide context with a small Mjölby-like registry.
 */
import { DEFAULT_CATEGORY_CATALOGUE } from '../catalogue.js'
import type { DecideContext } from '../deciders/context.js'
import {
  CURRENT_SCHEMA_VERSIONS,
  type DomainEvent,
  type EventDataOf,
  type EventType,
} from '../events/index.js'
import type { EventMetadata } from '../events/metadata.js'

/** A deterministic, valid v4 uuid for the n-th id in a test. */
export const testUuid = (n: number): string =>
  `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`

export const TEST_NOW = '2024-03-15T10:00:00+01:00'

/** Metadata good enough for tests; override what a test is about. */
export const testMetadata = <T extends EventType>(
  type: T,
  overrides: Partial<EventMetadata> = {},
): EventMetadata => ({
  eventId: testUuid(1),
  tenantId: 'demo',
  recordedAt: TEST_NOW,
  actor: { organisationId: 'org-municipality', role: 'coordinator' },
  correlationId: testUuid(2),
  causationId: null,
  schemaVersion: CURRENT_SCHEMA_VERSIONS[type],
  ...overrides,
})

/** Wraps data into a full event of the current schema version. */
export const testEvent = <T extends EventType>(
  type: T,
  data: EventDataOf<T>,
  metadata: Partial<EventMetadata> = {},
): DomainEvent => ({ type, data, metadata: testMetadata(type, metadata) }) as DomainEvent

export const TEST_PLACES = [
  'mjolby',
  'centrum',
  'resecentrum',
  'gastisparken',
  'gallerian',
  'skolgarden-vast',
  'stationsgatan',
] as const
export const TEST_ORGANISATIONS = ['org-municipality', 'org-housing', 'org-police'] as const

/** A context with a small Mjölby-like registry, now = TEST_NOW, one day of future tolerance. */
export const testContext = (overrides: Partial<DecideContext> = {}): DecideContext => {
  let next = 100
  return {
    now: TEST_NOW,
    tenantId: 'demo',
    actor: { organisationId: 'org-municipality', role: 'coordinator' },
    correlationId: testUuid(2),
    causationId: null,
    ids: { newEventId: () => testUuid(next++) },
    registry: {
      places: new Set<string>(TEST_PLACES),
      categories: new Set(DEFAULT_CATEGORY_CATALOGUE.map((c) => c.code)),
      organisations: new Set<string>(TEST_ORGANISATIONS),
    },
    futureToleranceDays: 1,
    ...overrides,
  }
}
