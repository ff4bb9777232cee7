import { readCsv } from '../shared/csv.js'
import type { Rejection } from '../shared/rejections.js'

/** Where a police crime code sits in Region Dalarna's hierarchy (level 1 coarse … 5 fine). */
export interface CrimeCodeCategory {
  /** Four digits, leading zero restored (`0821`). */
  readonly code: string
  /** Category names by level: `levels[0]` is level 1. */
  readonly levels: readonly string[]
  /** Region Dalarna's question area (`Fråga 2 - Hot och våld`), when the key gives one. */
  readonly questionArea: string | undefined
}

/**
 * Restores a police crime code's leading zero: both files were read as integers, so `821` is
 * `0821`. Codes are four digits.
 * @example normaliseCrimeCode('821') // '0821'
 */
export const normaliseCrimeCode = (text: string): string | undefined => {
  const t = text.trim()
  return /^\d{1,4}$/.test(t) ? t.padStart(4, '0') : undefined
}

/**
 * Parses Region Dalarna's key from crime code to category (`Brottskod, Brott_niva,
 * Brottskategorier_namn, Frågeområde_namn`, one row per code and level).
 *
 * @param text the CSV text
 * @returns the key by four-digit code, and rejected rows
 * @throws Error when a required column is missing
 * @example const { key } = parseCrimeCodeKey(readFileSync(keyFile, 'utf8'))
 */
export const parseCrimeCodeKey = (
  text: string,
): {
  readonly key: ReadonlyMap<string, CrimeCodeCategory>
  readonly rejected: readonly Rejection[]
  readonly rows: number
} => {
  const { header, records, misfits } = readCsv(text)
  const need = ['Brottskod', 'Brott_niva', 'Brottskategorier_namn', 'Frågeområde_namn']
  const at = need.map((n) => header.indexOf(n))
  if (at.some((i) => i < 0)) throw new Error(`crime code key needs columns ${need.join(', ')}`)
  const [iCode, iLevel, iName, iArea] = at as [number, number, number, number]
  const building = new Map<string, { levels: string[]; questionArea: string | undefined }>()
  const rejected: Rejection[] = [...misfits]
  for (const { row, fields } of records) {
    const code = normaliseCrimeCode(fields[iCode] ?? '')
    const level = Number(fields[iLevel])
    const name = (fields[iName] ?? '').trim()
    if (code === undefined || !Number.isInteger(level) || level < 1 || level > 5 || name === '') {
      rejected.push({ row, kind: 'malformed', reason: 'expected a code, a level 1–5 and a name' })
      continue
    }
    const entry = building.get(code) ?? { levels: [], questionArea: undefined }
    building.set(code, entry)
    if (entry.levels[level - 1] !== undefined) {
      rejected.push({ row, kind: 'malformed', reason: `code ${code} level ${level} given twice` })
      continue
    }
    entry.levels[level - 1] = name
    const area = (fields[iArea] ?? '').trim()
    if (area !== '' && entry.questionArea === undefined) entry.questionArea = area
  }
  const key = new Map<string, CrimeCodeCategory>()
  for (const [code, e] of building) {
    key.set(code, {
      code,
      levels: Array.from(e.levels, (l) => l ?? ''),
      questionArea: e.questionArea,
    })
  }
  return { key, rejected, rows: records.length + misfits.length }
}

/** One row of the police's crime delivery: crimes of one code registered on one day in a DeSO. */
export interface PoliceCrime {
  readonly row: number
  readonly municipalityCode: string
  readonly municipality: string
  readonly desoCode: string
  readonly regsoName: string
  readonly crimeCode: string
  readonly crimeCodeText: string
  /** Registration date: when the police learned of it (the knowledge time). */
  readonly registeredOn: string
  /** Interval in which the crime happened; undefined where the delivery says `-`. */
  readonly crimeFrom: string | undefined
  readonly crimeTo: string | undefined
  readonly count: number
  /** The delivery file the row came from (`Brottsstatistik_Ludvika_202412.csv`). */
  readonly sourceFile: string
  /** The key's hierarchy for the code; undefined when the key lacks it. */
  readonly category: CrimeCodeCategory | undefined
}

