import type { MeasureType, MeasureVerdict, ProblemTriangle } from '@lagesbild/domain'

/** A measure of the demo and what the generator plants for it. */
export type DemoMeasure = {
  readonly measureId: string
  readonly title: string
  readonly description: string
  readonly type: MeasureType
  readonly ownerOrganisationId: string
  readonly placeIds: readonly string[]
  readonly targetCategories: readonly string[]
  readonly controlPlaceIds: readonly string[]
  readonly bufferPlaceIds: readonly string[]
  readonly problemId?: string
  readonly proposedOn: string
  readonly decidedOn?: string
  readonly plannedStart?: string
  readonly plannedEnd?: string
  readonly startedOn?: string
  readonly completedOn?: string
  readonly cancelled?: { readonly on: string; readonly reason: string }
  readonly evaluation?: {
    readonly on: string
    readonly verdict: MeasureVerdict
    readonly evidenceLevel: number
    readonly notes: string
  }
  /**
   * Planted: the target categories' rate at the measure's places is multiplied by this from
   * `startedOn` on. Null when nothing is planted (the measure never started).
   */
  readonly rateRatio: number | null
  /** Planted displacement: the targets' rate at these places is multiplied by `rateRatio`. */
  readonly displacement?: { readonly placeIds: readonly string[]; readonly rateRatio: number }
  /** Planted survey response: percentage points added to an area's unsafe share. */
  readonly surveyEffects?: readonly {
    readonly areaId: string
    readonly fromYear: number
    readonly deltaShare: number
  }[]
}

/** A problem of the demo, with the measures it led to. */
export type DemoProblem = {
  readonly problemId: string
  readonly title: string
  readonly description: string
  readonly placeIds: readonly string[]
  readonly categoryCodes: readonly string[]
  readonly identifiedOn: string
  readonly analysedOn: string
  readonly triangle: ProblemTriangle
  readonly closed?: {
    readonly on: string
    readonly outcome: 'resolved' | 'reduced' | 'displaced' | 'merged' | 'no-longer-relevant'
    readonly note: string
  }
}

export const DEMO_PROBLEMS: readonly DemoProblem[] = Object.freeze([
  {
    problemId: 'p-gastisparken-kvall',
    title: 'Otrygghet i Gästisparken kvällstid',
    description:
      'Återkommande rapporter om mörka gångstråk, skadegörelse och störande samlingar i parken efter mörkrets inbrott.',
    placeIds: ['gastisparken'],
    categoryCodes: ['unsafe-place', 'vandalism', 'disturbing-gatherings'],
    identifiedOn: '2022-08-29',
    analysedOn: '2022-09-12',
    triangle: {
      place:
        'Hälften av parkbelysningen är trasig eller skymd av buskage; ingen tydlig ansvarig för tillsyn kvällstid.',
      offender: 'Grupper av unga samlas där det är mörkt och ingen ser dem.',
      target: 'Förbipasserande på väg mellan resecentrum och bostadsområdena undviker parken.',
    },
    closed: {
      on: '2024-12-09',
      outcome: 'reduced',
      note: 'Färre rapporter efter belysningsåtgärden; följs upp i den ordinarie lägesbilden.',
    },
  },
  {
    problemId: 'p-resecentrum-narkotika',
    title: 'Narkotikahandel och våld vid resecentrum',
    description:
      'Öppen och misstänkt narkotikahantering, hot och misshandel kring väntsalen och gångtunneln.',
    placeIds: ['resecentrum'],
    categoryCodes: [
      'open-drug-dealing',
      'suspected-drug-activity',
      'assault',
      'threats',
      'disturbing-gatherings',
    ],
    identifiedOn: '2023-10-16',
    analysedOn: '2023-11-06',
    triangle: {
      place: 'Väntsal öppen dygnet runt, skymda hörn vid gångtunneln, få vuxna på plats kvällstid.',
      offender: 'Försäljning sker där resenärer passerar och risken att upptäckas är låg.',
      target: 'Resenärer och unga som väntar på bussar känner sig otrygga.',
    },
  },
])

/**
 * The demo's measures. Three carry planted effects that the analysis must recover: the lighting
 * in Gästisparken (−33 %), police presence at the travel centre (−40 % with +15 % displacement
 * to Norrby torg) and graffiti removal at Västra skolan (no effect). An earlier design measure
 * at the mall (−20 %) is already evaluated; one was cancelled and one is only proposed, so the
 * register shows every stage.
 */
