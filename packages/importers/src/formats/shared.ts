import type { Category } from '@lagesbild/domain'
import { normaliseWord } from '../csv/cells.js'

/** Category codes and their Swedish and English labels → code, so `Skadegörelse` works too. */
export const categoryLookup = (categories: readonly Category[]): ReadonlyMap<string, string> => {
  const map = new Map<string, string>()
  for (const c of categories) {
    map.set(normaliseWord(c.labelSv), c.code)
    map.set(normaliseWord(c.labelEn), c.code)
  }
  // Codes win over labels when a label happens to equal another category's code.
  for (const c of categories) map.set(normaliseWord(c.code), c.code)
  return map
}

/** Turns a published name into an id: `Trygghetsmätning Mjölby 2024` → `trygghetsmatning-mjolby-2024`. */
export const slug = (value: string): string =>
  normaliseWord(value)
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
