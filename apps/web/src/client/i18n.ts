import { DEFAULT_CATEGORY_CATALOGUE } from '@lagesbild/domain/catalogue'

/** The page speaks Swedish by default (the partners are Swedish municipalities) and English. */
export type Lang = 'sv' | 'en'

const TEXT = {
  skip: ['Hoppa till innehållet', 'Skip to content'],
  navLabel: ['Vyer', 'Views'],
  navPicture: ['Lägesbild', 'Situation picture'],
  navMeasures: ['Insatser', 'Measures'],
  navInsecurity: ['Otrygghet', 'Insecurity'],
  token: ['API-nyckel', 'API token'],
  tokenSave: ['Använd', 'Use'],
  tokenForget: ['Glöm', 'Forget'],
  tokenMissing: [
    'Ange en API-nyckel (Bearer-token) för att se data. Den sparas bara i den här flikens sessionslagring.',
    'Enter an API token (bearer token) to see data. It is kept only in this tab’s session storage.',
  ],
  tokenRejected: [
    'API:t godtog inte nyckeln (401). Kontrollera den och försök igen.',
    'The API did not accept the token (401). Check it and try again.',
  ],
  forbidden: [
    'Nyckeln saknar behörighet för den här vyn (403).',
    'The token lacks permission for this view (403).',
  ],
  language: ['Språk', 'Language'],
  loading: ['Hämtar…', 'Loading…'],
  failed: ['Kunde inte hämta data', 'Could not load data'],
  show: ['Visa', 'Show'],
  table: ['Tabell', 'Table'],
  asOf: ['Datum', 'Date'],
  knownAt: ['Som känt vid (valfritt)', 'As known at (optional)'],
  knownAtNow: ['nu', 'now'],
  area: ['Område', 'Area'],
  allAreas: ['Hela kommunen', 'Whole municipality'],
  period: ['Period', 'Period'],
  knownAtUsed: ['Kunskapsläge', 'Knowledge as at'],
  lateChanged: [
    '{n} rapporter eller rättelser registrerades efter periodens slut och ingår.',
    '{n} reports or corrections were recorded after the period ended and are included.',
  ],
  lateExcluded: [
    '{n} händelser registrerade efter kunskapsläget är inte med.',
    '{n} events recorded after the knowledge moment are left out.',
  ],
  totals: ['Totalt i perioden', 'Total in the period'],
  observations: ['Observationer', 'Observations'],
  harm: ['Skadevärde', 'Harm'],
  alerts: ['Larm', 'Alerts'],
  noAlerts: [
    'Inga larm: ingen plats och kategori ligger signifikant över sin egen historik.',
    'No alerts: no place and category is significantly above its own history.',
  ],
  alertLine: [
    '{category}: {observed} observerade, {expected} förväntade (q = {q})',
    '{category}: {observed} observed, {expected} expected (q = {q})',
  ],
  areaStatus: ['Status per område', 'Status per area'],
  statusRule: [
    'Regel: {basis}, {days} dagar; gränser {levels}.',
    'Rule: {basis}, {days} days; thresholds {levels}.',
  ],
  status: ['Status', 'Status'],
  score: ['Poäng', 'Score'],
  map: ['Karta', 'Map'],
  mapCaption: [
    'Schematisk karta över platserna (ingen bakgrundskarta). Cirkelns storlek är antalet observationer, färgen platsens status. Välj en plats för dess trend.',
    'Schematic map of the places (no background map). Circle size is the number of observations, colour the place’s status. Choose a place for its trend.',
  ],
  hotSpots: ['Brännpunkter', 'Hot spots'],
  byCount: ['Flest observationer', 'Most observations'],
  byHarm: ['Högst skadevärde', 'Highest harm'],
  byExcess: ['Mest över sin baslinje', 'Most above own baseline'],
  place: ['Plats', 'Place'],
  count: ['Antal', 'Count'],
  change: ['Förändring mot föregående period', 'Change from previous period'],
  baseline: ['Baslinje (medel 12 perioder)', 'Baseline (mean of 12 periods)'],
  excess: ['Över baslinjen', 'Above baseline'],
  activeMeasures: ['Pågående insatser', 'Active measures'],
  awaitingEvaluation: ['Avslutade, väntar på utvärdering', 'Ended, awaiting evaluation'],
  none: ['Inga', 'None'],
  cells: ['Alla platser × kategorier', 'Every place × category'],
  category: ['Kategori', 'Category'],
  reports: ['Rapporter', 'Reports'],
  organisations: ['Organisationer', 'Organisations'],
  previous: ['Föreg. period', 'Prev. period'],
  yearAgo: ['Ett år tidigare', 'A year earlier'],
  emptyPicture: [
    'Inga observationer i den här perioden. Välj ett annat datum.',
    'No observations in this period. Choose another date.',
  ],
  trend: ['Trend', 'Trend'],
  from: ['Från', 'From'],
  to: ['Till', 'To'],
  bucket: ['Indelning', 'Bucket'],
  bucketPeriod: ['Rapportperiod', 'Reporting period'],
  bucketMonth: ['Månad', 'Month'],
  bucketQuarter: ['Kvartal', 'Quarter'],
  bucketYear: ['År', 'Year'],
  categories: ['Kategorier (inga valda = alla)', 'Categories (none chosen = all)'],
  trendCaption: [
    'Observationer per {bucket} vid {place}. Lodräta linjer: insatser startar (heldragen) och slutar (streckad).',
    'Observations per {bucket} at {place}. Vertical lines: measures start (solid) and end (dashed).',
  ],
  allCategories: ['Alla kategorier', 'All categories'],
  start: ['Start', 'Start'],
  end: ['Slut', 'End'],
  insecurityPanel: ['Otrygghet i {area} per år', 'Insecurity in {area} per year'],
  insecurityCaption: [
    'Andel som känner sig ganska eller mycket otrygga, med 95 % konfidensintervall.',
    'Share feeling fairly or very unsafe, with 95 % confidence intervals.',
  ],
  noSurvey: ['Inga enkätresultat för området.', 'No survey results for the area.'],
  year: ['År', 'Year'],
  share: ['Andel', 'Share'],
  ci: ['95 % KI', '95 % CI'],
  respondents: ['Svarande (n)', 'Respondents (n)'],
  suppressed: ['undertryckt (för få svar)', 'suppressed (too few answers)'],
  measuresHere: ['Insatser på platsen', 'Measures at the place'],
  measure: ['Insats', 'Measure'],
  type: ['Typ', 'Type'],
  places: ['Platser', 'Places'],
  started: ['Startade', 'Started'],
  completed: ['Avslutades', 'Completed'],
  verdict: ['Bedömning', 'Verdict'],
  effect: ['Effekt', 'Effect'],
  openEffect: ['Effekt', 'Effect'],
  measureRegister: ['Insatsregistret', 'The measure register'],
  effectOf: ['Effekt av insatsen', 'Effect of the measure'],
  evidence: ['Evidensnivå (Maryland SMS)', 'Evidence level (Maryland SMS)'],
  windowsLine: [
    'Före: {bf} – {bt} ({bn} perioder). Efter: {af} – {at} ({an} perioder).',
    'Before: {bf} – {bt} ({bn} periods). After: {af} – {at} ({an} periods).',
  ],
  treated: ['Insatsplatser', 'Treated places'],
  controls: ['Kontrollplatser', 'Control places'],
  before: ['Före', 'Before'],
  after: ['Efter', 'After'],
  beforeAfter: ['Före och efter', 'Before and after'],
  seriesCaption: [
    'Observationer av insatsens målkategorier per period: insatsplatserna mot kontrollplatserna (summa). Lodräta linjer: insatsen startar och slutar.',
    'Observations of the measure’s target categories per period: treated places against the control places (sum). Vertical lines: the measure starts and ends.',
  ],
  estimates: [
    'Skattningar med 95 % konfidensintervall',
    'Estimates with 95 % confidence intervals',
  ],
  estimatesCaption: [
    'Kvoter: under 1 betyder färre observationer. Logaritmisk skala, referenslinje vid 1.',
    'Ratios: below 1 means fewer observations. Log scale, reference line at 1.',
  ],
  estimate: ['Skattning', 'Estimate'],
  method: ['Metod', 'Method'],
  pValue: ['p-värde', 'p-value'],
  estPrimary: ['Primär: {estimator}', 'Primary: {estimator}'],
  estTreated: ['Insatsplatser efter/före', 'Treated after/before'],
  estControls: ['Kontroller efter/före', 'Controls after/before'],
  estPlacebo: ['Placebo före start (förtrend)', 'Placebo before start (pre-trend)'],
  estIts: ['Avbruten tidsserie: nivåskifte', 'Interrupted time series: level change'],
  estRes: ['Relativ effektstorlek (RES, >1 = effekt)', 'Relative effect size (RES, >1 = effect)'],
  displacement: ['Förflyttning', 'Displacement'],
  noDisplacement: [
    'Ingen buffertzon angiven: förflyttning kan inte prövas.',
    'No buffer zone given: displacement cannot be checked.',
  ],
  wdq: ['WDQ = {value}: {interpretation}.', 'WDQ = {value}: {interpretation}.'],
  survey: ['Upplevd otrygghet före och efter', 'Perceived insecurity before and after'],
  surveyLine: [
    '{by}: {bs} (n = {bn}) → {ay}: {as} (n = {an}); skillnad {d} procentenheter ({lo} – {hi}), p = {p}.',
    '{by}: {bs} (n = {bn}) → {ay}: {as} (n = {an}); difference {d} percentage points ({lo} – {hi}), p = {p}.',
  ],
  noSurveyEffect: ['Ingen enkät före och efter.', 'No survey before and after.'],
  warnings: ['Varningar', 'Warnings'],
  noWarnings: ['Inga varningar.', 'No warnings.'],
  insecurityTitle: ['Upplevd otrygghet per område', 'Perceived insecurity by area'],
  insecurityRankCaption: [
    'Andel otrygga {year} per område, rangordnat, med 95 % KI. Lodrät linje: kommunens nivå ({level}).',
    'Share unsafe in {year} by area, ranked, with 95 % CI. Vertical line: the municipality’s level ({level}).',
  ],
  vsMunicipality: ['Jämfört med resten av kommunen', 'Compared with the rest of the municipality'],
  difference: ['Skillnad (procentenheter)', 'Difference (percentage points)'],
  qValue: ['q-värde (BH)', 'q-value (BH)'],
  minCellSize: ['Minsta antal svar per cell', 'Minimum answers per cell'],
  notFound: ['Sidan finns inte.', 'No such page.'],
  policeEvents: ['Polisens händelser i perioden', 'Police events in the period'],
  policeEventsNote: [
    'Från polisens publicerade händelser (polisen.se), inte från samverkansparterna. De ingår i antalen ovan under sin egen organisation.',
    'From the police’s published events (polisen.se), not from the partners. They are in the counts above under their own organisation.',
  ],
  policeEventsMore: ['… och {n} till.', '… and {n} more.'],
  date: ['Datum', 'Date'],
  officialTitle: ['Officiell statistik', 'Official statistics'],
  officialNote: [
    'Publicerade siffror (Brå, polisens leveranser) som de publicerades. De räknar annat än parternas rapporter och läggs aldrig ihop med dem.',
    'Published figures (Brå, police deliveries) as published. They count other things than the partners’ reports and are never added to them.',
  ],
  per100k: ['per 100 000 inv.', 'per 100,000'],
  policeAxis: ['polisen, höger axel', 'police, right axis'],
} as const satisfies Record<string, readonly [string, string]>

