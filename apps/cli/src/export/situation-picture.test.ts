import { describe, expect, it } from 'vitest'
import { UsageError } from '../errors.js'
import { samplePicture } from './fixture.js'
import { parsePictureExport, renderPicture } from './situation-picture.js'

const good = { tenant: 'mjolby', 'as-of': '2024-03-10', format: 'html' }

describe('parsePictureExport', () => {
  it('accepts a full, well-formed request', () => {
    expect(
      parsePictureExport({ ...good, 'known-at': '2024-03-15T11:00:00+01:00', area: 'centrum' }),
    ).toEqual({
      tenantId: 'mjolby',
      asOf: '2024-03-10',
      knownAt: '2024-03-15T11:00:00+01:00',
      area: 'centrum',
      format: 'html',
    })
  })

  it.each([
    ['as-of', '2024-3-10'],
    ['as-of', '2024-02-30'],
    ['as-of', '10/03/2024'],
    ['known-at', '2024-03-15T10:00:00'],
    ['known-at', '2024-03-15'],
    ['known-at', 'yesterday'],
    ['format', 'pdf'],
    ['tenant', ' '],
  ])('rejects --%s %s with a UsageError naming the flag', (flag, value) => {
    const call = () => parsePictureExport({ ...good, [flag]: value })
    expect(call).toThrow(UsageError)
    expect(call).toThrow(flag === 'tenant' ? '--tenant' : `--${flag}`)
  })

  it('requires --format', () => {
    expect(() => parsePictureExport({ tenant: 'mjolby', 'as-of': '2024-03-10' })).toThrow(
      '--format',
    )
  })
})

describe('renderPicture', () => {
  it('renders json as the picture itself', () => {
    const p = samplePicture()
    expect(JSON.parse(renderPicture(p, 'json'))).toEqual(p)
  })
})
