import {
  type Actor,
  type Category,
  DEFAULT_CATEGORY_CATALOGUE,
  type Observation,
  type OccurredOn,
} from '@lagesbild/domain'
import {
  dayOf,
  dayOfYear,
  isoOf,
  isSchoolTerm,
  localInstant,
  timeOf,
  weekdayOf,
} from './calendar.js'
import type { EventCollector, Stamp } from './event-log.js'
import { createRandom } from './random/index.js'
import {
  CATEGORY_PROFILES,
  DEMO_RATES,
  PART_OF_DAY_HOURS,
  PLACE_LEVELS,
  partOfDayAt,
  type SeasonProfile,
} from './rates.js'

// Scales the rate table to ~40k observations over 2019–2025 (the issue asks for 20–60k).
const RATE_SCALE = 1.45
export const REPORTING_TREND = { start: 0.85, end: 1.15 } as const
// Shape of the gamma "hot fortnight" noise shared by all categories at a place: CV ≈ 0.29.
const PLACE_PERIOD_NOISE_SHAPE = 12
const SKIP_PROBABILITY = 0.03
const LATE_PROBABILITY = 0.06
const ERROR_PROBABILITY = 0.006
const DUPLICATE_PROBABILITY = 0.006

const CATEGORY_BY_CODE = new Map<string, Category>(
  DEFAULT_CATEGORY_CATALOGUE.map((c) => [c.code, c]),
)

type Effect = { readonly fromDay: number; readonly ratio: number; readonly rampEndDay?: number }

type Cell = {
  readonly organisationId: string
  readonly placeId: string
  readonly categoryCode: string
  readonly ratePerDay: number
  readonly season: Float64Array
  readonly profile: SeasonProfile
  readonly effects: readonly Effect[]
}

const seasonTable = (profile: SeasonProfile): Float64Array => {
  const table = new Float64Array(366)
  let sum = 0
  for (let d = 0; d < 366; d++) {
    const v = Math.exp(profile.amplitude * Math.cos((2 * Math.PI * (d - profile.peakDay)) / 365))
    table[d] = v
    sum += v
  }
  // Normalise to mean 1 so the rate table stays "per average period".
  const mean = sum / 366
  const weekMean = (5 + 2 * profile.weekend) / 7
  for (let d = 0; d < 366; d++) table[d] = (table[d] as number) / mean / weekMean
  return table
}

const NOTES: Readonly<Record<string, readonly string[]>> = {
  vandalism: ['Krossad ruta i busskur', 'Sönderslagen parkbänk', 'Trasig dörr till soprum'],
  graffiti: ['Klotter på fasad', 'Taggar på elskåp', 'Klotter i gångtunneln'],
  littering: ['Mycket skräp efter helgen', 'Fulla papperskorgar och glas på marken'],
  'unsafe-place': ['Trasig belysning längs gångvägen', 'Mörkt och igenvuxet buskage'],
  'disturbing-gatherings': ['Större grupp unga, högljutt kvällstid', 'Samling med mopeder'],
  'suspected-drug-activity': ['Misstänkt försäljning vid entrén', 'Lukt av cannabis'],
  'open-drug-dealing': ['Öppen försäljning vid väntsalen'],
  'staff-incident': ['Personal hotad vid tillsägelse'],
  'reckless-driving': ['Mopeder i hög fart på gång- och cykelvägen'],
  arson: ['Brand i papperskorg', 'Anlagd brand i barnvagnsförråd'],
  'planned-event': ['Marknad på torget', 'Konsert i parken'],
  'social-media-rumours': ['Rykte om slagsmål efter skolan sprids i sociala medier'],
}

const CORRECTION_REASONS = {
  category: 'Fel kategori angavs i rapporten.',
  count: 'Fel antal angavs i rapporten.',
  date: 'Fel datum angavs i rapporten.',
  place: 'Fel plats valdes i rapporten.',
} as const

const HOUR = 3600

/** A planted multiplicative change of a rate from `fromDay` (a linear ramp when `rampEndDay`). */
export type PlantedRateChange = {
  readonly placeIds: readonly string[]
  readonly categoryCodes: readonly string[]
  readonly fromDay: number
  readonly ratio: number
  readonly rampEndDay?: number
}

/** What the report generator did, for the truth's volumes. */
export type ReportVolumes = {
  reports: number
  observations: number
  skippedReports: number
  lateReports: number
  corrections: number
  retractedDuplicates: number
}

