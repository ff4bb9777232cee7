import { describe, expect, it } from 'vitest'
import { parseStreamId, streamIdFor, streamIds } from './streams.js'

describe('stream naming', () => {
  it('puts each event in its aggregate stream', () => {
    expect(streamIdFor({ type: 'ReportRetracted', data: { reportId: 'r-1', reason: 'x' } })).toBe(
      'report-r-1',
    )
    expect(
      streamIdFor({ type: 'MeasureStarted', data: { measureId: 'm1', startedOn: '2024-01-01' } }),
    ).toBe('measure-m1')
    expect(
      streamIdFor({
        type: 'ReportingCadenceSet',
        data: { intervalDays: 14, anchorDate: '2021-02-01', effectiveFrom: '2021-02-01' },
      }),
    ).toBe('config')
  })

  it('round-trips ids that themselves contain dashes', () => {
    for (const kind of [
      'report',
      'measure',
      'problem',
      'place',
      'organisation',
      'survey',
    ] as const) {
      const id = `${kind}-x-1`
      expect(parseStreamId(streamIds[kind](id))).toEqual({ kind, id })
    }
    expect(parseStreamId('config')).toEqual({ kind: 'config', id: 'config' })
    expect(parseStreamId('nonsense')).toBeUndefined()
  })
})