export const DEMO_MEASURES: readonly DemoMeasure[] = Object.freeze([
  {
    measureId: 'm-gallerian-siktlinjer',
    title: 'Bättre siktlinjer och belysning vid Gallerians parkeringsgarage',
    description: 'Buskage röjs, väggar ljusas upp och belysningen i garagenedfarten byts.',
    type: 'environmental-design',
    ownerOrganisationId: 'service-technology',
    placeIds: ['gallerian'],
    targetCategories: ['vandalism', 'unsafe-place', 'disturbing-gatherings'],
    controlPlaceIds: ['stora-torget', 'lundby-centrum'],
    bufferPlaceIds: [],
    proposedOn: '2020-02-10',
    decidedOn: '2020-03-02',
    plannedStart: '2020-04-01',
    plannedEnd: '2020-06-30',
    startedOn: '2020-04-01',
    completedOn: '2020-06-30',
    evaluation: {
      on: '2021-09-15',
      verdict: 'promising',
      evidenceLevel: 3,
      notes:
        'Färre rapporter om skadegörelse och otrygghet vid garaget än vid jämförelseplatserna, men få händelser; följs upp.',
    },
    rateRatio: 0.8,
    surveyEffects: [{ areaId: 'centrum', fromYear: 2020, deltaShare: -0.01 }],
  },
  {
    measureId: 'm-vifolka-uppsokande',
    title: 'Uppsökande fältarbete vid Fritidsgården Vifolka på helgkvällar',
    description: 'Fältassistenter på plats fredag och lördag kväll under våren.',
    type: 'social-outreach',
    ownerOrganisationId: 'social-services',
    placeIds: ['vifolka-fritidsgard'],
    targetCategories: ['disturbing-gatherings', 'threats'],
    controlPlaceIds: [],
    bufferPlaceIds: [],
    proposedOn: '2021-03-08',
    decidedOn: '2021-03-22',
    plannedStart: '2021-06-01',
    cancelled: { on: '2021-05-10', reason: 'Fältgruppen saknade personal under sommaren.' },
    rateRatio: null,
  },
  {
    measureId: 'm-gastisparken-belysning',
    title: 'Ny och lagad belysning i Gästisparken',
    description:
      'Trasiga armaturer lagas, nya ljuspunkter längs gångstråket mot Svartån och buskage gallras.',
    type: 'lighting',
    ownerOrganisationId: 'service-technology',
    placeIds: ['gastisparken'],
    targetCategories: ['unsafe-place', 'vandalism', 'disturbing-gatherings'],
    controlPlaceIds: ['svartaparken', 'stora-torget', 'lundby-centrum'],
    bufferPlaceIds: [],
    problemId: 'p-gastisparken-kvall',
    proposedOn: '2022-09-19',
    decidedOn: '2022-10-03',
    plannedStart: '2022-11-01',
    plannedEnd: '2022-12-16',
    startedOn: '2022-11-01',
    completedOn: '2022-12-16',
    rateRatio: 0.67,
    surveyEffects: [{ areaId: 'centrum', fromYear: 2023, deltaShare: -0.05 }],
  },
  {
    measureId: 'm-vastra-skolan-klotter',
    title: 'Snabb klottersanering på Västra skolans skolgård',
    description: 'Klotter saneras inom 24 timmar och skadegörelse lagas inom en vecka.',
    type: 'cleaning',
    ownerOrganisationId: 'service-technology',
    placeIds: ['vastra-skolan-skolgard'],
    targetCategories: ['graffiti', 'vandalism'],
    controlPlaceIds: ['kungshogaskolan-skolgard', 'egebyskolan-skolgard'],
    bufferPlaceIds: [],
    proposedOn: '2022-12-05',
    decidedOn: '2022-12-19',
    plannedStart: '2023-01-09',
    plannedEnd: '2024-06-14',
    startedOn: '2023-01-09',
    completedOn: '2024-06-14',
    rateRatio: 1,
  },
  {
    measureId: 'm-resecentrum-polisnarvaro',
    title: 'Ökad polisnärvaro vid resecentrum',
    description:
      'Synlig polis och ordningsvakter vid resecentrum torsdag–lördag kväll, samordnat med kommunens trygghetsvärdar.',
    type: 'police-presence',
    ownerOrganisationId: 'police',
    placeIds: ['resecentrum'],
    targetCategories: [
      'open-drug-dealing',
      'suspected-drug-activity',
      'assault',
      'threats',
      'disturbing-gatherings',
    ],
    controlPlaceIds: ['stora-torget', 'gallerian', 'lundby-centrum'],
    bufferPlaceIds: ['norrby-torg'],
    problemId: 'p-resecentrum-narkotika',
    proposedOn: '2023-11-20',
    decidedOn: '2023-12-11',
    plannedStart: '2024-01-15',
    plannedEnd: '2026-06-30',
    startedOn: '2024-01-15',
    rateRatio: 0.6,
    displacement: { placeIds: ['norrby-torg'], rateRatio: 1.15 },
    surveyEffects: [
      { areaId: 'centrum', fromYear: 2024, deltaShare: -0.03 },
      { areaId: 'norrby', fromYear: 2024, deltaShare: 0.015 },
    ],
  },
  {
    measureId: 'm-gallerian-kamera',
    title: 'Kamerabevakning vid Gallerians entréer',
    description: 'Förslag från fastighetsägaren; kräver tillståndsprövning.',
    type: 'camera',
    ownerOrganisationId: 'municipality',
    placeIds: ['gallerian'],
    targetCategories: ['threats', 'robbery', 'vandalism'],
    controlPlaceIds: ['stora-torget'],
    bufferPlaceIds: [],
    proposedOn: '2025-11-10',
    plannedStart: '2026-03-01',
    rateRatio: null,
  },
] satisfies DemoMeasure[])

/**
 * A problem that is growing at the end of the data and has no measure yet, so that early
 * warning (rising places) has something true to find: gatherings, vandalism and reckless driving
 * at Vifolkavallen ramp from ×1 on 2025-03-01 to ×2.5 at the end of the data.
 */
export const EMERGING_PROBLEM = Object.freeze({
  placeIds: ['vifolkavallen'] as readonly string[],
  categoryCodes: ['disturbing-gatherings', 'vandalism', 'reckless-driving'] as readonly string[],
  from: '2025-03-01',
  finalRateRatio: 2.5,
})

/** Unsafe-evening share per area in the first survey wave (before any measure). */
export const SURVEY_BASELINE: Readonly<Record<string, number>> = Object.freeze({
  centrum: 0.27,
  norrby: 0.25,
  hagalund: 0.19,
  vifolka: 0.22,
  lundby: 0.175,
})