/**
 * One checklist report per reporting partner and 14-day period, drawn from the rate table with
 * seasonality, noise and the planted rate changes; late reports, corrections and retracted
 * duplicates on top.
 */
export const generateReports = (
  out: EventCollector,
  input: {
    readonly seed: number
    readonly fromDay: number
    readonly toDay: number
    readonly anchorDay: number
    readonly changes: readonly PlantedRateChange[]
    readonly newId: () => string
  },
): ReportVolumes => {
  const { fromDay, toDay, anchorDay } = input
  const rng = createRandom(input.seed, 'reports')
  const ids = { uuid: input.newId }
  const at = (day: number, seconds: number): Stamp => localInstant(day, seconds)
  const coordinator: Actor = { organisationId: 'municipality', role: 'coordinator' }
  const TREND = REPORTING_TREND
  const effectsFor = (placeId: string, categoryCode: string): Effect[] =>
    input.changes
      .filter((c) => c.placeIds.includes(placeId) && c.categoryCodes.includes(categoryCode))
      .map((c) => ({
        fromDay: c.fromDay,
        ratio: c.ratio,
        ...(c.rampEndDay === undefined ? {} : { rampEndDay: c.rampEndDay }),
      }))

  const seasons = new Map<string, Float64Array>()
  const cells: Cell[] = []
  for (const [organisationId, rows] of Object.entries(DEMO_RATES)) {
    for (const [placeIds, rates] of rows) {
      for (const placeId of placeIds) {
        for (const [categoryCode, rate] of Object.entries(rates)) {
          const profile = CATEGORY_PROFILES[categoryCode]
          if (profile === undefined) throw new Error(`No season profile for ${categoryCode}`)
          let season = seasons.get(categoryCode)
          if (season === undefined) {
            season = seasonTable(profile)
            seasons.set(categoryCode, season)
          }
          cells.push({
            organisationId,
            placeId,
            categoryCode,
            ratePerDay: (rate * RATE_SCALE * (PLACE_LEVELS[placeId] ?? 1)) / 14,
            season,
            profile,
            effects: effectsFor(placeId, categoryCode),
          })
        }
      }
    }
  }
  const organisations = Object.keys(DEMO_RATES)
  const cellsByOrganisation = new Map(
    organisations.map((o) => [o, cells.filter((c) => c.organisationId === o)]),
  )
  const placeIds = [...new Set(cells.map((c) => c.placeId))]

  const effectAt = (effects: readonly Effect[], day: number): number => {
    let m = 1
    for (const e of effects) {
      if (day < e.fromDay) continue
      if (e.rampEndDay === undefined) m *= e.ratio
      else {
        const progress = Math.min(1, (day - e.fromDay) / Math.max(1, e.rampEndDay - e.fromDay))
        m *= 1 + (e.ratio - 1) * progress
      }
    }
    return m
  }
  // Per-day factors shared by every cell, computed once: the loop below runs ~500k times.
  const span = Math.max(1, toDay - fromDay)
  const days = toDay - anchorDay + 1
  const doy = new Int16Array(days)
  const fridayOrSaturday = new Uint8Array(days)
  const trend = new Float64Array(days)
  const inTerm = new Uint8Array(days)
  for (let i = 0; i < days; i++) {
    const day = anchorDay + i
    doy[i] = dayOfYear(day)
    const wd = weekdayOf(day)
    fridayOrSaturday[i] = wd === 4 || wd === 5 ? 1 : 0
    trend[i] = TREND.start + ((TREND.end - TREND.start) * (day - fromDay)) / span
    inTerm[i] = isSchoolTerm(day) ? 1 : 0
  }

  // --- Reports: one checklist report per organisation and 14-day period.
  const volumes = {
    reports: 0,
    observations: 0,
    skippedReports: 0,
    lateReports: 0,
    corrections: 0,
    retractedDuplicates: 0,
  }
  const weights = new Float64Array(14)
  for (let start = anchorDay; start + 14 <= toDay; start += 14) {
    const end = start + 13
    const noise = new Map(
      placeIds.map((p) => [p, rng.gamma(PLACE_PERIOD_NOISE_SHAPE, 1 / PLACE_PERIOD_NOISE_SHAPE)]),
    )
    for (const organisationId of organisations) {
      const orgCells = cellsByOrganisation.get(organisationId) ?? []
      const incidents: { cell: Cell; day: number; observation: Observation }[] = []
      for (const cell of orgCells) {
        let lambda = 0
        const isEducation = organisationId === 'education'
        for (let i = 0; i < 14; i++) {
          const day = start + i
          const j = day - anchorDay
          const w =
            cell.ratePerDay *
            (cell.season[doy[j] as number] as number) *
            (fridayOrSaturday[j] === 1 ? cell.profile.weekend : 1) *
            // Teachers and school staff report from the yards while school is in.
            (isEducation && inTerm[j] === 0 ? 0.1 : 1) *
            (trend[j] as number) *
            (cell.effects.length === 0 ? 1 : effectAt(cell.effects, day))
          weights[i] = w
          lambda += w
        }
        const n = rng.poisson(lambda * (noise.get(cell.placeId) ?? 1))
        for (let k = 0; k < n; k++) {
          const day = start + rng.weighted(weights)
          incidents.push({ cell, day, observation: observe(cell, day, end, organisationId) })
        }
      }
      // Every draw above happens whether or not the report is then skipped, so skipping does
      // not shift the random stream of the other organisations.
      if (incidents.length === 0) continue
      if (rng.chance(SKIP_PROBABILITY)) {
        volumes.skippedReports++
        continue
      }
      incidents.sort((a, b) => a.day - b.day || sortKey(a.observation) - sortKey(b.observation))
      const observations = incidents.map((x, i) => ({
        ...x.observation,
        observationId: `o${i + 1}`,
      }))
      emitReport(organisationId, start, end, observations, orgCells)
    }
  }

  function sortKey(o: Observation): number {
    const t = o.occurredOn.precision === 'exact' ? o.occurredOn.time : undefined
    return t === undefined ? 0 : Number(t.slice(0, 2)) * 60 + Number(t.slice(3))
  }

  function observe(
    cell: Cell,
    day: number,
    periodEnd: number,
    organisationId: string,
  ): Observation {
    const category = CATEGORY_BY_CODE.get(cell.categoryCode) as Category
    const part = rng.weighted(cell.profile.partOfDay)
    const [h0, h1] = PART_OF_DAY_HOURS[part] as readonly [number, number]
    const minute = (h0 * 60 + rng.int(0, (h1 - h0) * 60 - 1)) % (24 * 60)
    const date = isoOf(day)
    const discoveredLater = ['graffiti', 'vandalism', 'littering', 'burglary'].includes(
      cell.categoryCode,
    )
    const r = rng.next()
    let occurredOn: OccurredOn
    if (discoveredLater && r > 0.85 && day < periodEnd) {
      occurredOn = {
        precision: 'time-window',
        date,
        until: isoOf(Math.min(periodEnd, day + rng.int(1, 3))),
      }
    } else if (r < 0.55) occurredOn = { precision: 'exact', date, time: timeOf(minute) }
    else if (r < 0.7) occurredOn = { precision: 'exact', date }
    else occurredOn = { precision: 'part-of-day', date, partOfDay: partOfDayAt(part) }

    const countable = ['graffiti', 'littering', 'vandalism'].includes(cell.categoryCode)
    const c = rng.next()
    const count = !countable || c < 0.8 ? 1 : c < 0.94 ? 2 : rng.int(3, 5)
    const certainty =
      cell.categoryCode === 'suspected-drug-activity' ||
      cell.categoryCode === 'social-media-rumours' ||
      rng.chance(0.08)
        ? 'suspected'
        : 'observed'
    const isCrime = category.kind === 'crime'
    const policeReported =
      organisationId === 'police'
        ? isCrime
          ? 'yes'
          : 'no'
        : isCrime
          ? (['yes', 'no', 'unknown'] as const)[rng.weighted([0.35, 0.35, 0.3])]
          : rng.chance(0.7)
            ? 'no'
            : 'unknown'
    const harm = category.harmWeight
    const assessmentWeights =
      harm >= 40 ? [0.2, 0.5, 0.3] : harm >= 10 ? [0.4, 0.45, 0.15] : [0.7, 0.25, 0.05]
    const assessment = rng.chance(0.85) ? rng.weighted(assessmentWeights) + 1 : undefined
    const notes = NOTES[cell.categoryCode]
    const note = notes !== undefined && rng.chance(0.06) ? rng.pick(notes) : undefined
    return {
      observationId: 'o0',
      kind: category.kind,
      categoryCode: cell.categoryCode,
      placeId: cell.placeId,
      occurredOn,
      count,
      certainty: certainty as Observation['certainty'],
      policeReported: policeReported as Observation['policeReported'],
      ...(assessment === undefined ? {} : { assessment }),
      ...(note === undefined ? {} : { note }),
    }
  }

  function emitReport(
    organisationId: string,
    start: number,
    end: number,
    observations: Observation[],
    orgCells: readonly Cell[],
  ): void {
    const reporter: Actor = { organisationId, role: 'reporter' }
    const late = rng.chance(LATE_PROBABILITY)
    const delay = late ? rng.int(7, 45) : rng.int(1, 4)
    const day = Math.min(toDay, end + delay)
    if (late && day > end + 4) volumes.lateReports++
    const seconds =
      organisationId === 'police'
        ? rng.int(7 * HOUR, 22 * HOUR)
        : rng.int(8 * HOUR, 16 * HOUR + 1800)
    const submittedAt = at(day, seconds)

    // A few observations go in wrong and are corrected later; the correction restores the truth.
    const corrections: { observation: Observation; reason: string; at: Stamp }[] = []
    const submitted = observations.map((o) => {
      if (!rng.chance(ERROR_PROBABILITY)) return o
      const correctionDay = day + rng.int(1, 21)
      if (correctionDay > toDay) return o
      const wrong = miswrite(o, orgCells, start, end)
      if (wrong === undefined) return o
      corrections.push({
        observation: o,
        reason: CORRECTION_REASONS[wrong.kind],
        at: at(correctionDay, rng.int(8 * HOUR, 16 * HOUR)),
      })
      return wrong.observation
    })
    const reportId = ids.uuid()
    const period = { from: isoOf(start), to: isoOf(end) }
    const submittedEvent = out.emit(
      'ReportSubmitted',
      { reportId, reporterOrganisationId: organisationId, period, observations: submitted },
      submittedAt,
      reporter,
    )
    volumes.reports++
    volumes.observations += observations.length
    for (const c of corrections) {
      out.emit(
        'ObservationCorrected',
        { reportId, observation: c.observation, reason: c.reason },
        c.at,
        reporter,
        {
          causationId: submittedEvent.metadata.eventId,
        },
      )
      volumes.corrections++
    }

    // Now and then a reporter sends the same report twice; the coordinator retracts the copy.
    if (rng.chance(DUPLICATE_PROBABILITY)) {
      const retractDay = day + rng.int(1, 10)
      const copyAt = at(day, Math.min(86_399, seconds + rng.int(180, 2400)))
      if (retractDay <= toDay) {
        const copyId = ids.uuid()
        const copy = out.emit(
          'ReportSubmitted',
          {
            reportId: copyId,
            reporterOrganisationId: organisationId,
            period,
            observations: submitted,
          },
          copyAt,
          reporter,
        )
        out.emit(
          'ReportRetracted',
          { reportId: copyId, reason: 'Dubblett: samma rapport skickades in två gånger.' },
          at(retractDay, rng.int(8 * HOUR, 16 * HOUR)),
          coordinator,
          { causationId: copy.metadata.eventId },
        )
        volumes.retractedDuplicates++
      }
    }
  }

  function miswrite(
    o: Observation,
    orgCells: readonly Cell[],
    start: number,
    end: number,
  ): { kind: keyof typeof CORRECTION_REASONS; observation: Observation } | undefined {
    const kind = rng.pick(['category', 'count', 'date', 'place'] as const)
    if (kind === 'count') return { kind, observation: { ...o, count: o.count + 1 } }
    if (kind === 'date') {
      if (o.occurredOn.precision === 'time-window') return undefined
      const day = dayOf(o.occurredOn.date)
      const wrongDay = day > start ? day - 1 : day < end ? day + 1 : day
      if (wrongDay === day) return undefined
      return { kind, observation: { ...o, occurredOn: { ...o.occurredOn, date: isoOf(wrongDay) } } }
    }
    const alternatives = orgCells.filter((c) =>
      kind === 'category'
        ? c.placeId === o.placeId && c.categoryCode !== o.categoryCode
        : c.categoryCode === o.categoryCode && c.placeId !== o.placeId,
    )
    if (alternatives.length === 0) return undefined
    const alt = rng.pick(alternatives)
    if (kind === 'place') return { kind, observation: { ...o, placeId: alt.placeId } }
    const category = CATEGORY_BY_CODE.get(alt.categoryCode) as Category
    return { kind, observation: { ...o, categoryCode: alt.categoryCode, kind: category.kind } }
  }
  return volumes
}
