import { once } from 'node:events'
import { createWriteStream } from 'node:fs'

/**
 * Writes a large, valid reports file for load tests: `rows` observations, four per report,
 * semicolon-separated with decimal-free Swedish values, over the sample places.
 */
export const generateReportsFile = async (path: string, rows: number): Promise<void> => {
  const out = createWriteStream(path)
  const places = ['resecentrum', 'gastisparken', 'gallerian', 'kvarnbacken']
  const categories = [
    'Skadegörelse',
    'klotter',
    'nedskräpning',
    'buskörning',
    'Öppen droghantering',
  ]
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain')
  }
  await write(
    'report_id;organisation_id;submitted_at;place_id;occurred_on;part_of_day;category;count;certainty;police_reported;note\n',
  )
  for (let i = 0; i < rows; i++) {
    const report = Math.floor(i / 4)
    const day = 1 + (report % 28)
    const month = 1 + (Math.floor(report / 28) % 12)
    const date = `2023-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    await write(
      `r${report};bostadsbolaget;${date} 18:00;${places[i % 4]};${date};kväll;${categories[i % 5]};${1 + (i % 3)};${i % 7 === 0 ? 'misstänkt' : 'observerad'};nej;${i % 10 === 0 ? 'Trasig belysning, ökad oro' : ''}\n`,
    )
  }
  out.end()
  await once(out, 'finish')
}
