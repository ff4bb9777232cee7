import type { PartOfDay } from '@lagesbild/domain'

/**
 * How a category's rate moves over the year and the week, and when in the day it happens.
 * The yearly curve is `exp(amplitude · cos(2π (dayOfYear − peakDay) / 365))`: amplitude 0.5
 * gives ×1.65 at the peak and ×0.61 half a year away.
 */
export type SeasonProfile = {
  readonly amplitude: number
  readonly peakDay: number
  /** Multiplier for Fridays and Saturdays (nights out). */
  readonly weekend: number
  /** Relative weights of morning, daytime, evening, night. */
  readonly partOfDay: readonly [number, number, number, number]
}

const MID_JULY = 195
const MID_JANUARY = 10
const PARTS: readonly PartOfDay[] = ['morning', 'daytime', 'evening', 'night']
export const partOfDayAt = (index: number): PartOfDay => PARTS[index] as PartOfDay

/** Local hours each part of the day spans (night wraps past midnight and stays on the date). */
export const PART_OF_DAY_HOURS: readonly (readonly [number, number])[] = [
  [6, 9],
  [9, 17],
  [17, 22],
  [22, 30],
]

const profile = (
  amplitude: number,
  peakDay: number,
  weekend: number,
  partOfDay: SeasonProfile['partOfDay'],
): SeasonProfile => Object.freeze({ amplitude, peakDay, weekend, partOfDay })

/**
 * Seasonality per category: gatherings, littering, reckless driving and vandalism peak in
 * summer and on weekend evenings; unsafe places (dark paths, broken lights) and burglary peak in
 * the dark season; drugs and violence move less. Our assumptions, shaped after what EST
 * accounts describe, not estimates.
 */
export const CATEGORY_PROFILES: Readonly<Record<string, SeasonProfile>> = Object.freeze({
  'disturbing-gatherings': profile(0.55, MID_JULY, 1.6, [0.02, 0.18, 0.55, 0.25]),
  vandalism: profile(0.3, MID_JULY, 1.4, [0.05, 0.15, 0.4, 0.4]),
  graffiti: profile(0.3, 180, 1.2, [0.05, 0.1, 0.3, 0.55]),
  littering: profile(0.45, MID_JULY, 1.3, [0.15, 0.45, 0.3, 0.1]),
  'unsafe-place': profile(0.5, 355, 1.0, [0.15, 0.1, 0.55, 0.2]),
  'open-drug-dealing': profile(0.15, MID_JULY, 1.3, [0.02, 0.28, 0.5, 0.2]),
  'suspected-drug-activity': profile(0.15, MID_JULY, 1.3, [0.02, 0.28, 0.5, 0.2]),
  assault: profile(0.2, MID_JULY, 2.0, [0.02, 0.13, 0.35, 0.5]),
  threats: profile(0.1, MID_JULY, 1.5, [0.05, 0.35, 0.4, 0.2]),
  robbery: profile(0.1, MID_JANUARY, 1.5, [0.02, 0.18, 0.45, 0.35]),
  'reckless-driving': profile(0.8, 170, 1.5, [0.02, 0.18, 0.6, 0.2]),
  'motor-traffic-on-paths': profile(0.5, 170, 1.3, [0.1, 0.35, 0.45, 0.1]),
  arson: profile(0.25, 190, 1.4, [0.02, 0.08, 0.4, 0.5]),
  burglary: profile(0.3, MID_JANUARY, 1.0, [0.05, 0.25, 0.2, 0.5]),
  'staff-incident': profile(0.0, MID_JULY, 1.0, [0.1, 0.6, 0.3, 0.0]),
  'planned-event': profile(0.7, 185, 2.0, [0.0, 0.4, 0.6, 0.0]),
  'social-media-rumours': profile(0.0, MID_JULY, 1.0, [0.1, 0.5, 0.3, 0.1]),
})

/** Rates per 14-day period in an average week of the year, before trend, effects and noise. */
export type RateTable = Readonly<
  Record<string, readonly (readonly [readonly string[], Readonly<Record<string, number>>])[]>
>

const SCHOOL_YARDS = ['kungshogaskolan-skolgard', 'vastra-skolan-skolgard', 'egebyskolan-skolgard']
const STAIRWELLS = ['kv-falken', 'kv-larkan', 'kv-svalan', 'kv-tranan', 'kv-duvan']

/**
 * What each organisation reports where. The travel centre and Gästisparken are the town's hot
 * spots (as in Mjölby's 2021 account), then the mall at some hours and the school yards.
 */
