import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'

/**
 * The event store's own migrations. Names start with `event-store/` so that migrations of
 * other packages, merged in through `openEventStore({ migrations })`, never collide.
 */
export const eventStoreMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  'event-store/0001-events': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table events (
          global_position bigint generated always as identity primary key,
          tenant_id text not null,
          stream_id text not null,
          stream_version integer not null check (stream_version >= 1),
          event_id uuid not null,
          type text not null,
          schema_version integer not null,
          data jsonb not null,
          metadata jsonb not null,
          recorded_at timestamptz not null,
          constraint events_event_id_key unique (event_id),
          constraint events_stream_version_key unique (tenant_id, stream_id, stream_version)
        )`.execute(db)
      // readAll({ tenantId }) walks one tenant's events in global order.
      await sql`create index events_tenant_position_idx on events (tenant_id, global_position)`.execute(
        db,
      )
      await sql`
        create table checkpoints (
          name text primary key,
          position bigint not null,
          updated_at timestamptz not null default now()
        )`.execute(db)
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table checkpoints`.execute(db)
      await sql`drop table events`.execute(db)
    },
  },
})

/**
 * Runs the event store's migrations together with `extra` ones, in name order.
 *
 * @param db the database to migrate
 * @param extra migrations of other packages, keyed by unique names (prefix them with the package)
 * @throws Error when a name is used twice or a migration fails
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  extra: Readonly<Record<string, Migration>> = {},
): Promise<void> {
  for (const name of Object.keys(extra)) {
    if (name in eventStoreMigrations) throw new Error(`migration name ${name} is used twice`)
  }
  const all = { ...eventStoreMigrations, ...extra }
  const provider: MigrationProvider = { getMigrations: async () => all }
  // Packages add migrations independently, so a later package's migration may sort before
  // one that already ran; that is expected, not corruption.
  const migrator = new Migrator({
    db,
    provider,
    allowUnorderedMigrations: true,
    migrationTableName: 'lagesbild_migrations',
    migrationLockTableName: 'lagesbild_migrations_lock',
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(`migration ${failed ?? '(unknown)'} failed: ${String(error)}`, { cause: error })
  }
}
