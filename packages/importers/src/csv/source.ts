import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** A file the importer can read twice (validate, then write), and how to let go of it. */
export interface ReplayableFile {
  readonly path: string
  readonly release: () => Promise<void>
}

/**
 * Two passes need the bytes twice; a stream can be read once, so it is spooled to a temporary
 * file first. Disk, not memory: a million-row stream stays bounded.
 */
export const replayable = async (source: string | Readable): Promise<ReplayableFile> => {
  if (typeof source === 'string') return { path: source, release: async () => {} }
  const dir = await mkdtemp(join(tmpdir(), 'lagesbild-import-'))
  const path = join(dir, 'source.csv')
  const release = () => rm(dir, { recursive: true, force: true })
  try {
    await pipeline(source, createWriteStream(path))
  } catch (error) {
    await release()
    throw error
  }
  return { path, release }
}

const BOM = '\ufeff'

/** The delimiters a file may use. */
export type Delimiter = ',' | ';'

/**
 * The delimiter is decided from the header line alone: header names never contain a comma or a
 * semicolon, whereas data rows may (decimal commas, notes), so the header is the safe witness.
 */
export const sniffDelimiter = (headerLine: string): Delimiter => {
  let commas = 0
  let semicolons = 0
  let quoted = false
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && ch === ',') commas++
    else if (!quoted && ch === ';') semicolons++
  }
  return semicolons > commas ? ';' : ','
}

/** Reads just enough of the file to see its header line. */
export const readHeaderLine = async (path: string): Promise<string> => {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(64 * 1024)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    let text = buffer.subarray(0, bytesRead).toString('utf8')
    if (text.startsWith(BOM)) text = text.slice(1)
    const end = text.search(/\r?\n/)
    return end === -1 ? text : text.slice(0, end)
  } finally {
    await handle.close()
  }
}

/** How many bytes the importer reads at a time. */
export const CHUNK_BYTES = 256 * 1024

export const openStream = (path: string, chunkBytes = CHUNK_BYTES): Readable =>
  createReadStream(path, { highWaterMark: chunkBytes })
