import { createHash } from 'node:crypto'

/** Namespace of every id this package derives (a fixed random v4 uuid, unlike the CSV importers'). */
const NAMESPACE = Buffer.from('2b8e4f1a7c3d4e6b9a0f5c2d8e1b7a43', 'hex')

/**
 * An RFC 9562 version-5 uuid of a name within this package's namespace: the same tenant, source,
 * natural id and content always give the same event id, so a re-import writes nothing new.
 * @example publicSourceUuid('mjolby', 'police-events', '423516', 'a1b2') // always the same uuid
 */
export const publicSourceUuid = (...parts: readonly string[]): string => {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u0000')).digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** A short, stable hash of JSON content with sorted keys (the "content" part of an event id). */
export const contentHash = (value: unknown): string =>
  createHash('sha1').update(canonical(value)).digest('hex').slice(0, 16)

const canonical = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
}

/**
 * A readable id fragment from Swedish text: lower case, å/ä → a, ö → o, other runs → '-'.
 * @example slugify('Östergötlands län') // 'ostergotlands-lan'
 */
export const slugify = (text: string, max = 90): string =>
  text
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/é/g, 'e')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '')
