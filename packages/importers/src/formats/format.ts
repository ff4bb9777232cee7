import type { Category, EventType } from '@lagesbild/domain'
import type { ColumnSpec } from '../csv/cells.js'
import type { Row } from '../csv/row.js'

/** The file formats `importCsv` reads. */
export type ImportKind = 'places' | 'reports' | 'measures' | 'survey-responses' | 'survey-results'

/** What the tenant already has, as far as an import file may reference it. */
export interface TenantRegistry {
  readonly places: ReadonlySet<string>
  readonly organisations: ReadonlySet<string>
  /** The current catalogue (the latest CategoryCatalogueSet, else the default one). */
  readonly categories: readonly Category[]
}

/**
 * An event a format wants written, before the importer adds its envelope. `key` is the natural
 * key the event id is derived from; `recordedAt` overrides the import time (historical reports).
 */
export interface PlannedEvent {
  readonly type: EventType
  readonly data: Record<string, unknown>
  readonly streamId: string
  readonly key: readonly string[]
  /** The first row the event came from, for error messages. */
  readonly row: number
  readonly recordedAt?: string
  /** True for the event that creates its stream (a stream may only be created by this file). */
  readonly createsStream: boolean
}

/** A reference to check once the whole file is known (it may be defined further down). */
export interface Reference {
  readonly what: 'place' | 'organisation'
  readonly id: string
  readonly row: number
  readonly column: string
}

/** What a format's session sees besides the rows. */
export interface FormatContext {
  readonly tenantId: string
  /** The import time, ISO 8601 with offset. */
  readonly now: string
  readonly registry: TenantRegistry
  /** Records a reference to resolve against the file and the registry at the end of pass 1. */
  readonly refer: (ref: Reference) => void
  /** Lets a format declare an id the file itself defines (e.g. a place row). */
  readonly define: (what: Reference['what'], id: string) => void
  /**
   * Pass 1: claims a stream whose creating event is only built in pass 2 (survey chunks), so
   * validation still checks that no other source created it and spots an earlier run's.
   */
  readonly claimStream: (
    streamId: string,
    type: PlannedEvent['type'],
    key: readonly string[],
    row: number,
  ) => void
  /** The result of pass 1, handed to pass 2 (survey waves need their totals up front). */
  readonly plan: Map<string, unknown>
  readonly pass: 1 | 2
}

/** One pass over a file: rows in, events out (events complete when their group ends). */
export interface FormatSession {
  readonly row: (row: Row) => PlannedEvent[]
  readonly end: () => PlannedEvent[]
}

export interface ImportFormat {
  readonly kind: ImportKind
  readonly columns: readonly ColumnSpec[]
  readonly open: (context: FormatContext) => FormatSession
}
