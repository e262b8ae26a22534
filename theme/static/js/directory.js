/* Mentor Commons: search and filters in the directory, with Pagefind (served from this site).
 *
 * Without JavaScript the directory is a paged list plus one static page per facet value.
 * With it, the filter form (rendered by the build, hidden until now) and a search box drive
 * Pagefind: words are searched in names, headlines, bios and offers; within a facet, ticked
 * values are alternatives (any of them); across facets, all must hold. Each value's count
 * is how many people the list would show with that value ticked too (for a facet already in
 * use, counted without that facet's own ticks, since its values are alternatives).
 *
 * The words and ticks are kept in the page's address (?q=grant&offers=fundraising), so a
 * filtered view can be shared and the back button goes back to the previous filters.
 * A result is the same card as in the listing, with the words found shown in a snippet.
 *
 * The index is in shards of the directory's order, one Pagefind bundle each, listed in
 * pagefind/shards.json: the first is loaded, the others merged into it (mergeIndex), so every
 * search runs on all of them. A result's card is not in the index: its meta "s" names the shard
 * and the small card file (a few people, keyed by id) that holds it, fetched once when shown.
 * Shards that have none of a search word are left out of its results (see leftOut).
 */
(function () {
  "use strict";

  // The page's language (i18n.js); English as written where it is absent.
  function _(text, values) { return window.MCI18n ? window.MCI18n.gettext(text, values) : text; }
  function ngettext(one, many, n, values) {
    return window.MCI18n ? window.MCI18n.ngettext(one, many, n, values) : (n === 1 ? one : many).replace("%(num)s", String(n));
  }

  var PAGE = 24;
  var form = document.getElementById("people-search");
  if (!form) return;
  var area = document.getElementById("search-results-area");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var more = document.getElementById("search-more");
  var everyone = document.getElementById("everyone");
  var browse = document.getElementById("browse");
  var input = document.getElementById("q");
  var site = form.getAttribute("data-site") || "/";
  var help = document.getElementById("search-help");
  var countBox = document.getElementById("filter-count");
  var pagefind = null, results = [], shown = 0, generation = 0, timer = null;
  var allFilters = null;  // every shard's facet counts loading, once (a search waits for them, the page does not)
  var bundle = null, cardFiles = {};  // the shards' folder (a URL); card file path -> promise of its cards
  var shardDirs = [];  // the shards' folders, in the directory's order

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function selectedFilters() {
    var filters = {}, any = false;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]:checked"), function (box) {
      (filters[box.name] = filters[box.name] || { any: [] }).any.push(box.value);
      any = true;
    });
    return any ? filters : null;
  }

  /* The person's id, from their page's address. */
  function idOf(url) { return (/([^\/]+)\.html$/.exec(url || "") || [])[1]; }

  /* The cards of a result's card file (meta "s": "<shard> <file>", two hashes), fetched once. */
  function cardsOf(data) {
    var at = /^([0-9a-f]+) ([0-9a-f]+)$/.exec((data.meta && data.meta.s) || "");
    if (!at) return Promise.resolve({});
    var path = at[1] + "/cards/" + at[2] + ".json";
    if (!cardFiles[path]) {
      cardFiles[path] = fetch(new URL(path, bundle).href).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).catch(function () { delete cardFiles[path]; return {}; });
    }
    return cardFiles[path];
  }

  /* The listing's card (card.html), from the card file's fields for this person. */
  function card(data, cards) {
    var meta = data.meta || {}, c = (cards && cards[idOf(data.url)]) || {};
    var item = el("li", { "class": "card" });
    var avatar = el("span", { "class": "avatar avatar-" + (Number(c.colour) || 1), "aria-hidden": "true" }, c.initials || "");
    item.appendChild(avatar);
    var body = el("div", { "class": "card-body" });
    var name = el("h3", { "class": "card-name" });
    name.appendChild(el("a", { href: data.url }, c.name || meta.title || data.url));
    if (c.reading) { name.appendChild(document.createTextNode(" ")); name.appendChild(el("span", { "class": "reading" }, "(" + c.reading + ")")); }
    body.appendChild(name);
    body.appendChild(el("p", { "class": "card-headline" }, c.headline || meta.headline || ""));
    var badges = el("p", { "class": "badges" });
    (c.badges || []).forEach(function (b) { badges.appendChild(el("span", { "class": "badge badge-" + b[0] }, b[1])); });
    body.appendChild(badges);
    if (c.topics && c.topics.length) body.appendChild(el("p", { "class": "card-topics" }, c.topics.join(" · ") + (c.more_topics ? " · +" + c.more_topics : "")));
    body.appendChild(el("p", { "class": "card-meta" }, (c.place || meta.place || "") + (c.languages && c.languages.length ? " · " + c.languages.join(", ") : "")));
    var snippet = excerpt(data.excerpt);
    if (snippet) body.appendChild(snippet);
    var links = c.introduce && introduceLinks(data.url, c.name || meta.title || "");
    if (links) body.appendChild(introduceLine(links, c.name || meta.title || ""));
    item.appendChild(body);
    return item;
  }

  /* An open mentor's links to ask for an introduction, from the templates the page carries (as on the
     find page): the search record only says that they may be asked, so Pagefind doesn't index the links. */
  function introduceLinks(url, name) {
    var area = document.getElementById("search-results-area");
    var github = area && area.getAttribute("data-introduce-github"), email = area && area.getAttribute("data-introduce-email");
    var id = idOf(url);
    if (!github || !email || !id) return null;
    function fill(template) { return template.split("__ID__").join(encodeURIComponent(id)).split("__NAME__").join(encodeURIComponent(name)); }
    return { github: fill(github), email: fill(email) };
  }

  /* "Ask for an introduction", as card.html shows it. */
  function introduceLine(links, name) {
    var line = el("p", { "class": "introduce-line" });
    var ask = el("a", { "class": "button button-small button-quiet", href: links.github, rel: "noopener" }, _("Ask for an introduction"));
    ask.appendChild(el("span", { "class": "visually-hidden" }, _(" to %(name)s", { name: name })));
    var mail = el("a", { "class": "introduce-email", href: links.email }, _("or ask by e-mail"));
    mail.appendChild(el("span", { "class": "visually-hidden" }, _(" for an introduction to %(name)s", { name: name })));
    line.appendChild(ask);
    line.appendChild(document.createTextNode(" "));
    line.appendChild(mail);
    return line;
  }

  /* Pagefind's excerpt, with only its <mark> kept: parsed inertly, rebuilt as text nodes and marks. */
  function excerpt(html) {
    if (!html || !input.value.trim()) return null;
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = el("p", { "class": "snippet" });
    Array.prototype.forEach.call(doc.body.firstChild ? doc.body.firstChild.childNodes : [], function (node) {
      if (node.nodeType === 3) out.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") out.appendChild(el("mark", {}, node.textContent));
      else out.appendChild(document.createTextNode(node.textContent || ""));
    });
    out.insertBefore(document.createTextNode("“…"), out.firstChild);
    out.appendChild(document.createTextNode("…”"));
    return out;
  }

  function updateCounts(counts) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-count-for]"), function (badge) {
      var key = badge.getAttribute("data-count-for"), at = key.indexOf(":");
      var facet = counts && counts[key.slice(0, at)], value = key.slice(at + 1);
      badge.textContent = facet && facet[value] !== undefined ? facet[value] : "0";
    });
  }

  /* Counts per facet: a facet in use is counted as if its own ticks were not there. */
  function facetCounts(query, filters, search, out) {
    var counts = {};
    Object.keys(search.filters || {}).forEach(function (k) { counts[k] = search.filters[k]; });
    var used = Object.keys(filters || {});
    return Promise.all(used.map(function (facet) {
      var others = {};
      used.forEach(function (k) { if (k !== facet) others[k] = filters[k]; });
      return pagefind.search(query || null, { filters: withShards(others, out) }).then(function (s) {
        if (s && s.filters && s.filters[facet]) counts[facet] = s.filters[facet];
      });
    })).then(function () { return counts; });
  }

  /* The shards to leave out of a search word's results, once per word. Pagefind, in an index where no word
     starts with the search word, searches for the longest word the search word starts with ("ana" for
     "anastasia"), or, if there is none, drops the word from the query. One bundle does that only when nobody
     has such a word; a shard without one would add strangers, so only the shards that have one are searched.
     A shard has one when an exact search finds the word there, or when the word and the word with a letter no
     word has (which has no word starting with it anywhere, so falls back to the same word as the search word
     does where it has none) find different numbers of people there. If no shard has one, the shards with the
     longest word the search word starts with are searched, as one bundle would. */
  var PROBE = "\u01c2", leftOutOf = {};
  function leftOut(word) {
    if (shardDirs.length < 2) return Promise.resolve([]);
    var key = word.toLowerCase();
    if (!leftOutOf[key]) {
      leftOutOf[key] = shardCounts([word, '"' + word + '"', word + PROBE]).then(function (c) {
        var has = shardDirs.filter(function (d) { return c[1][d] > 0 || (c[0][d] || 0) !== (c[2][d] || 0); });
        return has.length ? others(has) : longestWord(key.replace(/[^\p{L}\p{N}]/gu, ""));
      });
    }
    return leftOutOf[key];
  }
  function longestWord(word) {
    if (word.length < 2) return Promise.resolve([]);
    word = word.slice(0, -1);
    return shardCounts(['"' + word + '"']).then(function (c) {
      var has = shardDirs.filter(function (d) { return c[0][d] > 0; });
      return has.length ? others(has) : longestWord(word);
    });
  }
  /* How many people each query finds in each shard (no filters). */
  function shardCounts(queries) {
    return Promise.all(queries.map(function (q) {
      return pagefind.search(q, { filters: {} }).then(function (s) { return (s && s.filters && s.filters.shard) || {}; });
    }));
  }
  function others(dirs) { return shardDirs.filter(function (d) { return dirs.indexOf(d) < 0; }); }

  /* The filters, with the shards ``out`` left out (the synthetic filter "shard" each one carries). */
  function withShards(filters, out) {
    var all = {};
    Object.keys(filters || {}).forEach(function (k) { all[k] = filters[k]; });
    if (out && out.length) all.shard = { none: out };
    return all;
  }

  function showMore() {
    var mine = generation;
    var slice = results.slice(shown, shown + PAGE);
    shown += slice.length;
    more.hidden = shown >= results.length;
    return Promise.all(slice.map(function (r) {
      return r.data().then(function (data) { return cardsOf(data).then(function (cards) { return card(data, cards); }); });
    })).then(function (items) {
      if (mine !== generation) return;
      items.forEach(function (item) { list.appendChild(item); });
    });
  }

  function run() {
    var query = input.value.trim();
    var filters = selectedFilters();
    generation += 1;
    var mine = generation;
    area.parentNode.setAttribute("aria-busy", "true");  // (run from the address too, not only by schedule)
    if (!query && !filters) {
      area.hidden = true;
      everyone.hidden = false;
      help.hidden = true;
      countBox.textContent = "";
      restoreCounts();
      done(mine);
      return Promise.resolve();
    }
    var words = query.split(/\s+/).filter(Boolean), outs = [];
    if (allFilters) return allFilters.then(function () { allFilters = null; return run(); });
    // No sort option: without words every result scores the same, so the shards' results come one shard
    // after the other, each in its own order, which is the directory's (Pagefind's sort would interleave them).
    return Promise.all(words.map(leftOut)).then(function (found) {
      outs = found;
      var out = [].concat.apply([], outs);
      return mine === generation ? pagefind.search(query || null, { filters: withShards(filters, out) }) : null;
    }).then(function (search) {
      if (mine !== generation || !search) return null;
      return facetCounts(query, filters, search, [].concat.apply([], outs)).then(function (counts) {
        if (mine !== generation) return null;
        results = search.results;
        var fallback = !results.length && words.length > 1
          ? Promise.all(words.map(function (w, i) { return pagefind.search(w, { filters: withShards(filters, outs[i]) }); })) : Promise.resolve(null);
        return fallback.then(function (each) {
          if (mine !== generation) return null;
          var some = [];
          if (each) {
            var seen = {};
            each.forEach(function (r) { (r ? r.results : []).forEach(function (x) { if (!seen[x.id]) { seen[x.id] = true; some.push(x); } }); });
            results = some;
          }
          shown = 0;
          list.textContent = "";
          area.hidden = false;
          everyone.hidden = true;
          var n = results.length;
          status.textContent = each
            ? (n ? _("Nobody matches all of “%(query)s”.", { query: query }) + " " + ngettext("%(num)s person matches some of the words:", "%(num)s people match some of the words:", n) : ngettext("%(num)s person found.", "%(num)s people found.", 0))
            : ngettext("%(num)s person found.", "%(num)s people found.", n);
          countBox.textContent = ngettext("%(num)s person", "%(num)s people", n);
          showHelp(n === 0 || each ? words : null, !!filters, n > 0);
          updateCounts(counts);
          return showMore();
        });
      });
    }).then(function () { done(mine); });
  }

  /* aria-busy tells assistive technology (and the tests) when the list is being replaced. */
  function done(mine) {
    if (mine === generation) area.parentNode.setAttribute("aria-busy", "false");
  }

  var initialCounts = {};
  function rememberCounts() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-count-for]"), function (b) { initialCounts[b.getAttribute("data-count-for")] = b.textContent; });
  }
  function restoreCounts() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-count-for]"), function (b) { b.textContent = initialCounts[b.getAttribute("data-count-for")]; });
  }

  /* When nobody is found: what to change (fewer words, another word, a filter less), and topics to
     browse: those whose name has one of the words, else the first few offered. */
  function showHelp(words, filtered, some) {
    help.textContent = "";
    help.hidden = !words;
    if (!words) return;
    var lead = !words.length ? _("Nobody has all of these. Untick a filter, or browse a topic:")
      : words.length > 1 && some ? _("Try fewer words, or browse a topic:")
      : filtered ? _("Try another word or fewer filters, or browse a topic:")
      : words.length > 1 ? _("Try other words, or browse a topic:") : _("Try another word, or browse a topic:");
    help.appendChild(el("p", {}, lead));
    var topics = Array.prototype.filter.call(form.querySelectorAll('input[name="offers"]'), function (box) {
      var label = box.parentNode.querySelector(".check-label").textContent.toLowerCase();
      return words.some(function (w) { return w.length > 2 && label.indexOf(w.toLowerCase().slice(0, Math.max(4, w.length - 2))) >= 0; });
    });
    if (!topics.length) topics = Array.prototype.slice.call(form.querySelectorAll('input[name="offers"]'), 0, 6);
    var ul = el("ul", { "class": "plain topic-links" });
    topics.slice(0, 8).forEach(function (box) {
      var li = el("li");
      li.appendChild(el("a", { href: new URL("directory/offers/" + box.value + "/", base).href }, _("Mentors for %(topic)s", { topic: box.parentNode.querySelector(".check-label").textContent })));
      ul.appendChild(li);
    });
    help.appendChild(ul);
  }

  // --- the address keeps the state ----------------------------------------------------------------

  function stateQuery() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]:checked"), function (box) { params.append(box.name, box.value); });
    var text = params.toString();
    return text ? "?" + text : "";
  }
  function remember() {
    var wanted = stateQuery();
    if (wanted !== window.location.search) history.pushState(null, "", window.location.pathname + wanted + window.location.hash);
  }
  function restore() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      box.checked = params.getAll(box.name).indexOf(box.value) >= 0;
      if (box.checked) box.closest("details").open = true;
    });
  }

  function schedule() {
    area.parentNode.setAttribute("aria-busy", "true");
    clearTimeout(timer);
    timer = setTimeout(function () { remember(); run(); }, 200);
  }

  var base = new URL(site, window.location.href);
  bundle = new URL("pagefind/", base);
  function shardPath(dir) { return new URL(dir + "/", bundle).pathname; }
  fetch(new URL("shards.json", bundle).href, { cache: "no-cache" }).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (manifest) {
    shardDirs = (manifest.shards || []).map(function (s) { return String(s.dir); });
    if (!shardDirs.length || !shardDirs.every(function (d) { return /^[0-9a-f]+$/.test(d); })) throw new Error("no search shards");
    return import(new URL(shardDirs[0] + "/pagefind.js", bundle).href);
  }).then(function (module) {
    pagefind = module;
    // Each shard carries a filter "shard" (its folder), to tell its results apart (see leftOut).
    return pagefind.options({ baseUrl: base.pathname, mergeFilter: { shard: shardDirs[0] } });
  }).then(function () {
    // The other shards share the first one's code and WebAssembly; a search runs on them all.
    return Promise.all(shardDirs.slice(1).map(function (dir) {
      return pagefind.mergeIndex(shardPath(dir), { baseUrl: base.pathname, mergeFilter: { shard: dir } });
    }));
  }).then(function () {
    // Every facet's counts, so that searches can report them all: loaded in the background (a file
    // or more per shard), while the form is usable already; the first search waits for them.
    allFilters = pagefind.filters().catch(function () { return null; });
    rememberCounts();
    // On a wide screen the filters are a sidebar: open the shortest groups there.
    if (window.matchMedia("(min-width: 62rem)").matches) {
      Array.prototype.forEach.call(form.querySelectorAll('details[data-facet="role"], details[data-facet="availability"]'), function (d) { d.open = true; });
    }
    area.parentNode.setAttribute("aria-busy", "false");
    form.hidden = false;
    browse.hidden = true;
    window.addEventListener("popstate", function () { restore(); run(); });
    if (window.location.search) { restore(); run(); }
    input.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function (e) { e.preventDefault(); schedule(); });
    form.addEventListener("reset", function () { setTimeout(schedule, 0); });
    more.addEventListener("click", function () { showMore(); });
    // Usable from here; "ready" (for scripts and tests) once every shard's counts are in too.
    (allFilters || Promise.resolve()).then(function () { form.setAttribute("data-ready", "true"); });
  }).catch(function () {
    // No search bundle (a build without search): the static pages still work.
  });
})();
