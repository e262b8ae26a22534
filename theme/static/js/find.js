/* Mentor Commons: "find my mentor".
 *
 * Reads the policy (data/policy.json, exported from matcher/matching/policy.toml) and every mentor
 * as the matcher sees them (data/mentors.json), builds a seeker from the ticked boxes, and
 * ranks mentors with MentorScoring (scoring.js, the port of the matcher's rules). Then the
 * visitor goes through the results one card at a time: keep (button, right arrow, swipe
 * right) or pass (button, left arrow, swipe left). Kept people go to the shortlist
 * (shortlist.js); the query and the decisions survive a reload too.
 */
(function () {
  "use strict";

  // The page's language (i18n.js); English as written where it is absent.
  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (whole, key) { return values && key in values ? String(values[key]) : whole; });
  }
  function _(text, values) { return window.MCI18n ? window.MCI18n.gettext(text, values) : fill(text, values); }
  function ngettext(one, many, n, values) {
    return window.MCI18n ? window.MCI18n.ngettext(one, many, n, values) : fill(n === 1 ? one : many, Object.assign({ num: n }, values || {}));
  }

  var STATE_KEY = "mentor-commons:find:v1";
  var SWIPE = 80; // pixels of horizontal drag that count as a decision

  var root = document.getElementById("find");
  if (!root || !window.MentorScoring || !window.MentorShortlist) return;
  var Scoring = window.MentorScoring, Shortlist = window.MentorShortlist;
  var form = document.getElementById("find-form");
  var resultsBox = document.getElementById("find-results");
  var statusBox = document.getElementById("find-status");
  var deckCard = document.getElementById("deck-card");
  var progress = document.getElementById("deck-progress");
  var keepButton = document.getElementById("keep-button");
  var passButton = document.getElementById("pass-button");
  var rankedList = document.getElementById("ranked-list");
  var shortlistBox = document.getElementById("shortlist");
  var shortlistItems = document.getElementById("shortlist-items");
  var site = root.getAttribute("data-site") || "/";
  var limit = Number(root.getAttribute("data-results")) || 20;
  var personUrl = root.getAttribute("data-person-url");  // e.g. /people/__ID__.html
  // "Ask for an introduction": the prefilled form and e-mail, with __ID__ and __NAME__ to fill in
  var introduceGithub = root.getAttribute("data-introduce-github");
  var introduceEmail = root.getAttribute("data-introduce-email");

  var data = null;      // {policy, mentors, labels}
  var currentQuery = null;
  var ranked = [];      // [{mentor, score}]
  var position = 0;     // index of the card shown

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function loadState() {
    try { return JSON.parse(localStorage.getItem(STATE_KEY) || "null") || {}; } catch (e) { return {}; }
  }
  function saveState(state) {
    try { localStorage.setItem(STATE_KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  // --- the form -------------------------------------------------------------------------

  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (i) { return i.checked; })
      .map(function (i) { return i.value; });
  }

  function readForm() {
    var languages = checked("language").map(function (code) {
      return { code: code, level: form.elements["level-" + code].value };
    });
    var zone = form.elements.timezone;
    var option = zone.options[zone.selectedIndex];
    return {
      topics: checked("topic"),
      languages: languages,
      formats: checked("format"),
      country: form.elements.country.value,
      city: form.elements.city.value.trim() || null,
      timezone: zone.value,
      utc_offset: Number(option.getAttribute("data-offset")),
      reach: (form.querySelector('input[name="reach"]:checked') || { value: "anywhere" }).value,
      sector: form.elements.sector.value,
      target: form.elements.target.value
    };
  }

  function writeForm(query) {
    if (!query) return;
    ["topic", "language", "format"].forEach(function (name) {
      var wanted = name === "language" ? (query.languages || []).map(function (l) { return l.code; }) : (name === "topic" ? query.topics : query.formats) || [];
      Array.prototype.forEach.call(form.querySelectorAll('input[name="' + name + '"]'), function (box) {
        box.checked = wanted.indexOf(box.value) >= 0;
      });
    });
    (query.languages || []).forEach(function (l) {
      var select = form.elements["level-" + l.code];
      if (select) select.value = l.level;
    });
    ["country", "city", "timezone", "sector", "target"].forEach(function (name) {
      if (query[name] !== undefined && query[name] !== null && form.elements[name]) form.elements[name].value = query[name];
    });
    Array.prototype.forEach.call(form.querySelectorAll('input[name="reach"]'), function (r) { r.checked = r.value === query.reach; });
    syncLevels();
  }

  function syncLevels() {
    Array.prototype.forEach.call(form.querySelectorAll('input[name="language"]'), function (box) {
      var select = form.elements["level-" + box.value];
      if (select) select.disabled = !box.checked;
    });
  }

  /* The visitor as the matcher's Seeker (matcher.features.Seeker.as_json). */
  function seekerOf(query) {
    return {
      id: "",
      topics: query.topics,
      languages: query.languages,
      formats: query.formats,
      country: query.country,
      city: query.city,
      utc_offset: query.utc_offset,
      reach: query.reach,
      target_sectors: query.target ? [query.target] : [],
      sectors: query.sector ? [query.sector] : [],
      shortlist: Shortlist.ids(),
      avoid: [],
      looking: true
    };
  }

  function missing(query) {
    if (!query.topics.length) return _("Tick at least one topic.");
    if (!query.languages.length) return _("Tick at least one language.");
    if (!query.formats.length) return _("Tick at least one way to meet.");
    return "";
  }

  // --- ranking ----------------------------------------------------------------------------

  function rank(query) {
    var offers = data.mentors.map(function (m) { return m.offer; });
    return Scoring.rankOffers(seekerOf(query), offers, data.policy, data.labels).slice(0, limit).map(function (r) {
      return { mentor: data.mentors[r.index], score: r.score };
    });
  }

  /* The most this visitor could score with each mentor, from what they asked for: a sector only
     counts when they named one, place only when they meet in person or want someone local, and a
     shortlist is a bonus on top. Strength is the share of that, in words. */
  function reachable(query) {
    var w = data.policy.weights_h;
    var wantsLocal = query.formats.indexOf("in-person") >= 0 || query.reach === "local";
    return w.topics + w.language + w.hours + (query.target ? w.sector : query.sector ? data.policy.sector_shared_current_h : 0) + (wantsLocal ? w.location : 0);
  }

  var STRENGTHS = [[0.8, "strong", _("Strong fit")], [0.55, "good", _("Good fit")], [0, "possible", _("Possible fit")]];
  function strengthOf(score, query) {
    var fit = score.components.reduce(function (sum, c) { return c.criterion === "interest" ? sum : sum + c.points_h; }, 0);
    var share = Math.min(1, fit / Math.max(1, reachable(query)));
    for (var i = 0; i < STRENGTHS.length; i++) { if (share >= STRENGTHS[i][0]) return { key: STRENGTHS[i][1], words: STRENGTHS[i][2], share: share }; }
    return { key: "possible", words: _("Possible fit"), share: share };
  }

  function strengthBadge(score, query) {
    var s = strengthOf(score, query);
    var badge = el("span", { "class": "strength strength-" + s.key });
    var meter = el("span", { "class": "strength-meter", "aria-hidden": "true" });
    for (var i = 0; i < 3; i++) meter.appendChild(el("span", { "class": i < (s.key === "strong" ? 3 : s.key === "good" ? 2 : 1) ? "on" : "" }));
    badge.appendChild(meter);
    badge.appendChild(document.createTextNode(" " + s.words));
    return badge;
  }

  function names(list) {
    if (list.length < 2) return list.join("");
    var items = list.slice(0, -1).join(_(", "));
    // TRANSLATORS: the end of a list: "Fundraising, Leadership and Public speaking" (%(items)s is joined with ", ").
    return _("%(items)s and %(last)s", { items: items, last: list[list.length - 1] });
  }
  function label(kind, value) { return (data.labels[kind] || {})[value] || value; }

  /* Each reason as a sentence to the visitor, from the seeker and the mentor themselves. */
  function sentence(c, query, mentor) {
    var offer = mentor.offer;
    if (c.criterion === "topics") {
      var got = query.topics.filter(function (t) { return offer.topics.indexOf(t) >= 0; }).map(function (t) { return label("topic", t); });
      if (!got.length) return "";
      return got.length === query.topics.length
        ? (got.length === 1 ? _("Offers help with your topic, %(topic)s.", { topic: got[0] })
          : got.length === 2 ? _("Offers help with both your topics: %(topics)s.", { topics: names(got) })
          : ngettext("Offers help with all %(num)s of your topics: %(topics)s.", "Offers help with all %(num)s of your topics: %(topics)s.", got.length, { topics: names(got) }))
        : ngettext("Offers help with %(got)s of your %(num)s topic: %(topics)s.", "Offers help with %(got)s of your %(num)s topics: %(topics)s.", query.topics.length, { got: got.length, topics: names(got) });
    }
    if (c.criterion === "language") {
      var usable = Scoring.workingLanguages(seekerOf(query), offer, data.policy);
      if (!usable.length) return "";
      return _("You can talk in %(language)s (they speak it: %(level)s).", { language: label("language", usable[0][0]), level: label("language_level", usable[0][2]).toLowerCase() });
    }
    if (c.criterion === "hours") {
      var minutes = Scoring.overlapMinutes(query.utc_offset, offer.utc_offset, data.policy);
      var day = data.policy.hours.end_minute - data.policy.hours.start_minute;
      if (!minutes) return "";
      if (minutes >= day) return _("Your working days are at the same hours.");
      var hours = Math.round(minutes / 60);
      return ngettext("Your working days overlap by about %(num)s hour.", "Your working days overlap by about %(num)s hours.", hours);
    }
    if (c.criterion === "sector") {
      var target = query.target && offer.sectors.indexOf(query.target) >= 0;
      if (target) return _("Works in %(sector)s, the sector you want to move into.", { sector: label("sector", query.target) });
      if (query.sector && offer.sectors.indexOf(query.sector) >= 0) return _("Works in %(sector)s, like you.", { sector: label("sector", query.sector) });
      return "";
    }
    if (c.criterion === "location") {
      if (!c.points_h) return "";
      return offer.city && query.city && offer.city.toLowerCase() === query.city.toLowerCase() ? _("Lives in your city, %(city)s.", { city: offer.city }) : _("Lives in your country.");
    }
    if (c.criterion === "interest") return c.points_h ? _("On your shortlist.") : "";
    return c.detail;
  }

  function reasonsList(score, query, mentor) {
    var list = el("ul", { "class": "reasons" });
    score.components.forEach(function (c) {
      var words = c.points_h ? sentence(c, query, mentor) : "";
      if (words) list.appendChild(el("li", {}, words));
    });
    return list;
  }

  /* For those who open it: every part of the score, and their sum. */
  function breakdown(score, query) {
    var box = el("details", { "class": "breakdown" });
    box.appendChild(el("summary", {}, _("How this was worked out")));
    var table = el("table");
    var body = el("tbody");
    var NAMES = { topics: _("Topics"), language: _("Language"), hours: _("Working hours"), sector: _("Sector"), location: _("Place"), interest: _("Your shortlist (bonus)") };
    score.components.forEach(function (c) {
      var row = el("tr");
      row.appendChild(el("th", { scope: "row" }, NAMES[c.criterion] || c.criterion));
      row.appendChild(el("td", {}, Scoring.pointsText(c.points_h)));
      body.appendChild(row);
    });
    var total = el("tr", { "class": "total" });
    total.appendChild(el("th", { scope: "row" }, _("Total")));
    total.appendChild(el("td", {}, _("%(points)s of %(possible)s possible for your answers", { points: Scoring.pointsText(score.total_h), possible: Scoring.pointsText(reachable(query)) })));
    body.appendChild(total);
    table.appendChild(body);
    box.appendChild(table);
    return box;
  }

  function personLink(mentor) {
    return el("a", { href: site + mentor.url }, mentor.name);
  }

  /* The same line as on the site's cards (_introduce.html), for a mentor who may be asked. */
  function fillLink(template, mentor) {
    return template.split("__ID__").join(encodeURIComponent(mentor.offer.id)).split("__NAME__").join(encodeURIComponent(mentor.name));
  }
  function introduceLine(mentor) {
    if (!mentor.introduce || !introduceGithub || !introduceEmail) return null;
    var line = el("p", { "class": "introduce-line" });
    var ask = el("a", { "class": "button button-small button-quiet", href: fillLink(introduceGithub, mentor), rel: "noopener" }, _("Ask for an introduction"));
    ask.appendChild(el("span", { "class": "visually-hidden" }, _(" to %(name)s", { name: mentor.name })));
    var mail = el("a", { "class": "introduce-email", href: fillLink(introduceEmail, mentor) }, _("or ask by e-mail"));
    mail.appendChild(el("span", { "class": "visually-hidden" }, _(" for an introduction to %(name)s", { name: mentor.name })));
    line.appendChild(ask);
    line.appendChild(document.createTextNode(" "));
    line.appendChild(mail);
    return line;
  }

  function renderRanked() {
    rankedList.textContent = "";
    ranked.forEach(function (r) {
      var item = el("li", { "data-id": r.mentor.offer.id });
      var head = el("p", { "class": "suggestion-head" });
      head.appendChild(personLink(r.mentor));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(strengthBadge(r.score, currentQuery));
      item.appendChild(head);
      item.appendChild(el("p", { "class": "muted" }, r.mentor.headline + " · " + r.mentor.place));
      item.appendChild(reasonsList(r.score, currentQuery, r.mentor));
      var ask = introduceLine(r.mentor);
      if (ask) item.appendChild(ask);
      item.appendChild(breakdown(r.score, currentQuery));
      rankedList.appendChild(item);
    });
  }

  // --- the deck -----------------------------------------------------------------------------

  function decisions() { return loadState().decided || {}; }

  var leaving = false;  // a card on its way out takes no second decision

  function decide(keep) {
    var current = ranked[position];
    if (!current || leaving) return;
    leaving = true;
    var id = current.mentor.offer.id;
    var state = loadState();
    state.decided = state.decided || {};
    state.decided[id] = keep ? "keep" : "pass";
    saveState(state);
    if (keep && !Shortlist.add(id, current.mentor.name)) {
      statusBox.textContent = _("Your shortlist is full: remove someone to keep more.");
    }
    deckCard.classList.add(keep ? "leaving-keep" : "leaving-pass");
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    setTimeout(function () {
      // The next card appears in place at once: no transition back from where this one went.
      deckCard.style.transition = "none";
      deckCard.classList.remove("leaving-keep", "leaving-pass");
      deckCard.style.transform = "";
      nextCard();
      void deckCard.offsetWidth;
      deckCard.style.transition = "";
      leaving = false;
    }, reduced ? 0 : 180);
  }

  function nextCard() {
    var decided = decisions();
    position = 0;
    while (position < ranked.length && decided[ranked[position].mentor.offer.id]) position += 1;
    renderCard();
  }

  function renderCard() {
    deckCard.textContent = "";
    var done = ranked.filter(function (r) { return decisions()[r.mentor.offer.id]; }).length;
    var current = ranked[position];
    keepButton.disabled = passButton.disabled = !current;
    if (!current) {
      progress.textContent = ranked.length ? ngettext("You have been through the %(num)s mentor.", "You have been through all %(num)s mentors.", ranked.length) : "";
      deckCard.appendChild(el("p", {}, ranked.length
        ? _("That is everyone for these answers. Change your answers to see other mentors, or look at your shortlist below.")
        : _("No mentor fits these answers yet. Try more topics, another language or another way to meet.")));
      if (ranked.length) {
        var again = el("button", { type: "button", "class": "link-button" }, _("Go through them again"));
        again.addEventListener("click", function () {
          var state = loadState(); state.decided = {}; saveState(state); nextCard();
        });
        deckCard.appendChild(again);
      }
      return;
    }
    progress.textContent = _("Mentor %(number)s of %(total)s", { number: done + 1, total: ranked.length });
    deckCard.setAttribute("data-id", current.mentor.offer.id);
    var title = el("h3");
    title.appendChild(personLink(current.mentor));
    deckCard.appendChild(title);
    deckCard.appendChild(el("p", {}, current.mentor.headline));
    deckCard.appendChild(el("p", { "class": "muted" }, current.mentor.place));
    var score = el("p");
    score.appendChild(strengthBadge(current.score, currentQuery));
    deckCard.appendChild(score);
    deckCard.appendChild(el("p", { "class": "hint" }, _("Why:")));
    deckCard.appendChild(reasonsList(current.score, currentQuery, current.mentor));
    var ask = introduceLine(current.mentor);
    if (ask) deckCard.appendChild(ask);
    deckCard.appendChild(breakdown(current.score, currentQuery));
  }

  function enableSwipe() {
    var startX = null, pointer = null;
    deckCard.addEventListener("pointerdown", function (e) {
      if (e.target.closest("a, button")) return;
      startX = e.clientX; pointer = e.pointerId;
      deckCard.setPointerCapture(pointer);
    });
    deckCard.addEventListener("pointermove", function (e) {
      if (startX === null || e.pointerId !== pointer) return;
      var dx = e.clientX - startX;
      deckCard.style.transform = "translateX(" + dx + "px) rotate(" + dx / 40 + "deg)";
    });
    function end(e) {
      if (startX === null || e.pointerId !== pointer) return;
      var dx = e.clientX - startX;
      startX = null;
      deckCard.style.transform = "";
      if (Math.abs(dx) >= SWIPE) decide(dx > 0);
    }
    deckCard.addEventListener("pointerup", end);
    deckCard.addEventListener("pointercancel", function () { startX = null; deckCard.style.transform = ""; });
  }

  keepButton.addEventListener("click", function () { decide(true); });
  passButton.addEventListener("click", function () { decide(false); });

  document.addEventListener("keydown", function (e) {
    if (resultsBox.hidden || e.altKey || e.ctrlKey || e.metaKey) return;
    var target = e.target;
    if (target && (target.closest("form") || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) return;
    if (e.key === "ArrowRight") { e.preventDefault(); decide(true); }
    else if (e.key === "ArrowLeft") { e.preventDefault(); decide(false); }
  });

  // --- the shortlist panel --------------------------------------------------------------

  function renderShortlist() {
    var items = Shortlist.read();
    shortlistBox.hidden = false;
    shortlistItems.textContent = "";
    if (!items.length) shortlistItems.appendChild(el("li", { "class": "muted" }, _("Nobody yet: keep someone to add them.")));
    items.forEach(function (item) {
      var li = el("li", { "data-id": item.id });
      li.appendChild(el("a", { href: personUrl.replace("__ID__", item.id) }, item.name));
      var remove = el("button", { type: "button", "class": "link-button" }, _("Remove"));
      remove.setAttribute("aria-label", _("Remove %(name)s from the shortlist", { name: item.name }));
      remove.addEventListener("click", function () { Shortlist.remove(item.id); });
      li.appendChild(remove);
      shortlistItems.appendChild(li);
    });
    document.getElementById("shortlist-add").hidden = !items.length;
  }

  document.getElementById("clear-shortlist").addEventListener("click", function () { Shortlist.clear(); });
  Shortlist.onChange(renderShortlist);

  /* When few or no mentors fit: the one change that would show the most more ("add French to see 3 more"). */
  function countFor(query) {
    var offers = data.mentors.map(function (m) { return m.offer; });
    return Scoring.rankOffers(seekerOf(query), offers, data.policy, data.labels).length;
  }
  function showChanges(query) {
    var box = document.getElementById("find-changes");
    box.textContent = "";
    box.hidden = true;
    if (ranked.length >= 3) return;
    var now = countFor(query), options = [];
    var copy = function () { return JSON.parse(JSON.stringify(query)); };
    Array.prototype.forEach.call(form.querySelectorAll('input[name="language"]'), function (b) {
      if (b.checked) return;
      var q = copy(); q.languages.push({ code: b.value, level: root.getAttribute("data-default-level") });
      options.push({ n: countFor(q) - now, words: _("Add %(language)s", { language: label("language", b.value) }), apply: function () { b.checked = true; syncLevels(); } });
    });
    Array.prototype.forEach.call(form.querySelectorAll('input[name="format"]'), function (b) {
      if (b.checked) return;
      var q = copy(); q.formats.push(b.value);
      options.push({ n: countFor(q) - now, words: _("Also meet %(format)s", { format: b.parentNode.textContent.trim().toLowerCase() }), apply: function () { b.checked = true; } });
    });
    if (query.reach === "local") {
      var q = copy(); q.reach = "anywhere";
      options.push({ n: countFor(q) - now, words: _("Accept a mentor anywhere"), apply: function () { form.querySelector('input[name="reach"][value="anywhere"]').checked = true; } });
    }
    options = options.filter(function (o) { return o.n > 0; }).sort(function (a, b) { return b.n - a.n || (a.words < b.words ? -1 : 1); }).slice(0, 3);
    if (!options.length) return;
    box.appendChild(el("p", {}, _("To see more mentors:")));
    var ul = el("ul", { "class": "plain" });
    options.forEach(function (o) {
      // TRANSLATORS: %(change)s is a change to the answers: "Add French", "Also meet in person", "Accept a mentor anywhere".
      var button = el("button", { type: "button", "class": "link-button" }, ngettext("%(change)s to see %(num)s more mentor", "%(change)s to see %(num)s more mentors", o.n, { change: o.words }));
      button.addEventListener("click", function () { o.apply(); form.requestSubmit(); });
      var li = el("li"); li.appendChild(button); ul.appendChild(li);
    });
    box.appendChild(ul);
    box.hidden = false;
  }

  /* A live count while the form is filled in. */
  function liveCount() {
    var out = document.getElementById("find-live");
    if (!data || !out) return;
    var query = readForm();
    if (missing(query)) { out.textContent = ngettext("%(num)s mentor in all: tick a topic, a language and a way to meet.", "%(num)s mentors in all: tick a topic, a language and a way to meet.", data.mentors.length); return; }
    var n = countFor(query);
    out.textContent = ngettext("%(num)s mentor fits so far.", "%(num)s mentors fit so far.", n);
  }
  form.addEventListener("change", liveCount);

  /* Short steps: one group of questions at a time, with the live count beside the buttons. */
  var steps = Array.prototype.slice.call(form.querySelectorAll(".step"));
  var stepNow = 0;
  function showStep(i, focus) {
    stepNow = Math.max(0, Math.min(steps.length - 1, i));
    steps.forEach(function (step, n) { step.hidden = n !== stepNow; });
    document.getElementById("step-back").hidden = stepNow === 0;
    document.getElementById("step-next").hidden = stepNow === steps.length - 1;
    document.getElementById("step-of").textContent = _("Step %(step)s of %(steps)s", { step: stepNow + 1, steps: steps.length });
    if (focus) { var legend = steps[stepNow].querySelector("legend, summary"); steps[stepNow].setAttribute("tabindex", "-1"); steps[stepNow].focus(); if (legend) legend.scrollIntoView({ block: "nearest" }); }
  }
  document.getElementById("step-next").addEventListener("click", function () { showStep(stepNow + 1, true); });
  document.getElementById("step-back").addEventListener("click", function () { showStep(stepNow - 1, true); });
  if (steps.length) showStep(0, false);

  // --- start ----------------------------------------------------------------------------------

  function show(query, focus) {
    currentQuery = query;
    ranked = rank(query);
    renderRanked();
    resultsBox.hidden = false;
    statusBox.textContent = ranked.length
      ? ngettext("%(num)s mentor fits your answers, best first.", "%(num)s mentors fit your answers, best first.", ranked.length)
      : _("No mentor fits these answers yet.");
    showChanges(query);
    nextCard();
    if (focus) document.getElementById("find-results-title").focus();
  }

  form.addEventListener("change", function (e) { if (e.target.name === "language") syncLevels(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var query = readForm();
    var problem = missing(query);
    if (problem) { resultsBox.hidden = false; statusBox.textContent = problem; return; }
    var state = loadState();
    state.query = query;
    state.decided = {};
    saveState(state);
    show(query, true);
  });

  function json(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  Promise.all([json(root.getAttribute("data-mentors")), json(root.getAttribute("data-policy"))]).then(function (loaded) {
    data = { mentors: loaded[0].mentors, labels: loaded[0].labels, policy: loaded[1] };
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && form.querySelector('#timezone option[value="' + zone.replace(/"/g, "") + '"]')) form.elements.timezone.value = zone;
    form.hidden = false;
    enableSwipe();
    renderShortlist();
    var state = loadState();
    if (state.query) {
      writeForm(state.query);
      show(state.query, false);
    }
    liveCount();
    root.setAttribute("data-ready", "true");
  }).catch(function (error) {
    root.insertBefore(el("p", { "class": "notice" }, _("The mentor list could not be loaded (%(error)s). Try the directory instead.", { error: error.message })), root.firstChild);
  });
})();