export const DEMO_RATES: RateTable = Object.freeze({
  police: [
    [
      ['resecentrum'],
      {
        'open-drug-dealing': 2.2,
        'suspected-drug-activity': 2.8,
        assault: 1.4,
        threats: 1.3,
        robbery: 0.3,
        'disturbing-gatherings': 2.0,
      },
    ],
    [
      ['gastisparken'],
      { 'suspected-drug-activity': 1.2, assault: 0.6, 'disturbing-gatherings': 1.8 },
    ],
    [
      ['norrby-torg'],
      {
        'open-drug-dealing': 1.4,
        'suspected-drug-activity': 2.0,
        assault: 0.8,
        threats: 0.9,
        'disturbing-gatherings': 1.6,
      },
    ],
    [
      ['stora-torget'],
      { assault: 1.0, threats: 0.9, 'disturbing-gatherings': 1.6, 'suspected-drug-activity': 0.8 },
    ],
    [
      ['gallerian'],
      { threats: 0.5, robbery: 0.2, 'disturbing-gatherings': 0.9, 'suspected-drug-activity': 0.5 },
    ],
    [
      ['lundby-centrum'],
      { 'disturbing-gatherings': 1.0, 'suspected-drug-activity': 1.0, threats: 0.5, assault: 0.4 },
    ],
    [SCHOOL_YARDS, { 'disturbing-gatherings': 0.5, 'suspected-drug-activity': 0.3 }],
    [['gc-vagen-vifolka'], { 'reckless-driving': 1.5, 'motor-traffic-on-paths': 1.0 }],
    [['vifolkavallen'], { 'reckless-driving': 0.6, 'disturbing-gatherings': 0.5 }],
    [STAIRWELLS, { burglary: 0.3 }],
  ],
  'service-technology': [
    [['gastisparken'], { 'unsafe-place': 3.0, vandalism: 2.5, graffiti: 2.0, littering: 3.0 }],
    [['resecentrum'], { graffiti: 2.5, vandalism: 2.0, littering: 3.0, 'unsafe-place': 1.5 }],
    [['stora-torget'], { graffiti: 1.5, vandalism: 1.2, littering: 2.5, 'unsafe-place': 0.8 }],
    [['gallerian'], { vandalism: 0.9, 'unsafe-place': 0.8, littering: 1.5, graffiti: 0.6 }],
    [['norrby-torg'], { graffiti: 1.2, vandalism: 1.0, littering: 1.5, 'unsafe-place': 1.0 }],
    [['svartaparken'], { 'unsafe-place': 2.2, vandalism: 1.8, graffiti: 1.2, littering: 2.0 }],
    [['gc-vagen-vifolka'], { 'unsafe-place': 1.5, vandalism: 0.6, 'motor-traffic-on-paths': 0.8 }],
    [['lundby-centrum'], { graffiti: 1.0, vandalism: 1.0, littering: 1.0, 'unsafe-place': 0.8 }],
    [SCHOOL_YARDS, { graffiti: 0.6, vandalism: 0.5 }],
    [['vifolkavallen'], { vandalism: 0.8, littering: 1.0, graffiti: 0.6 }],
  ],
  education: [
    [
      SCHOOL_YARDS,
      {
        graffiti: 2.0,
        vandalism: 2.0,
        littering: 1.5,
        'staff-incident': 0.6,
        'disturbing-gatherings': 1.0,
        'suspected-drug-activity': 0.3,
        'social-media-rumours': 0.4,
        threats: 0.3,
      },
    ],
  ],
  'housing-company': [
    [
      STAIRWELLS,
      {
        vandalism: 1.5,
        littering: 2.0,
        graffiti: 1.0,
        burglary: 0.5,
        'unsafe-place': 0.4,
        'disturbing-gatherings': 0.8,
        arson: 0.15,
      },
    ],
    [['norrby-torg', 'lundby-centrum'], { littering: 1.0, vandalism: 0.6 }],
  ],
  'culture-leisure': [
    [
      ['vifolka-fritidsgard'],
      {
        'staff-incident': 0.6,
        'disturbing-gatherings': 1.5,
        threats: 0.4,
        'social-media-rumours': 0.8,
        'suspected-drug-activity': 0.3,
      },
    ],
    [['gallerian'], { 'disturbing-gatherings': 1.0, 'staff-incident': 0.3 }],
    [['stora-torget'], { 'planned-event': 0.5 }],
    [['gastisparken'], { 'planned-event': 0.3, 'disturbing-gatherings': 0.8 }],
    [['vifolkavallen'], { 'disturbing-gatherings': 0.5, vandalism: 0.5, 'planned-event': 0.3 }],
  ],
  'social-services': [
    [['resecentrum'], { 'disturbing-gatherings': 1.5, 'suspected-drug-activity': 1.0 }],
    [['gastisparken'], { 'disturbing-gatherings': 1.0, 'suspected-drug-activity': 0.6 }],
    [['gallerian'], { 'disturbing-gatherings': 1.2 }],
    [['norrby-torg'], { 'disturbing-gatherings': 1.0, 'suspected-drug-activity': 0.6 }],
    [['lundby-centrum'], { 'disturbing-gatherings': 0.8 }],
    [['stora-torget'], { 'social-media-rumours': 0.3, 'disturbing-gatherings': 0.6 }],
  ],
  'rescue-services': [
    [SCHOOL_YARDS, { arson: 0.15 }],
    [STAIRWELLS, { arson: 0.1 }],
    [['gastisparken', 'vifolkavallen'], { arson: 0.2 }],
    [['resecentrum'], { arson: 0.1 }],
  ],
})

/** Some places see more than others of the same kind; 1 when not listed. */
export const PLACE_LEVELS: Readonly<Record<string, number>> = Object.freeze({
  'kungshogaskolan-skolgard': 1.2,
  'vastra-skolan-skolgard': 1.0,
  'egebyskolan-skolgard': 0.8,
  'kv-falken': 1.3,
  'kv-larkan': 1.0,
  'kv-svalan': 0.7,
  'kv-tranan': 1.2,
  'kv-duvan': 0.8,
})
