import '../styles.css'
import { ApiError, get, getToken, setToken } from './api.js'
import { h } from './dom.js'
import { type Lang, lang, setCatalogue, setLang, t } from './i18n.js'
import { href, parseRoute, type Route } from './router.js'
import { insecurityView } from './views/insecurity.js'
import { measuresView, measureView } from './views/measure.js'
import { pictureView } from './views/picture.js'
import { placeView } from './views/place.js'

const VIEWS: Readonly<Record<string, (route: Route) => Promise<Node>>> = {
  picture: pictureView,
  place: placeView,
  measures: measuresView,
  measure: measureView,
  insecurity: insecurityView,
}

const LANG_KEY = 'lagesbild.lang'
const byId = (id: string): HTMLElement => document.getElementById(id) as HTMLElement

/**
 * A token handed over in the URL fragment (`#token=…` or `#/picture?asOf=…&token=…`, as
 * `lagesbild demo` prints) is moved to session storage and removed from the address bar and the
 * history at once; the rest of the route is kept. Fragments never reach the server.
 */
function takeTokenFromFragment(): void {
  const hash = window.location.hash
  const bare = /^#token=([\w.~-]+)$/.exec(hash)
  const route = parseRoute(bare ? '#/picture' : hash)
  const token = bare?.[1] ?? route.params.get('token')
  if (!token) return
  setToken(token)
  route.params.delete('token')
  const target = href(route.view, route.id, Object.fromEntries(route.params))
  window.history.replaceState(
    null,
    '',
    `${window.location.pathname}${window.location.search}${target}`,
  )
}

function renderHeader(route: Route): void {
  const skip = document.querySelector('a.skip')
  if (skip) skip.textContent = t('skip')
  const nav = byId('nav')
  nav.setAttribute('aria-label', t('navLabel'))
  const link = (view: string, label: string) =>
    h(
      'a',
      {
        href: href(view),
        'aria-current':
          route.view === view || (view === 'measures' && route.view === 'measure') ? 'page' : null,
      },
      label,
    )
  nav.replaceChildren(
    link('picture', t('navPicture')),
    link('measures', t('navMeasures')),
    link('insecurity', t('navInsecurity')),
  )

  const auth = byId('auth') as HTMLFormElement
  const input = h('input', {
    type: 'password',
    name: 'token',
    id: 'token',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: getToken() ? '••••••••' : 'lb_…',
  })
  auth.replaceChildren(
    h('label', { for: 'token' }, t('token')),
    input,
    h('button', { type: 'submit' }, t('tokenSave')),
    ...(getToken()
      ? [h('button', { type: 'button', id: 'forget', onclick: forget }, t('tokenForget'))]
      : []),
  )
  auth.onsubmit = (event) => {
    event.preventDefault()
    const value = input.value.trim()
    if (value) setToken(value)
    void render()
  }

  const select = h(
    'select',
    { id: 'lang-select', 'aria-label': t('language') },
    h('option', { value: 'sv', selected: lang() === 'sv' }, 'Svenska'),
    h('option', { value: 'en', selected: lang() === 'en' }, 'English'),
  )
  select.addEventListener('change', () => {
    const next = select.value === 'en' ? 'en' : 'sv'
    localStorage.setItem(LANG_KEY, next)
    setLang(next)
    void render()
  })
  byId('lang').replaceChildren(select)
}

function forget(): void {
  setToken(null)
  void render()
}

/**
 * The tenant's catalogue names the categories; fetched once per token (the promise is kept, so
 * two renders started together share one request). A failed fetch is not kept.
 */
let catalogue: { token: string; loading: Promise<void> } | undefined

function loadCatalogue(token: string): Promise<void> {
  if (catalogue?.token === token) return catalogue.loading
  const loading = get<{
    categories: { code: string; labelSv: string; labelEn: string; active: boolean }[]
  }>('/categories').then(
    ({ categories }) => setCatalogue(categories),
    (error: unknown) => {
      catalogue = undefined
      throw error
    },
  )
  catalogue = { token, loading }
  return loading
}

let generation = 0

/** Draws the header and the current view; a newer navigation wins over a slower older one. */
async function render(): Promise<void> {
  const mine = ++generation
  const route = parseRoute(window.location.hash)
  renderHeader(route)
  const main = byId('main')
  if (!getToken()) {
    main.replaceChildren(h('p', { class: 'notice', role: 'status' }, t('tokenMissing')))
    return
  }
  const view = VIEWS[route.view]
  if (!view) {
    main.replaceChildren(h('p', { class: 'notice' }, t('notFound')))
    return
  }
  main.setAttribute('aria-busy', 'true')
  main.replaceChildren(h('p', { class: 'loading', role: 'status' }, t('loading')))
  try {
    await loadCatalogue(getToken() as string)
    const node = await view(route)
    if (mine !== generation) return
    main.replaceChildren(node)
    document.title = `lagesbild – ${main.querySelector('h2')?.textContent ?? ''}`
  } catch (error) {
    if (mine !== generation) return
    main.replaceChildren(errorNotice(error))
  } finally {
    if (mine === generation) main.removeAttribute('aria-busy')
  }
}

function errorNotice(error: unknown): HTMLElement {
  if (error instanceof ApiError && error.status === 401) {
    return h('p', { class: 'notice error', role: 'alert' }, t('tokenRejected'))
  }
  if (error instanceof ApiError && error.status === 403) {
    return h('p', { class: 'notice error', role: 'alert' }, t('forbidden'))
  }
  const detail = error instanceof Error ? error.message : String(error)
  return h(
    'div',
    { class: 'notice error', role: 'alert' },
    h('p', {}, t('failed')),
    h('p', {}, detail),
  )
}

const saved = localStorage.getItem(LANG_KEY)
setLang((saved === 'en' ? 'en' : 'sv') satisfies Lang)
takeTokenFromFragment()
window.addEventListener('hashchange', () => {
  void render()
})
void render()