export type TextKey = keyof typeof TEXT

const STATUS: Record<string, readonly [string, string]> = {
  green: ['grön', 'green'],
  yellow: ['gul', 'yellow'],
  orange: ['orange', 'orange'],
  red: ['röd', 'red'],
}

const VERDICT: Record<string, readonly [string, string]> = {
  'likely-effect': ['Trolig effekt', 'Likely effect'],
  'no-detectable-effect': ['Ingen påvisbar effekt', 'No detectable effect'],
  inconclusive: ['Oklart', 'Inconclusive'],
  'got-worse': ['Blev sämre', 'Got worse'],
}

const MEASURE_STATUS: Record<string, readonly [string, string]> = {
  'not-yet': ['ännu inte föreslagen', 'not yet proposed'],
  proposed: ['föreslagen', 'proposed'],
  decided: ['beslutad', 'decided'],
  started: ['pågår', 'started'],
  completed: ['avslutad', 'completed'],
  cancelled: ['avbruten', 'cancelled'],
  evaluated: ['utvärderad', 'evaluated'],
}

const WDQ: Record<string, readonly [string, string]> = {
  displacement: [
    'problemen tycks ha flyttat till bufferten',
    'problems seem to have moved to the buffer',
  ],
  'diffusion-of-benefits': [
    'nyttan tycks ha spridit sig till bufferten',
    'the benefit seems to have spread to the buffer',
  ],
  'no-buffer-change': ['ingen förändring i bufferten', 'no change in the buffer'],
}

