import type { ColumnType, Generated } from 'kysely'
import type { JsonObject } from './types.js'

/**
 * Kysely's view of the event store's tables. Read models add their own tables; they can
 * extend this interface (`interface MyDb extends EventStoreTables { … }`).
 */
export interface EventStoreTables {
  events: EventsTable
  checkpoints: CheckpointsTable
}

export interface EventsTable {
  global_position: Generated<number>
  tenant_id: string
  stream_id: string
  stream_version: number
  event_id: string
  type: string
  schema_version: number
  /** Written as JSON text (`::text::jsonb`), read back as an object. */
  data: ColumnType<JsonObject, string, never>
  metadata: ColumnType<JsonObject, string, never>
  /** Read back as an ISO string by the type parsers both backends install. */
  recorded_at: ColumnType<string, string, never>
}

export interface CheckpointsTable {
  name: string
  position: number
  updated_at: ColumnType<string, string | undefined, string>
}
