import {
  type EventStore,
  type EventStoreEnv,
  type OpenEventStoreOptions,
  openEventStore,
  openEventStoreFromEnv,
} from '@lagesbild/event-store'
import {
  createProjectionRunner,
  EVENT_STORE_LOG,
  measureRegisterProjection,
  officialStatisticsProjection,
  type ProjectionRunner,
  situationPictureProjection,
  surveyResultsProjection,
} from '@lagesbild/projections'
import { type CommandHandler, createCommandHandler } from './commands.js'
import { competeForLeadership, type Leadership } from './leadership.js'
import { registryProjection } from './registry/projection.js'

/** A running lagesbild: the store, its read models and the command entry point. */
export interface Lagesbild {
  readonly store: EventStore
  readonly runner: ProjectionRunner
  readonly execute: CommandHandler
  /**
   * Whether this process runs the background projection runner now. On PostgreSQL one process
   * among all sharing the database leads (advisory lock); on PGlite the only process does.
   */
  readonly isProjectionLeader: () => boolean
  /** Stops the background runner and closes the store. */
  readonly close: () => Promise<void>
}

export interface OpenLagesbildOptions {
  /** Follow the log in the background (default true); off for one-shot CLI commands. */
  readonly background?: boolean
  /**
   * Bring the read models up to date with the log before returning (default true). Replaying
   * event by event costs about 1 ms an event; a caller about to rebuild (`lagesbild rebuild`)
   * passes false and saves that.
   */
  readonly catchUp?: boolean
  /** Where failures of the leadership connection are reported (PostgreSQL; default: ignored). */
  readonly onLeadershipError?: (error: unknown) => void
  readonly now?: () => Date
}

/** Every read model, in the order the runner applies them. */
export const READ_MODELS = [
  registryProjection,
  situationPictureProjection,
  measureRegisterProjection,
  surveyResultsProjection,
  officialStatisticsProjection,
] as const

/**
 * Opens the store (PGlite or PostgreSQL), creates missing read-model tables, catches the read
 * models up with the log, and returns the command handler. With `background` the read models
 * follow the log; on PostgreSQL only the process holding the projection leadership polls it
 * (see `competeForLeadership`), while every process still applies its own writes inline.
 *
 * @param store options for `openEventStore`, or an environment for `openEventStoreFromEnv`
 * @throws StoreLockedError when another process holds the PGlite data directory
 * @example
 * const app = await openLagesbild({ env: process.env })
 */
export async function openLagesbild(
  source: { readonly env: EventStoreEnv } | { readonly options: OpenEventStoreOptions },
  options: OpenLagesbildOptions = {},
): Promise<Lagesbild> {
  const store =
    'env' in source ? await openEventStoreFromEnv(source.env) : await openEventStore(source.options)
  try {
    const runner = createProjectionRunner({
      db: store.db,
      log: EVENT_STORE_LOG,
      projections: [...READ_MODELS],
    })
    await runner.migrate()
    if (options.catchUp ?? true) await runner.catchUp()
    let leadership: Leadership | undefined
    let leadsAlone = false
    if (options.background ?? true) {
      if (store.backend === 'postgres') {
        leadership = competeForLeadership({
          db: store.db,
          onElected: () => runner.start(),
          onDeposed: () => runner.stop(),
          ...(options.onLeadershipError ? { onError: options.onLeadershipError } : {}),
        })
      } else {
        runner.start()
        leadsAlone = true
      }
    }
    const execute = createCommandHandler({
      store,
      runner,
      ...(options.now ? { now: options.now } : {}),
    })
    return {
      store,
      runner,
      execute,
      isProjectionLeader: () => leadership?.isLeader() ?? leadsAlone,
      close: async () => {
        await leadership?.stop()
        await runner.stop()
        await store.close()
      },
    }
  } catch (error) {
    await store.close()
    throw error
  }
}
