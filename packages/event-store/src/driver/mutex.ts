/** A FIFO mutex: PGlite has a single connection, so kysely's callers queue for it. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve()

  /** Waits for the mutex; resolves to the function that releases it. */
  acquire(): Promise<() => void> {
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const acquired = this.#tail.then(() => release)
    this.#tail = this.#tail.then(() => held)
    return acquired
  }
}