const COLUMNS = [
  'Kommunnamn',
  'Kommunkod',
  'desokod',
  'Brottskod',
  'Brottskod text',
  'Inskrivningsdatum',
  'Brottsdatum från',
  'Brottsdatum till',
  'antal_brott',
  'kallfil',
  'regsonamn',
] as const

const DESO = /^\d{4}[A-C]\d{4}$/

const isDate = (t: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(t) && new Date(`${t}T00:00:00Z`).toISOString().slice(0, 10) === t

/**
 * Parses the police's crime-statistics delivery per DeSO and crime code.
 *
 * @param text the delivery as CSV (R `write.csv` style)
 * @param key the crime code key from {@link parseCrimeCodeKey}
 * @returns rows and rejected rows (row = line number, the header is row 1)
 * @throws Error when a required column is missing
 * @example
 * const { key } = parseCrimeCodeKey(keyText)
 * const { crimes, rejected } = parsePoliceCrimes(deliveryText, key)
 */
export const parsePoliceCrimes = (
  text: string,
  key: ReadonlyMap<string, CrimeCodeCategory>,
): {
  readonly crimes: readonly PoliceCrime[]
  readonly rejected: readonly Rejection[]
  readonly rows: number
} => {
  const { header, records, misfits } = readCsv(text)
  const at = new Map(header.map((h, i) => [h.trim(), i]))
  const missing = COLUMNS.filter((c) => !at.has(c))
  if (missing.length > 0) throw new Error(`police crime delivery lacks ${missing.join(', ')}`)
  const crimes: PoliceCrime[] = []
  const rejected: Rejection[] = [...misfits]
  for (const { row, fields } of records) {
    const get = (c: (typeof COLUMNS)[number]): string => (fields[at.get(c) ?? -1] ?? '').trim()
    const problems: string[] = []
    const desoCode = get('desokod')
    if (!DESO.test(desoCode)) problems.push(`desokod "${desoCode}" is not a DeSO code`)
    const crimeCode = normaliseCrimeCode(get('Brottskod'))
    if (crimeCode === undefined) problems.push(`Brottskod "${get('Brottskod')}" is not a code`)
    const registeredOn = get('Inskrivningsdatum')
    if (!isDate(registeredOn)) problems.push(`Inskrivningsdatum "${registeredOn}" is not a date`)
    const dateOrUnknown = (column: 'Brottsdatum från' | 'Brottsdatum till') => {
      const t = get(column)
      if (t === '-') return undefined
      if (!isDate(t)) problems.push(`${column} "${t}" is neither a date nor "-"`)
      return t
    }
    const crimeFrom = dateOrUnknown('Brottsdatum från')
    const crimeTo = dateOrUnknown('Brottsdatum till')
    if (crimeFrom !== undefined && crimeTo !== undefined && crimeFrom > crimeTo) {
      problems.push('Brottsdatum från is after Brottsdatum till')
    }
    const countText = get('antal_brott')
    const count = /^\d+$/.test(countText) ? Number(countText) : 0
    if (count < 1) problems.push(`antal_brott "${countText}" is not a positive count`)
    if (problems.length > 0 || crimeCode === undefined) {
      rejected.push({ row, kind: 'malformed', reason: problems.join('; ') })
      continue
    }
    crimes.push({
      row,
      municipalityCode: get('Kommunkod').padStart(4, '0'),
      municipality: get('Kommunnamn'),
      desoCode,
      regsoName: get('regsonamn'),
      crimeCode,
      crimeCodeText: get('Brottskod text'),
      registeredOn,
      crimeFrom,
      crimeTo,
      count,
      sourceFile: get('kallfil'),
      category: key.get(crimeCode),
    })
  }
  return { crimes, rejected, rows: records.length + misfits.length }
}
