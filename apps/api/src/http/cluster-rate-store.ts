import type { Cluster, Worker } from 'node:cluster'
import { type ClientRateLimitInfo, MemoryStore, type Store } from 'hono-rate-limiter'
import type { AuthEnv } from './auth.js'

/** What a worker asks the primary. */
interface RateRequest {
  readonly type: 'lagesbild:rate'
  readonly id: number
  readonly op: 'increment' | 'decrement' | 'reset'
  readonly key: string
  readonly windowMs: number
}

/** What the primary answers (to increments; the others are acknowledged alike). */
interface RateReply {
  readonly type: 'lagesbild:rate'
  readonly id: number
  readonly totalHits: number
  readonly resetTime: number | null
}

const isRequest = (message: unknown): message is RateRequest =>
  typeof message === 'object' &&
  message !== null &&
  (message as { type?: unknown }).type === 'lagesbild:rate' &&
  typeof (message as { key?: unknown }).key === 'string'

const isReply = (message: unknown): message is RateReply =>
  typeof message === 'object' &&
  message !== null &&
  (message as { type?: unknown }).type === 'lagesbild:rate' &&
  typeof (message as { totalHits?: unknown }).totalHits === 'number'

/**
 * The primary's side: one hit book for every worker of `serve --workers N`, kept in
 * hono-rate-limiter's own MemoryStore (one per window length asked for), so a token's budget
 * holds for the deployment rather than per process.
 *
 * @returns a function answering one request, for tests; the cluster's workers are wired already
 */
export function answerRateRequests(cluster?: Cluster): (message: unknown) => RateReply | undefined {
  const books = new Map<number, MemoryStore<AuthEnv>>()
  const book = (windowMs: number) => {
    let store = books.get(windowMs)
    if (store === undefined) {
      store = new MemoryStore<AuthEnv>()
      store.init({ windowMs } as never)
      books.set(windowMs, store)
    }
    return store
  }
  const answer = (message: unknown): RateReply | undefined => {
    if (!isRequest(message)) return undefined
    const store = book(message.windowMs)
    let info: ClientRateLimitInfo = { totalHits: 0 }
    if (message.op === 'increment') info = store.increment(message.key)
    else if (message.op === 'decrement') store.decrement(message.key)
    else store.resetKey(message.key)
    return {
      type: 'lagesbild:rate',
      id: message.id,
      totalHits: info.totalHits,
      resetTime: info.resetTime?.getTime() ?? null,
    }
  }
  cluster?.on('message', (worker: Worker, message: unknown) => {
    const reply = answer(message)
    if (reply !== undefined && worker.isConnected()) worker.send(reply)
  })
  return answer
}

/** The IPC channel a worker has to its primary (`process` in a cluster worker). */
export interface RateChannel {
  send(message: RateRequest): unknown
  on(event: 'message', listener: (message: unknown) => void): unknown
}

/**
 * A worker's hit counter for `perTokenRateLimit` that asks the cluster's primary
 * (`answerRateRequests`) instead of counting alone. An answer that does not come within
 * `timeoutMs` (a primary gone) falls back to counting in this process, so requests are still
 * limited, never failed.
 */
export class ClusterRateStore implements Store<AuthEnv> {
  readonly localKeys = false
  readonly prefix = 'lagesbild:'
  readonly #channel: RateChannel
  readonly #timeoutMs: number
  readonly #pending = new Map<number, (reply: RateReply | undefined) => void>()
  readonly #fallback = new MemoryStore<AuthEnv>()
  #windowMs = 60_000
  #next = 0

  constructor(channel: RateChannel = process as unknown as RateChannel, timeoutMs = 2000) {
    this.#channel = channel
    this.#timeoutMs = timeoutMs
    channel.on('message', (message) => {
      if (!isReply(message)) return
      this.#pending.get(message.id)?.(message)
    })
  }

  init(options: { windowMs: number }): void {
    this.#windowMs = options.windowMs
    this.#fallback.init(options as never)
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const reply = await this.#ask('increment', key)
    if (reply === undefined) return this.#fallback.increment(key)
    return {
      totalHits: reply.totalHits,
      ...(reply.resetTime === null ? {} : { resetTime: new Date(reply.resetTime) }),
    }
  }

  async decrement(key: string): Promise<void> {
    if ((await this.#ask('decrement', key)) === undefined) this.#fallback.decrement(key)
  }

  async resetKey(key: string): Promise<void> {
    if ((await this.#ask('reset', key)) === undefined) this.#fallback.resetKey(key)
  }

  #ask(op: RateRequest['op'], key: string): Promise<RateReply | undefined> {
    const id = this.#next++
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(undefined), this.#timeoutMs)
      const settle = (reply: RateReply | undefined) => {
        clearTimeout(timer)
        this.#pending.delete(id)
        resolve(reply)
      }
      this.#pending.set(id, settle)
      try {
        this.#channel.send({ type: 'lagesbild:rate', id, op, key, windowMs: this.#windowMs })
      } catch {
        settle(undefined)
      }
    })
  }
}
