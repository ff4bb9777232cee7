import { parseDecimal, readCsv } from '../shared/csv.js'
import type { Rejection } from '../shared/rejections.js'

/** The two sources Brå's municipal indicator table draws on. */
export const BRA_SOURCES = {
  reportedCrime: 'Anmälda brott',
  ntu: 'Nationella trygghetsundersökningen (NTU)',
} as const

/** The row that carries the number of NTU respondents per geography and survey year. */
export const BRA_RESPONDENTS_INDICATOR = 'Antal svarande i NTU.'

const COUNT_UNIT = 'Antal'
const RATE_UNIT = 'Antal per 100 000 inv'
const CI_LOWER_UNIT = 'KI (95 %) undre gräns'
const CI_UPPER_UNIT = 'KI (95 %) övre gräns'
const ESTIMATE_UNIT_PREFIX = 'Andel (%)'
const EXPOSURE_PREFIX = 'Självrapporterad utsatthet'

/**
 * How Brå's `ar` reads. For self-reported exposure the year is the one the exposure refers to,
 * and the figure comes from the survey of the following year; for everything else it is the
 * survey year.
 */
export type BraYearSemantics = 'survey-year' | 'exposure-year'

/** One published NTU share with its 95 % confidence limits, exactly as Brå gives them. */
export interface NtuFigure {
  readonly geography: string
  readonly indicator: string
  /** Brå's long unit text, e.g. `Andel (%) i befolkningen (16–84 år) som …`. */
  readonly unitText: string
  /** `ar` as published. */
  readonly year: number
  readonly yearSemantics: BraYearSemantics
  /** The NTU wave the figure comes from: `year`, or `year + 1` for exposure indicators. */
  readonly surveyYear: number
  /** Percent, as published (municipalities whole percent, county and nation with decimals). */
  readonly estimate: number
  readonly ciLower: number
  readonly ciUpper: number
  /** Respondents in that geography's survey wave; null when Brå gives none for it. */
  readonly n: number | null
  /** The file rows behind the figure (estimate, lower, upper). */
  readonly rows: readonly number[]
}

/** Brå's official reported-crime count and rate for one indicator, geography and year. */
export interface ReportedCrimeFigure {
  readonly geography: string
  readonly indicator: string
  /** Calendar year of reporting. */
  readonly year: number
  readonly count: number | null
  readonly ratePer100k: number | null
  readonly rows: readonly number[]
}

/** What `parseBraIndicators` found: typed figures, and every row it would not use, with why. */
export interface BraParseResult {
  readonly ntu: readonly NtuFigure[]
  readonly reportedCrime: readonly ReportedCrimeFigure[]
  /** Respondents per `geography|surveyYear`, also used for each figure's n. */
  readonly respondents: ReadonlyMap<string, { readonly n: number; readonly row: number }>
  readonly rejected: readonly Rejection[]
  /** Data rows read (header not counted). */
  readonly rows: number
}

const COLUMNS = ['geografi', 'enhet', 'ar', 'variabel', 'varde', 'kalla'] as const

interface Cell {
  readonly row: number
  readonly value: number
}

interface NtuParts {
  estimate?: Cell & { unitText: string }
  lower?: Cell
  upper?: Cell
}

interface CrimeParts {
  count?: Cell
  rate?: Cell
}

const key = (...parts: readonly (string | number)[]): string => parts.join('\u0000')

/**
 * Parses Brå's "Indikatorer för kommuners lägesbild" in long form (one row per value: estimate,
 * lower and upper limit and respondents on separate rows). Nothing is rounded or rescaled.
 * Rows are flagged, not repaired, when reading them would take a guess: an indicator name that
 * carries its unit text, a figure missing a limit, an estimate outside its interval, duplicates.
 *
 * @param text the CSV text (UTF-8, R `write.csv` style)
 * @returns figures, respondents and rejected rows; every data row is in exactly one of them
 * @throws Error when a required column is missing (the file is not this table at all)
 * @example
 * const { ntu, rejected } = parseBraIndicators(readFileSync(file, 'utf8'))
 */
