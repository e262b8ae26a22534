/* Mentor Commons: search and filters in the directory, with Pagefind (served from this site).
 *
 * Without JavaScript the directory is a paged list plus one static page per facet value.
 * With it, the filter form (rendered by the build, hidden until now) and a search box drive
 * Pagefind: words are searched in names, headlines, bios and offers; within a facet, ticked
 * values are alternatives (any of them); across facets, all must hold. Each value's count
 * is how many people the list would show with that value ticked too (for a facet already in
 * use, counted without that facet's own ticks, since its values are alternatives).
 */
(function () {
  "use strict";

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
  var pagefind = null, results = [], shown = 0, generation = 0, timer = null;

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

  function card(data) {
    var meta = data.meta || {};
    var item = el("li", { "class": "card" });
    var name = el("h3", { "class": "card-name" });
    name.appendChild(el("a", { href: data.url }, meta.title || data.url));
    item.appendChild(name);
    if (meta.headline) item.appendChild(el("p", { "class": "card-headline" }, meta.headline));
    if (meta.roles) item.appendChild(el("p", { "class": "card-topics" }, meta.roles));
    if (meta.place) item.appendChild(el("p", { "class": "card-meta" }, meta.place));
    return item;
  }

  function updateCounts(counts) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-count-for]"), function (badge) {
      var key = badge.getAttribute("data-count-for"), at = key.indexOf(":");
      var facet = counts && counts[key.slice(0, at)], value = key.slice(at + 1);
      badge.textContent = facet && facet[value] !== undefined ? facet[value] : "0";
    });
  }

  /* Counts per facet: a facet in use is counted as if its own ticks were not there. */
  function facetCounts(query, filters, search) {
    var counts = {};
    Object.keys(search.filters || {}).forEach(function (k) { counts[k] = search.filters[k]; });
    var used = Object.keys(filters || {});
    return Promise.all(used.map(function (facet) {
      var others = {};
      used.forEach(function (k) { if (k !== facet) others[k] = filters[k]; });
      return pagefind.search(query || null, { filters: others }).then(function (s) {
        if (s && s.filters && s.filters[facet]) counts[facet] = s.filters[facet];
      });
    })).then(function () { return counts; });
  }

  function showMore() {
    var mine = generation;
    var slice = results.slice(shown, shown + PAGE);
    shown += slice.length;
    more.hidden = shown >= results.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
      if (mine !== generation) return;
      items.forEach(function (data) { list.appendChild(card(data)); });
    });
  }

  function run() {
    var query = input.value.trim();
    var filters = selectedFilters();
    generation += 1;
    var mine = generation;
    if (!query && !filters) {
      area.hidden = true;
      everyone.hidden = false;
      restoreCounts();
      done(mine);
      return Promise.resolve();
    }
    var options = { filters: filters || {} };
    if (!query) options.sort = { name: "asc" };
    return pagefind.search(query || null, options).then(function (search) {
      if (mine !== generation || !search) return null;
      return facetCounts(query, filters, search).then(function (counts) {
        if (mine !== generation) return null;
        results = search.results;
        shown = 0;
        list.textContent = "";
        area.hidden = false;
        everyone.hidden = true;
        status.textContent = results.length === 1 ? "1 person found." : results.length + " people found.";
        updateCounts(counts);
        return showMore();
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

  function schedule() {
    area.parentNode.setAttribute("aria-busy", "true");
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  }

  var base = new URL(site, window.location.href);
  import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: base.pathname });
  }).then(function () {
    return pagefind.filters();  // loads every facet's counts, so searches can report them all
  }).then(function () {
    rememberCounts();
    // On a wide screen the filters are a sidebar: open the shortest groups there.
    if (window.matchMedia("(min-width: 62rem)").matches) {
      Array.prototype.forEach.call(form.querySelectorAll('details[data-facet="role"], details[data-facet="availability"]'), function (d) { d.open = true; });
    }
    area.parentNode.setAttribute("aria-busy", "false");
    form.hidden = false;
    browse.hidden = true;
    input.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function (e) { e.preventDefault(); schedule(); });
    form.addEventListener("reset", function () { setTimeout(schedule, 0); });
    more.addEventListener("click", function () { showMore(); });
    form.setAttribute("data-ready", "true");
  }).catch(function () {
    // No search bundle (a build without search): the static pages still work.
  });
})();
