import { describe, expect, it } from 'vitest'
import { readRealFile } from '../testing/real-data.js'
import {
  parseFeedDatetime,
  parsePoliceEventRevisions,
  parsePoliceEvents,
  parsePoliceEventsCompactCsv,
} from './parse.js'

describe('parseFeedDatetime', () => {
  it('pads the hour and keeps the offset the feed gives', () => {
    expect(parseFeedDatetime('2026-08-22 9:48:12 +02:00')).toEqual({
      instant: '2026-08-22T09:48:12+02:00',
      localDate: '2026-08-22',
    })
    expect(parseFeedDatetime('2023-01-05 23:01:00 +01:00')?.instant).toBe(
      '2023-01-05T23:01:00+01:00',
    )
  })

  it('refuses what it cannot read', () => {
    expect(parseFeedDatetime('2026-08-22 24:00:00 +02:00')).toBeUndefined()
    expect(parseFeedDatetime('2026-08-22T09:48:12Z')).toBeUndefined()
  })
})

describe('parsePoliceEvents on the real snapshot', () => {
  const raw = JSON.parse(readRealFile('polisen_events_api_snapshot_2026-08-22.json')) as {
    datetime: string
  }[]
  const { events, rejected, rows } = parsePoliceEvents(raw)

  it('reads all 500 events, the 216 with an unpadded hour included', () => {
    expect(rows).toBe(500)
    expect(rejected).toEqual([])
    expect(events).toHaveLength(500)
    const unpadded = raw.filter((e) => /^\S+ \d:/.test(e.datetime)).length
    expect(unpadded).toBe(216)
    for (const e of events) expect(e.publishedAt).toMatch(/T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
  })

  it('reads when it happened from the name, in the past of its publication', () => {
    const dated = events.filter((e) => e.occurred !== undefined)
    expect(dated.length).toBeGreaterThan(490)
    for (const e of dated) {
      expect(`${e.occurred?.date}T${e.occurred?.time}`.slice(0, 10) <= e.publishedOn).toBe(true)
    }
  })
})

describe('parsePoliceEvents on the Östergötland collection', () => {
  const { events, rejected, rows } = parsePoliceEvents(
    readRealFile('polisen_events_ostergotland_2022_2026.json'),
  )

  it('reads every event', () => {
    expect(rows).toBe(3047)
    expect(rejected).toEqual([])
  })

  it('finds Mjölby from the name when the feed only gives the county', () => {
    const mjolby = events.filter((e) => e.municipality === 'Mjölby')
    expect(mjolby.filter((e) => e.locationLevel === 'municipality')).toHaveLength(72)
    expect(mjolby.filter((e) => e.locationLevel === 'county')).toHaveLength(16)
  })

  it('sees both UTC offsets (daylight saving) and marks bundled summaries', () => {
    const offsets = new Set(events.map((e) => e.publishedAt.slice(-6)))
    expect(offsets).toEqual(new Set(['+01:00', '+02:00']))
    expect(events.filter((e) => e.bundled).length).toBeGreaterThan(1000)
  })

  it('dates every event within a year of publication, mostly days before it', () => {
    const days = events
      .filter((e) => e.occurred !== undefined)
      .map((e) => (Date.parse(e.publishedOn) - Date.parse(e.occurred?.date ?? '')) / 86_400_000)
    expect(days.length).toBe(events.length)
    for (const d of days) expect(Math.abs(d)).toBeLessThanOrEqual(183)
    // one real event was announced ahead: named 29 September, published on the 27th
    expect(days.filter((d) => d < 0)).toEqual([-2])
  })
})

describe('event dates from the name', () => {
  const at = (datetime: string, name: string) =>
    parsePoliceEvents([{ id: 1, datetime, name, type: 'Rån', location: { name: 'X', gps: '' } }])
      .events[0]?.occurred

  it('puts a late-December event published in January in the year before', () => {
    expect(at('2024-01-01 0:41:02 +01:00', '31 december 23.50, Rån, X')).toEqual({
      date: '2023-12-31',
      time: '23:50',
    })
  })

  it('leaves the date unknown when the name has none or an impossible one', () => {
    expect(at('2024-03-01 10:00:00 +01:00', 'Rån, X')).toBeUndefined()
    expect(at('2024-03-01 10:00:00 +01:00', '30 februari 10.00, Rån, X')).toBeUndefined()
  })
})

describe('parsePoliceEventRevisions on the real revisions', () => {
  const { histories, rejected } = parsePoliceEventRevisions(
    readRealFile('polisen_events_ostergotland_revisions.json'),
  )

  it('reads 97 edited events with 219 versions, oldest first', () => {
    expect(rejected).toEqual([])
    expect(histories).toHaveLength(97)
    expect(histories.reduce((n, h) => n + h.versions.length, 0)).toBe(219)
    for (const h of histories) {
      const times = h.versions.map((v) => Date.parse(v.observedAt))
      expect([...times].sort((a, b) => a - b)).toEqual(times)
    }
  })

  it('shows 36 events whose type changed', () => {
    const changed = histories.filter((h) => new Set(h.versions.map((v) => v.event.type)).size > 1)
    expect(changed).toHaveLength(36)
  })
})

describe('parsePoliceEventsCompactCsv on the nationwide file', () => {
  it('reads all 85,011 events', () => {
    const { events, rejected, rows } = parsePoliceEventsCompactCsv(
      readRealFile('polisen_events_sverige_2022_2026_compact.csv'),
    )
    expect(rows).toBe(85_011)
    expect(rejected).toEqual([])
    expect(events.filter((e) => e.publishedOn.startsWith('2023'))).toHaveLength(20_348)
  })
})