export const parseBraIndicators = (text: string): BraParseResult => {
  const { header, records, misfits } = readCsv(text)
  const at = new Map(header.map((h, i) => [h.trim(), i]))
  const missing = COLUMNS.filter((c) => !at.has(c))
  if (missing.length > 0) {
    throw new Error(`Brå indicator file lacks column(s) ${missing.join(', ')}`)
  }
  const col = (fields: readonly string[], name: (typeof COLUMNS)[number]): string =>
    (fields[at.get(name) ?? -1] ?? '').trim()

  const rejected: Rejection[] = [...misfits]
  const reject = (row: number, reason: string): void => {
    rejected.push({ row, kind: 'malformed', reason })
  }
  const ntuParts = new Map<
    string,
    NtuParts & { geography: string; indicator: string; year: number }
  >()
  const crimeParts = new Map<
    string,
    CrimeParts & { geography: string; indicator: string; year: number }
  >()
  const respondents = new Map<string, { n: number; row: number }>()

  for (const { row, fields } of records) {
    const geography = col(fields, 'geografi')
    const unit = col(fields, 'enhet')
    const yearText = col(fields, 'ar')
    const indicator = col(fields, 'variabel')
    const source = col(fields, 'kalla')
    const valueText = col(fields, 'varde')
    if (geography === '' || indicator === '') {
      reject(row, 'geografi or variabel is empty')
      continue
    }
    if (!/^\d{4}$/.test(yearText)) {
      reject(row, `ar "${yearText}" is not a year`)
      continue
    }
    const year = Number(yearText)
    const value = parseDecimal(valueText)
    if (value === undefined) {
      reject(row, valueText === '' ? 'varde is empty' : `varde "${valueText}" is not a number`)
      continue
    }
    if (source === BRA_SOURCES.reportedCrime) {
      const k = key(geography, indicator, year)
      const parts = crimeParts.get(k) ?? { geography, indicator, year }
      crimeParts.set(k, parts)
      const slot = unit === COUNT_UNIT ? 'count' : unit === RATE_UNIT ? 'rate' : undefined
      if (slot === undefined) {
        reject(row, `unknown unit "${unit}" for reported crime`)
      } else if (parts[slot] !== undefined) {
        reject(row, `duplicate ${unit} for ${geography} ${year} ${indicator}`)
      } else if (slot === 'count' && !Number.isInteger(value)) {
        reject(row, `count ${valueText} is not a whole number`)
      } else {
        parts[slot] = { row, value }
      }
      continue
    }
    if (source !== BRA_SOURCES.ntu) {
      reject(row, `unknown kalla "${source}"`)
      continue
    }
    if (indicator === BRA_RESPONDENTS_INDICATOR) {
      const k = key(geography, year)
      if (!Number.isInteger(value) || value < 0) reject(row, `respondents ${valueText} not a count`)
      else if (respondents.has(k)) reject(row, `duplicate respondents for ${geography} ${year}`)
      else respondents.set(k, { n: value, row })
      continue
    }
    // Region Dalarna's stacking left one indicator's unit text inside its name; the name is then
    // not Brå's and cutting it back would be our guess, so the rows are flagged instead.
    if (indicator.includes(ESTIMATE_UNIT_PREFIX) || indicator.includes('KI (95')) {
      reject(row, 'indicator name carries its unit text ("Andel (%) …"); not guessing the name')
      continue
    }
    const k = key(geography, indicator, year)
    const parts = ntuParts.get(k) ?? { geography, indicator, year }
    ntuParts.set(k, parts)
    const slot =
      unit === CI_LOWER_UNIT
        ? 'lower'
        : unit === CI_UPPER_UNIT
          ? 'upper'
          : unit.startsWith(ESTIMATE_UNIT_PREFIX)
            ? 'estimate'
            : undefined
    if (slot === undefined) {
      reject(row, `unknown unit "${unit}" for an NTU indicator`)
    } else if (parts[slot] !== undefined) {
      reject(row, `duplicate ${slot} for ${geography} ${year} ${indicator}`)
    } else if (slot === 'estimate') {
      parts.estimate = { row, value, unitText: unit }
    } else {
      parts[slot] = { row, value }
    }
  }

  const ntu: NtuFigure[] = []
  for (const p of ntuParts.values()) {
    const present = [p.estimate?.row, p.lower?.row, p.upper?.row].filter(
      (r): r is number => r !== undefined,
    )
    if (p.estimate === undefined || p.lower === undefined || p.upper === undefined) {
      const lacking = [
        p.estimate ? '' : 'estimate',
        p.lower ? '' : 'lower limit',
        p.upper ? '' : 'upper limit',
      ].filter(Boolean)
      for (const row of present) {
        reject(row, `${p.geography} ${p.year} ${p.indicator}: no ${lacking.join(' or ')}`)
      }
      continue
    }
    if (p.lower.value > p.estimate.value || p.estimate.value > p.upper.value) {
      for (const row of present) {
        reject(row, `${p.geography} ${p.year} ${p.indicator}: estimate outside its interval`)
      }
      continue
    }
    const yearSemantics: BraYearSemantics = p.indicator.startsWith(EXPOSURE_PREFIX)
      ? 'exposure-year'
      : 'survey-year'
    const surveyYear = yearSemantics === 'exposure-year' ? p.year + 1 : p.year
    ntu.push({
      geography: p.geography,
      indicator: p.indicator,
      unitText: p.estimate.unitText,
      year: p.year,
      yearSemantics,
      surveyYear,
      estimate: p.estimate.value,
      ciLower: p.lower.value,
      ciUpper: p.upper.value,
      n: respondents.get(key(p.geography, surveyYear))?.n ?? null,
      rows: present,
    })
  }

  const reportedCrime: ReportedCrimeFigure[] = [...crimeParts.values()]
    .filter((p) => p.count !== undefined || p.rate !== undefined)
    .map((p) => ({
      geography: p.geography,
      indicator: p.indicator,
      year: p.year,
      count: p.count?.value ?? null,
      ratePer100k: p.rate?.value ?? null,
      rows: [p.count?.row, p.rate?.row].filter((r): r is number => r !== undefined),
    }))

  rejected.sort((a, b) => a.row - b.row)
  return { ntu, reportedCrime, respondents, rejected, rows: records.length + misfits.length }
}
