import type { AssessmentScale, Category, StatusRule } from './events/config.js'

const c = (
  code: string,
  labelSv: string,
  labelEn: string,
  kind: Category['kind'],
  group: Category['group'],
  harmWeight: number,
): Category => Object.freeze({ code, labelSv, labelEn, kind, group, harmWeight, active: true })

/**
 * The category catalogue a new tenant starts with, from the categories in public EST material
 * (see DOMAIN.md). Tenants replace it with `CategoryCatalogueSet`.
 *
 * Harm weights are OUR OWN ASSUMPTION, in the spirit of the Cambridge Crime Harm Index (which
 * weights offences by the starting-point sentence): relative points with littering = 1, robbery
 * = 100. They are not CCHI values and no Swedish source fixes them; they exist so harm-weighted
 * views can be shown before a municipality agrees its own (`HarmWeightsSet`). Planned events
 * weigh 0: they are context, not harm.
 */
export const DEFAULT_CATEGORY_CATALOGUE: readonly Category[] = Object.freeze([
  c('vandalism', 'Skadegörelse', 'Vandalism', 'crime', 'environmental', 5),
  c('graffiti', 'Klotter', 'Graffiti', 'disorder', 'environmental', 2),
  c('littering', 'Nedskräpning', 'Littering', 'disorder', 'environmental', 1),
  c(
    'staff-incident',
    'Incident mot anställd',
    'Staff threatened or obstructed',
    'crime',
    'personal',
    15,
  ),
  c('open-drug-dealing', 'Öppen droghantering', 'Open drug dealing', 'crime', 'nuisance', 20),
  c(
    'suspected-drug-activity',
    'Misstänkt narkotikahantering',
    'Suspected drug activity',
    'crime',
    'nuisance',
    10,
  ),
  c('robbery', 'Rån', 'Robbery', 'crime', 'personal', 100),
  c('assault', 'Misshandel', 'Assault', 'crime', 'personal', 60),
  c('threats', 'Hot', 'Threats', 'crime', 'personal', 20),
  c('arson', 'Anlagda bränder', 'Arson', 'crime', 'environmental', 40),
  c(
    'disturbing-gatherings',
    'Ungdomssamlingar/samlingar som stör',
    'Disturbing gatherings',
    'disorder',
    'nuisance',
    3,
  ),
  c(
    'motor-traffic-on-paths',
    'Olovlig biltrafik på gång- och cykelbanor',
    'Motor traffic on footpaths and cycle paths',
    'disorder',
    'nuisance',
    2,
  ),
  c('reckless-driving', 'Buskörning', 'Reckless moped or car driving', 'disorder', 'nuisance', 4),
  c('burglary', 'Inbrott', 'Burglary', 'crime', 'personal', 40),
  c('unsafe-place', 'Otrygga platser', 'Unsafe place', 'unsafe-place', 'environmental', 2),
  c('planned-event', 'Arrangemang', 'Planned event', 'planned-event', 'nuisance', 0),
  c(
    'social-media-rumours',
    'Rykten i sociala medier',
    'Rumours on social media',
    'insecurity',
    'nuisance',
    1,
  ),
])

/** Default reporter assessment: how serious the reporter judged the situation. */
export const DEFAULT_ASSESSMENT_SCALE: AssessmentScale = Object.freeze<AssessmentScale>({
  scaleId: 'seriousness',
  question: 'Hur allvarlig bedömer du situationen? / How serious do you judge the situation?',
  levels: [
    { value: 1, labelSv: 'Mindre allvarlig', labelEn: 'Minor' },
    { value: 2, labelSv: 'Allvarlig', labelEn: 'Serious' },
    { value: 3, labelSv: 'Mycket allvarlig', labelEn: 'Very serious' },
  ],
})

/**
 * Default green-to-red grading (our assumption, tune per tenant): harm-weighted score over the
 * last 28 days.
 */
export const DEFAULT_STATUS_RULE: StatusRule = Object.freeze<StatusRule>({
  basis: 'harm-weighted',
  windowDays: 28,
  levels: [
    { status: 'green', minScore: 0 },
    { status: 'yellow', minScore: 20 },
    { status: 'orange', minScore: 60 },
    { status: 'red', minScore: 150 },
  ],
})
