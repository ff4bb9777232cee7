/** What `h` accepts as children: nodes, text (set as text, never parsed as HTML) and gaps. */
export type Child = Node | string | number | null | undefined | false | readonly Child[]

type Props = Readonly<Record<string, string | number | boolean | EventListener | null | undefined>>

const append = (parent: Node, child: Child): void => {
  if (child === null || child === undefined || child === false) return
  if (Array.isArray(child)) {
    for (const c of child as readonly Child[]) append(parent, c)
  } else if (child instanceof Node) {
    parent.appendChild(child)
  } else {
    parent.appendChild(document.createTextNode(String(child)))
  }
}

const setProps = (el: Element, props: Props): void => {
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value)
    else el.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value))
  }
}

/**
 * Creates an HTML element. Text always goes in as text nodes, so names and free text from the API
 * can never inject markup.
 * @example h('a', { href: '#/place/x' }, 'Gallerian')
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  setProps(el, props)
  append(el, children)
  return el
}

const SVG_NS = 'http://www.w3.org/2000/svg'

/** Creates an SVG element (same rules as `h`). */
export function svg(tag: string, props: Props = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag) as SVGElement
  setProps(el, props)
  append(el, children)
  return el
}

/** A table with a caption, header row and body rows; the accessible twin of every chart. */
export function table(
  caption: string,
  head: readonly Child[],
  rows: readonly (readonly Child[])[],
) {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((cell) => h('th', { scope: 'col' }, cell)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          row.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell))),
        ),
      ),
    ),
  )
}

/** A chart's data table, folded away under a "Table" summary. */
export const details = (summary: string, ...children: Child[]) =>
  h('details', { class: 'data' }, h('summary', {}, summary), ...children)

/** A status badge: colour and text, never colour alone. */
export const badge = (status: string | null | undefined, label: string) =>
  h('span', { class: `badge status-${status ?? 'none'}` }, label)
