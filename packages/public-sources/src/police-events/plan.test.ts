import { DEFAULT_CATEGORY_CATALOGUE } from '@lagesbild/domain'
import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICE_TYPE_MAPPING } from './mapping.js'
import { readPoliceEvent } from './parse.js'
import {
  mapPoliceEvent,
  type PoliceEventsContext,
  type PoliceEventsOptions,
  planPoliceEvents,
} from './plan.js'

const ctx = (options: Partial<PoliceEventsOptions> = {}): PoliceEventsContext => ({
  options: { municipality: 'Mjölby', ...options },
  mapping: DEFAULT_POLICE_TYPE_MAPPING,
  categories: new Map(DEFAULT_CATEGORY_CATALOGUE.map((c) => [c.code, c])),
  placeFor: () => 'mjolby',
  candidatePlaces: [
    {
      placeId: 'resecentrum',
      name: 'Resecentrum',
      level: 'place',
      kind: 'travel-centre',
      code: undefined,
      point: { lat: 58.3245, lon: 15.1313 },
    },
  ],
})

const event = (over: Record<string, unknown> = {}) => {
  const e = readPoliceEvent({
    id: 1,
    datetime: '2024-05-02 9:05:00 +02:00',
    name: '02 maj 08.40, Misshandel, Mjölby',
    summary: 'Misshandel vid resecentrum.',
    url: '/x/',
    type: 'Misshandel',
    location: { name: 'Mjölby', gps: '58.322691,15.133535' },
    ...over,
  })
  if (typeof e === 'string') throw new Error(e)
  return e
}

describe('mapPoliceEvent', () => {
  it('maps a common type through the default table, dated from the name', () => {
    expect(mapPoliceEvent(event(), ctx())).toEqual({
      observation: {
        observationId: 'event',
        kind: 'crime',
        categoryCode: 'assault',
        placeId: 'mjolby',
        occurredOn: { precision: 'exact', date: '2024-05-02', time: '08:40' },
        count: 1,
        certainty: 'observed',
        policeReported: 'yes',
        note: 'Misshandel vid resecentrum.',
      },
    })
  })

  it('attaches to a registered place only within the configured radius', () => {
    // the feed's point is about 230 m from Resecentrum
    const near = mapPoliceEvent(event(), ctx({ placeRadiusMetres: 300 }))
    const far = mapPoliceEvent(event(), ctx({ placeRadiusMetres: 100 }))
    const county = mapPoliceEvent(
      event({ location: { name: 'Östergötlands län', gps: '58.322691,15.133535' } }),
      ctx({ placeRadiusMetres: 300 }),
    )
    expect('observation' in near && near.observation.placeId).toBe('resecentrum')
    expect('observation' in far && far.observation.placeId).toBe('mjolby')
    // a county centroid says nothing about the scene, so it never matches a place
    expect('observation' in county && county.observation.placeId).toBe('mjolby')
  })

  it('says why an event stands for no observation', () => {
    const reason = (over: Record<string, unknown>) => {
      const m = mapPoliceEvent(event(over), ctx())
      return 'rejection' in m ? m.rejection : undefined
    }
    expect(
      reason({ name: '02 maj 08.40, Misshandel, Motala', location: { name: 'Motala', gps: '' } }),
    ).toMatchObject({ kind: 'out-of-scope' })
    expect(reason({ type: 'Sammanfattning natt' })).toMatchObject({ kind: 'unmapped' })
    expect(reason({ type: 'Trafikolycka' })).toMatchObject({ kind: 'unmapped' })
    expect(reason({ name: '09 maj 08.40, Misshandel, Mjölby' })).toMatchObject({
      kind: 'malformed',
    })
  })

  it('keeps a number shaped like a personal identity number out of the note', () => {
    const m = mapPoliceEvent(event({ summary: 'Efterlyst 19811218-9876 i Mjölby.' }), ctx())
    expect('observation' in m && m.observation.note).toBeUndefined()
  })
})

describe('planPoliceEvents', () => {
  it('retracts a report when an edit moves the event out of the mapping', () => {
    const v1 = event()
    const v2 = event({ type: 'Trafikolycka' })
    const plan = planPoliceEvents(
      [
        {
          row: 1,
          id: 1,
          versions: [
            { knownAt: '2024-05-02T07:10:00Z', event: v1 },
            { knownAt: '2024-05-02T08:10:00Z', event: v2 },
          ],
        },
      ],
      new Map(),
      ctx(),
      '2026-01-01T00:00:00Z',
    )
    expect(plan.events.map((e) => [e.type, e.recordedAt])).toEqual([
      ['ReportSubmitted', '2024-05-02T07:10:00Z'],
      ['ReportRetracted', '2024-05-02T08:10:00Z'],
    ])
    expect(plan.retractions).toBe(1)
  })

  it('records a changed snapshot of a stored event at the import time', () => {
    const first = mapPoliceEvent(event(), ctx())
    if (!('observation' in first)) throw new Error('expected an observation')
    const stored = new Map([
      [
        'police-event-1',
        {
          observation: first.observation,
          lastRecordedAt: '2024-05-02T07:10:00Z',
          retracted: false,
        },
      ],
    ])
    const plan = planPoliceEvents(
      [
        {
          row: 1,
          id: 1,
          versions: [
            { knownAt: '2024-05-02T07:05:00+02:00', event: event({ summary: 'Ny text.' }) },
          ],
        },
      ],
      stored,
      ctx(),
      '2026-01-01T00:00:00Z',
    )
    expect(plan.events.map((e) => [e.type, e.recordedAt])).toEqual([
      ['ObservationCorrected', '2026-01-01T00:00:00Z'],
    ])
  })
})
