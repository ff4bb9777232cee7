import { createHash } from 'node:crypto'

/** Namespace of every id the importers derive (a fixed random v4 uuid). */
const NAMESPACE = Buffer.from('6f1c2a4e9b7d4c3f8a5e2d1b0c9f7e63', 'hex')

/**
 * An RFC 9562 version-5 uuid of a name within the importers' namespace. The same name always
 * gives the same id, which is what makes a re-run or a resumed import recognise what it wrote.
 * @example deterministicUuid('demo', 'reports', 'r-17') // always the same uuid
 */
export const deterministicUuid = (...parts: readonly string[]): string => {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u0000')).digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
