/** Opening the store */

/** Lower-level pieces: dialects, COPY, type parsers */
export { APPEND_LOCK_KEY } from './append.js'
export { copyFromStdin, copyLine } from './driver/copy.js'
export { PgDialect } from './driver/pg-dialect.js'
export { PGliteDialect } from './driver/pglite-dialect.js'

/** Errors */
export {
  EventIdConflictError,
  EventStoreError,
  type EventStoreErrorCode,
  type ExpectedVersion,
  InvalidAppendError,
  isEventIdConflictError,
  isInvalidAppendError,
  isStoreLockedError,
  isWrongExpectedVersionError,
  type LockHolder,
  StoreLockedError,
  WrongExpectedVersionError,
} from './errors.js'

/** Schema and migrations, for read models that add tables */
export { eventStoreMigrations, migrateToLatest } from './migrations.js'
export {
  backendOptionsFromEnv,
  DEFAULT_DATA_DIR,
  type EventStoreEnv,
  type OpenEventStoreOptions,
  openEventStore,
  openEventStoreFromEnv,
  PGLITE_SUBDIR,
} from './open.js'
export { timestamptzToIso, typeParsers } from './parsers.js'
export type { CheckpointsTable, EventStoreTables, EventsTable } from './schema.js'
/** The store */
export type {
  Backend,
  EventStore,
  EventStoreOperations,
  EventStoreTransaction,
} from './store.js'
export type {
  AppendOptions,
  AppendRequest,
  AppendResult,
  JsonObject,
  JsonValue,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamRef,
} from './types.js'
