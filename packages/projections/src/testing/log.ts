/**
 * A minimal event log table for the projections' own tests, standing in for the event store's
 * table: same columns the projections read (position, type, data, tenant, recordedAt).
 */
import { sql } from 'kysely'
import type { ProjectionEvent } from '../events.js'
import type { Db, LogTable } from '../log.js'

export const TEST_LOG: LogTable = {
  relation: 'test_events',
  position: 'position',
  type: 'type',
  data: 'data',
  tenantId: 'tenant_id',
  recordedAt: 'recorded_at',
  eventId: 'event_id',
}

export const createTestLog = async (db: Db): Promise<void> => {
  await sql`create table if not exists test_events (
    position bigserial primary key,
    event_id text not null,
    tenant_id text not null,
    type text not null,
    data jsonb not null,
    recorded_at timestamptz not null
  )`.execute(db)
}

/** Appends events in order; returns their positions. */
export const appendToTestLog = async (
  db: Db,
  events: readonly ProjectionEvent[],
): Promise<bigint[]> => {
  const out: bigint[] = []
  for (let i = 0; i < events.length; i += 500) {
    const chunk = events.slice(i, i + 500)
    const r = await sql<{ position: string }>`insert into test_events
      (event_id, tenant_id, type, data, recorded_at)
      select * from jsonb_to_recordset(${JSON.stringify(
        chunk.map((e) => ({
          event_id: e.metadata.eventId,
          tenant_id: e.metadata.tenantId,
          type: e.type,
          data: e.data,
          recorded_at: e.metadata.recordedAt,
        })),
      )}::jsonb) as x(event_id text, tenant_id text, type text, data jsonb, recorded_at timestamptz)
      returning position::text as position`.execute(db)
    for (const row of r.rows) out.push(BigInt(row.position))
  }
  return out
}