const SOURCE: Record<string, readonly [string, string]> = {
  partners: ['Parternas rapporter', 'Partners’ reports'],
  'police-events': ['Polisens händelser', 'Police events'],
  'police-crimes': ['Polisens registrerade brott', 'Police-registered crimes'],
}

const RULE_BASIS: Record<string, readonly [string, string]> = {
  'harm-weighted': ['skadeviktat antal', 'harm-weighted count'],
  count: ['antal observationer', 'observation count'],
}

let current: Lang = 'sv'

const index = (): 0 | 1 => (current === 'sv' ? 0 : 1)

export const lang = (): Lang => current

export function setLang(next: Lang): void {
  current = next
  document.documentElement.lang = next
}

/** The label for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: TextKey, vars: Readonly<Record<string, string | number>> = {}): string {
  return TEXT[key][index()].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''))
}

const pick = (table: Record<string, readonly [string, string]>, code: string): string =>
  table[code]?.[index()] ?? code

export const statusLabel = (code: string | null | undefined): string =>
  code ? pick(STATUS, code) : '–'
export const verdictLabel = (code: string | null | undefined): string =>
  code ? pick(VERDICT, code) : '–'
export const measureStatusLabel = (code: string): string => pick(MEASURE_STATUS, code)
export const wdqLabel = (code: string): string => pick(WDQ, code)
export const ruleBasisLabel = (code: string): string => pick(RULE_BASIS, code)
export const sourceLabel = (code: string): string => pick(SOURCE, code)

interface NamedCategory {
  readonly code: string
  readonly labelSv: string
  readonly labelEn: string
  readonly active: boolean
}

let categories = new Map<string, NamedCategory>(DEFAULT_CATEGORY_CATALOGUE.map((c) => [c.code, c]))

/** Names categories from the tenant's own catalogue (`GET /v1/categories`) from now on. */
export function setCatalogue(catalogue: readonly NamedCategory[]): void {
  categories = new Map(catalogue.map((c) => [c.code, c]))
}

/** The category's name in the page's language; an unknown code is shown as it is. */
export function categoryLabel(code: string): string {
  const category = categories.get(code)
  if (!category) return code
  return current === 'sv' ? category.labelSv : category.labelEn
}

/** The catalogue's active codes, in catalogue order. */
export const categoryCodes = (): readonly string[] =>
  [...categories.values()].filter((c) => c.active).map((c) => c.code)

const locale = (): string => (current === 'sv' ? 'sv-SE' : 'en-GB')

/** A number in the page's language, with at most `digits` decimals. */
export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  return value.toLocaleString(locale(), { maximumFractionDigits: digits })
}

/** An instant in the browser's time zone: '2021-03-29 09:00' (ISO order in both languages). */
export function dateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** A share (0–1) as a percentage. */
export const pct = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? '–' : `${num(value * 100, digits)} %`

/** A p- or q-value: three significant digits, '< 0,001' below that. */
export function pValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  return value < 0.001 ? `< ${num(0.001, 3)}` : num(value, 3)
}
