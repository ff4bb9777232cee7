import { fsyncSync } from 'node:fs'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { NodeFS } from '@electric-sql/pglite/nodefs'

// Emscripten's errno for EIO: PostgreSQL treats a failed fsync as fatal, which is what we want.
const EMSCRIPTEN_EIO = 29

interface EmscriptenStream {
  readonly nfd: number
}
interface EmscriptenModule {
  NODEFS: { stream_ops: { fsync?: (stream: EmscriptenStream) => number } }
}

/**
 * PGlite's Node filesystem with a working fsync. PGlite maps its data directory with
 * Emscripten's NODEFS, whose files have no fsync operation, and starts PostgreSQL with
 * `-F` (fsync off): writes reach the OS page cache but are never forced to disk. This
 * filesystem adds fsync (a real `fsync(2)` on the file), and {@link durableStartParams}
 * turns PostgreSQL's fsync back on with `wal_sync_method=fsync` (Emscripten's fdatasync is
 * a no-op). A commit then returns only after its WAL is on disk.
 */
export class DurableNodeFS extends NodeFS {
  #syncs = 0

  /** How many fsyncs reached the disk; lets tests see that commits are forced. */
  get syncCount(): number {
    return this.#syncs
  }

  override async init(
    pg: Parameters<NodeFS['init']>[0],
    opts: Parameters<NodeFS['init']>[1],
  ): ReturnType<NodeFS['init']> {
    const result = await super.init(pg, opts)
    const preRun = result.emscriptenOpts.preRun ?? []
    result.emscriptenOpts.preRun = [
      ...(Array.isArray(preRun) ? preRun : [preRun]),
      (mod: EmscriptenModule) => {
        mod.NODEFS.stream_ops.fsync = (stream) => {
          try {
            fsyncSync(stream.nfd)
            this.#syncs++
            return 0
          } catch {
            return EMSCRIPTEN_EIO
          }
        }
      },
    ]
    return result
  }
}

/** PGlite's default start parameters with fsync on and a sync method that reaches the disk. */
export const durableStartParams = (): string[] => [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=fsync',
  '-c',
  'synchronous_commit=on',
  '-c',
  'full_page_writes=on',
]

/**
 * PGlite options for a file-backed data directory.
 *
 * @param dir where PGlite keeps its files
 * @param durability 'fsync' forces each commit to disk; 'os' leaves writes in the OS cache
 *   (PGlite's default: survives a process crash, not a power cut)
 */
export const pgliteFileOptions = (dir: string, durability: 'fsync' | 'os'): PGliteOptions =>
  durability === 'fsync'
    ? { fs: new DurableNodeFS(dir), startParams: durableStartParams() }
    : { dataDir: dir }
