import { describe, expect, it } from 'vitest'
import { canonicalJson } from './append.js'
import { copyLine } from './driver/copy.js'
import { backendOptionsFromEnv, DEFAULT_DATA_DIR } from './open.js'
import { timestamptzToIso } from './parsers.js'

describe('copyLine', () => {
  it('separates fields with tabs, writes null as \\N and escapes what COPY text treats specially', () => {
    expect(copyLine(['a', 1, null, 'tab\there', 'line\nbreak\r', 'back\\slash'])).toBe(
      'a\t1\t\\N\ttab\\there\tline\\nbreak\\r\tback\\\\slash\n',
    )
  })
})

describe('canonicalJson', () => {
  it('ignores key order at every depth but not array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }),
    )
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }))
  })
})

describe('timestamptzToIso', () => {
  it.each([
    ['2024-05-01 12:00:00+00', '2024-05-01T12:00:00.000Z'],
    ['2024-05-01 12:00:00.123456+02', '2024-05-01T10:00:00.123Z'],
    ['2024-05-01 12:00:00+05:30', '2024-05-01T06:30:00.000Z'],
    ['2024-05-01 00:00:00-0130', '2024-05-01T01:30:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(timestamptzToIso(text)).toBe(iso)
  })
})

describe('backendOptionsFromEnv', () => {
  it('selects the server when DATABASE_URL is a postgres URL', () => {
    expect(
      backendOptionsFromEnv({ DATABASE_URL: 'postgres://u@h/db', LAGESBILD_DATA_DIR: '/x' }),
    ).toEqual({
      databaseUrl: 'postgres://u@h/db',
    })
    expect(backendOptionsFromEnv({ DATABASE_URL: 'postgresql://h/db' })).toEqual({
      databaseUrl: 'postgresql://h/db',
    })
  })

  it('falls back to PGlite in LAGESBILD_DATA_DIR, then in ./.lagesbild', () => {
    expect(backendOptionsFromEnv({ LAGESBILD_DATA_DIR: '/var/lib/lagesbild' })).toEqual({
      dataDir: '/var/lib/lagesbild',
    })
    expect(backendOptionsFromEnv({ DATABASE_URL: '' })).toEqual({ dataDir: DEFAULT_DATA_DIR })
  })

  it('refuses a DATABASE_URL that is not PostgreSQL instead of silently using PGlite', () => {
    expect(() => backendOptionsFromEnv({ DATABASE_URL: 'mysql://h/db' })).toThrowError(
      /postgres:\/\//,
    )
  })
})
