/* Glossator's search worker: answers Material's search box from the prebuilt, sharded index (glossator/search).
 *
 * Material's UI talks to its worker with four messages (SETUP 0, READY 1, QUERY 2, RESULT 3) and renders what
 * comes back; this worker speaks the same protocol. SETUP loads nothing (Material sends it on page load when
 * hosted): the manifest, the shards of the query's words and the pages shown are loaded on the first query.
 * Hosted, files are fetched in parallel; from file:// (run in an iframe by the iframe-worker shim, where fetch
 * is refused) they are <script> elements. Every file calls glossatorSearch({...}).
 *
 * The index's text is contributed: it is escaped here, and only <mark> is added.
 */
"use strict";
(function () {
  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  const FORMAT = 1
  const PAGES_SHOWN = 10                // result groups (pages) per answer, as many as Material renders at once
  const PREFIX_SHARDS = 2               // further shards (24 KB at most each) the word being typed may load
  const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2ebef}"
  const WORD = new RegExp(`[${HAN}]+|(?:(?![${HAN}])[\\p{L}\\p{N}])+`, "gu")
  const IS_HAN = new RegExp(`^[${HAN}]`, "u")
  const PAIR = "~", NAME = "="

  const frame = typeof document !== "undefined"
  const here = frame && document.currentScript ? document.currentScript.src : self.location.href
  const base = new URL("../../search/", here)
  const files = new Map()               // path -> Promise of its data
  const waiting = new Map()             // path -> resolve, for <script> loads

  self.glossatorSearch = data => {
    const resolve = waiting.get(data.k)
    if (resolve) { waiting.delete(data.k); resolve(data) }
  }

  function load(path, version) {
    if (!files.has(path)) {
      const url = new URL(`${path}.js${version ? `?v=${version}` : ""}`, base).href
      const promise = frame ? new Promise((resolve, reject) => {
        waiting.set(path, resolve)
        const script = document.createElement("script")
        script.src = url
        script.onerror = () => reject(new Error(`search: cannot load ${url}`))
        document.body.appendChild(script)
      }) : fetch(url, { cache: version ? "default" : "no-cache" }).then(response => {
        if (!response.ok) throw new Error(`search: ${url}: ${response.status}`)
        return response.text()
      }).then(text => JSON.parse(text.slice(text.indexOf("(") + 1, text.lastIndexOf(")"))))
      files.set(path, promise)
      promise.catch(() => files.delete(path))
    }
    return files.get(path)
  }

  /* The tokenizer of glossator/search/tokens.py */
  function runs(text) {
    return text.normalize("NFKC").toLowerCase().match(WORD) || []
  }
  const isHan = run => IS_HAN.test(run)
  function bigrams(run) {
    if (run.length < 2) return [run]
    const chars = Array.from(run), out = []
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1])
    return out
  }

  /* A query: words (each a group of keys, all required for the word to match), phrases in quotes */
  function parse(value) {
    const words = [], pairs = [], phrases = []
    const parts = value.split('"')
    parts.forEach((part, index) => {
      const quoted = index % 2 === 1 && index < parts.length - 1
      const found = runs(part)
      let previous = ""
      for (const run of found) {
        if (isHan(run)) {
          const chars = Array.from(run)
          words.push({ text: run, keys: chars.length > 1 ? bigrams(run) : [], prefix: chars.length === 1 ? run : "",
                       whole: chars.length > 2 ? run : "", han: true })
          if (chars.length > 2) phrases.push(run)
          previous = ""
        } else if (run.length > 1) {
          words.push({ text: run, keys: [run], prefix: "", whole: "", han: false })
          if (previous) pairs.push({ key: `${PAIR}${previous} ${run}`, required: quoted, words: [words.length - 2, words.length - 1] })
          previous = run
        } else {
          previous = ""
        }
      }
      if (quoted && found.length > 1) phrases.push(found.join(" "))
    })
    const last = words[words.length - 1]
    if (last && !last.han && !value.trimEnd().endsWith('"') && /[\p{L}\p{N}]$/u.test(value)) last.prefix = last.text
    return { words, pairs, phrases, name: words.length ? NAME + words.map(w => w.text).join(" ") : "" }
  }

  /* The shards' prefixes, front-coded in the manifest (glossator/search/index.py, front_code) */
  function prefixes(manifest) {
    if (!manifest.prefixes) {
      let previous = ""
      manifest.prefixes = manifest.shards.split("|").map(coded => {
        previous = Array.from(previous).slice(0, parseInt(coded[0], 36)).join("") + coded.slice(1)  // code points, as in Python
        return previous
      })
    }
    return manifest.prefixes
  }

  /* Which shard holds a key: the longest prefix in the manifest */
  function shardOf(manifest, key) {
    let best = -1, length = 0
    prefixes(manifest).forEach((prefix, i) => {
      if (prefix.length > length && key.startsWith(prefix)) { best = i; length = prefix.length }
    })
    return best
  }

  /* Shards that hold keys starting with `prefix`: its own, then (for 3 letters or more) a few longer ones */
  function prefixShards(manifest, prefix) {
    const own = shardOf(manifest, prefix)
    const chosen = own >= 0 ? [own] : []
    let more = Array.from(prefix).length < 3 ? 0 : PREFIX_SHARDS
    prefixes(manifest).forEach((key, i) => {
      if (i !== own && more > 0 && key.length > prefix.length && key.startsWith(prefix)) { chosen.push(i); more -= 1 }
    })
    return chosen
  }

  function decode(entry) {
    const postings = []
    let page = 0
    for (let i = 1; i < entry.length; i += 3) {
      page += entry[i]
      postings.push([page, entry[i + 1], entry[i + 2]])
    }
    return postings
  }

  async function search(value) {
    const query = parse(value)
    if (!query.words.length) return { items: [] }  // Material asks for "" once ready: nothing is loaded for it
    const manifest = await load("manifest")
    if (manifest.format !== FORMAT) throw new Error(`search: index format ${manifest.format}, expected ${FORMAT}`)

    /* Load the shards of every key the query may use */
    const wanted = new Set()
    const want = key => { const i = shardOf(manifest, key); if (i >= 0) wanted.add(i) }
    for (const word of query.words) {
      word.keys.forEach(want)
      if (word.whole) want(word.whole)
      if (word.prefix) prefixShards(manifest, word.prefix).forEach(i => wanted.add(i))
    }
    query.pairs.forEach(pair => want(pair.key))
    if (query.name) want(query.name)
    const shards = await Promise.all([...wanted].map(i => load(`s/${i}`, manifest.version)))
    const lookup = key => { for (const shard of shards) if (key in shard.keys) return shard.keys[key] }
    const idf = df => Math.log(1 + manifest.docs / df)

    /* Score each document: per word the best of its keys; adjacent words, whole names and required pairs on top */
    const hits = new Map()              // "page doc" -> { page, doc, words: Map(word index -> score), bonus, pairs }
    const hitOf = (page, doc) => {
      const id = `${page} ${doc}`
      let hit = hits.get(id)
      if (!hit) hits.set(id, hit = { page, doc, words: new Map(), bonus: 0, pairs: 0 })
      return hit
    }
    const scored = (entry, factor) => decode(entry).map(([page, doc, w]) => [page, doc, w * idf(entry[0]) * factor])
    const matchWord = (index, postings) => {
      for (const [page, doc, score] of postings) {
        const hit = hitOf(page, doc)
        hit.words.set(index, Math.max(hit.words.get(index) || 0, score))
      }
    }
    const suggestions = []
    query.words.forEach((word, index) => {
      const entries = word.keys.map(lookup)
      if (entries.length && entries.every(Boolean)) matchWord(index, allOf(entries.map(entry => scored(entry, 1))))
      const whole = word.whole && lookup(word.whole)
      if (whole) matchWord(index, scored(whole, 2))
      if (word.prefix) {
        const completions = []
        for (const shard of shards)
          for (const key in shard.keys)
            if (key !== word.prefix && key.startsWith(word.prefix) && key[0] !== PAIR && key[0] !== NAME)
              completions.push([key, shard.keys[key]])
        completions.sort((a, b) => b[1][0] - a[1][0] || (a[0] < b[0] ? -1 : 1))
        for (const [, entry] of completions.slice(0, 50)) matchWord(index, scored(entry, 0.6))
        if (completions.length) suggestions.push(completions[0][0])
      }
    })
    for (const pair of query.pairs) {
      const entry = lookup(pair.key)
      if (!entry) continue
      const postings = scored(entry, 1)
      for (const [page, doc, score] of postings) {
        const hit = hitOf(page, doc)
        hit.bonus += score
        if (pair.required) hit.pairs += 1
      }
      for (const index of pair.words) matchWord(index, postings)  // found together: both words are found
    }
    const requiredPairs = query.pairs.filter(p => p.required).length
    const named = query.name && lookup(query.name)
    if (named) for (const [page, doc, score] of scored(named, 100)) hitOf(page, doc).bonus += score

    /* Rank: most words matched, then score; a page ranks by its best document */
    const ranked = []
    for (const hit of hits.values()) {
      if (hit.pairs < requiredPairs || !hit.words.size) continue
      let sum = hit.bonus
      for (const s of hit.words.values()) sum += s
      hit.total = sum
      ranked.push(hit)
    }
    ranked.sort((a, b) => b.words.size - a.words.size || b.total - a.total || a.page - b.page || a.doc - b.doc)
    const pages = []
    const byPage = new Map()
    for (const hit of ranked) {
      if (!byPage.has(hit.page)) {
        if (pages.length === PAGES_SHOWN) continue
        byPage.set(hit.page, [])
        pages.push(hit.page)
      }
      byPage.get(hit.page).push(hit)
    }
    const loaded = await Promise.all(pages.map(page => load(`p/${page}`, manifest.version)))

    /* Results as Material's worker gives them: groups of documents, the page's own first */
    const words = query.words.map(w => w.text)
    const mark = highlighter(words)
    const items = []
    pages.forEach((page, i) => {
      const docsOfPage = loaded[i].docs
      const group = []
      for (const hit of byPage.get(page)) {
        const [location, title, text] = docsOfPage[hit.doc]
        if (!query.phrases.every(phrase => contains(text + " " + title, phrase))) continue
        const terms = {}
        words.forEach((word, index) => { terms[word] = hit.words.has(index) })
        group.push({ location, title: mark(title), text: mark(excerpt(text, words)), score: hit.total, terms })
      }
      if (!group.length) return
      if (!group.some(item => !item.location.includes("#"))) {
        const [location, title] = docsOfPage[0]
        group.push({ location, title: mark(title), text: "", score: 0, terms: {} })
      }
      items.push(group)
    })
    return { items, suggest: suggestions.length ? [suggestions[suggestions.length - 1]] : [] }
  }

  /* Documents in every one of the lists (a Chinese word's bigrams), their scores summed */
  function allOf(lists) {
    if (lists.length === 1) return lists[0]
    const found = new Map()
    for (const list of lists)
      for (const [page, doc, score] of list) {
        const id = `${page} ${doc}`
        const sum = found.get(id) || [page, doc, 0, 0]
        sum[2] += score; sum[3] += 1
        found.set(id, sum)
      }
    return [...found.values()].filter(sum => sum[3] === lists.length).map(([page, doc, score]) => [page, doc, score])
  }

  function contains(text, phrase) {
    const normal = runs(text).join(" ")
    return normal.includes(phrase)
  }

  const escapeHTML = text => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

  /* The words of the query marked in text, which is escaped; a Latin word matches at the start of a word */
  function highlighter(words) {
    const latin = words.filter(w => !isHan(w)).map(w => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    const han = words.filter(isHan)
    const parts = [...han, ...(latin.length ? [`(?<![\\p{L}\\p{N}])(?:${latin.join("|")})`] : [])]
    const pattern = parts.length ? new RegExp(parts.join("|"), "giu") : null
    return text => {
      if (!pattern) return escapeHTML(text)
      let out = "", last = 0
      for (const match of text.matchAll(pattern)) {
        out += escapeHTML(text.slice(last, match.index)) + `<mark>${escapeHTML(match[0])}</mark>`
        last = match.index + match[0].length
      }
      return out + escapeHTML(text.slice(last))
    }
  }

  /* About 40 words of the text, starting a little before the first word of the query it contains */
  function excerpt(text, words) {
    const lower = text.toLowerCase()
    let at = -1
    for (const word of words) {
      const i = lower.indexOf(word)
      if (i >= 0 && (at < 0 || i < at)) at = i
    }
    let start = Math.max(0, at - 80)
    if (start > 0) start = text.indexOf(" ", start) + 1 || start
    const end = Math.min(text.length, start + 320)
    const cut = end < text.length ? text.lastIndexOf(" ", end) : end
    return (start > 0 ? "… " : "") + text.slice(start, cut > start ? cut : end) + (end < text.length ? " …" : "")
  }

  /* One query at a time, in order; while one runs, only the latest that came after it is kept */
  let running = false, next = null
  async function answer(value) {
    if (running) { next = value; return }
    running = true
    try {
      let data
      try {
        data = await search(value)
      } catch (error) {
        console.warn(error)
        data = { items: [] }
      }
      if (next === null) postMessage({ type: RESULT, data })
    } finally {
      running = false
      if (next !== null) { const value = next; next = null; answer(value) }
    }
  }

  addEventListener("message", event => {
    const message = event.data
    if (message.type === SETUP) postMessage({ type: READY })
    else if (message.type === QUERY) answer(message.data)
  })
})()
