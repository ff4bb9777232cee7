import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The clone's root; the published data sits beside it in `shared/data/real` (also on CI). */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..')

/** Path of one of the real public files (see shared/data/real/README.md). */
export const realFile = (file: string): string =>
  path.join(repoRoot, '..', 'shared', 'data', 'real', file)

/** The text of one of the real public files. */
export const readRealFile = (file: string): string => readFileSync(realFile(file), 'utf8')
