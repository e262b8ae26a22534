/* Mentor Commons: "find my mentor".
 *
 * Reads the policy (data/policy.json, exported from matcher/policy.toml) and every mentor
 * as the matcher sees them (data/mentors.json), builds a seeker from the ticked boxes, and
 * ranks mentors with MentorScoring (scoring.js, the port of the matcher's rules). Then the
 * visitor goes through the results one card at a time: keep (button, right arrow, swipe
 * right) or pass (button, left arrow, swipe left). Kept people go to the shortlist
 * (shortlist.js); the query and the decisions survive a reload too.
 */
(function () {
  "use strict";

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
  var yamlBox = document.getElementById("shortlist-yaml");
  var copyStatus = document.getElementById("copy-status");
  var site = root.getAttribute("data-site") || "/";
  var limit = Number(root.getAttribute("data-results")) || 20;
  var personUrl = root.getAttribute("data-person-url");  // e.g. /people/__ID__.html

  var data = null;      // {policy, mentors, labels}
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
    if (!query.topics.length) return "Tick at least one topic.";
    if (!query.languages.length) return "Tick at least one language.";
    if (!query.formats.length) return "Tick at least one way to meet.";
    return "";
  }

  // --- ranking ----------------------------------------------------------------------------

  function rank(query) {
    var offers = data.mentors.map(function (m) { return m.offer; });
    return Scoring.rankOffers(seekerOf(query), offers, data.policy, data.labels).slice(0, limit).map(function (r) {
      return { mentor: data.mentors[r.index], score: r.score };
    });
  }

  var maxPoints = function () {
    return Object.keys(data.policy.weights_h).reduce(function (sum, k) { return sum + data.policy.weights_h[k]; }, 0);
  };

  function reasonsList(score) {
    var list = el("ul", { "class": "reasons" });
    score.components.forEach(function (c) {
      if (!c.points_h) return;
      list.appendChild(el("li", {}, c.detail + " (" + Scoring.pointsText(c.points_h) + ")"));
    });
    return list;
  }

  function scoreBadge(score) {
    return el("span", { "class": "score" }, Scoring.pointsText(score.total_h) + " of " + Scoring.pointsText(maxPoints()) + " points");
  }

  function personLink(mentor) {
    return el("a", { href: site + mentor.url }, mentor.name);
  }

  function renderRanked() {
    rankedList.textContent = "";
    ranked.forEach(function (r) {
      var item = el("li", { "data-id": r.mentor.offer.id });
      var head = el("p", { "class": "suggestion-head" });
      head.appendChild(personLink(r.mentor));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(scoreBadge(r.score));
      item.appendChild(head);
      item.appendChild(el("p", { "class": "muted" }, r.mentor.headline + " · " + r.mentor.place));
      item.appendChild(reasonsList(r.score));
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
      statusBox.textContent = "Your shortlist is full: remove someone to keep more.";
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
      progress.textContent = ranked.length ? "You have been through all " + ranked.length + " mentors." : "";
      deckCard.appendChild(el("p", {}, ranked.length
        ? "That is everyone for these answers. Change your answers to see other mentors, or look at your shortlist below."
        : "No mentor fits these answers yet. Try more topics, another language or another way to meet."));
      if (ranked.length) {
        var again = el("button", { type: "button", "class": "link-button" }, "Go through them again");
        again.addEventListener("click", function () {
          var state = loadState(); state.decided = {}; saveState(state); nextCard();
        });
        deckCard.appendChild(again);
      }
      return;
    }
    progress.textContent = "Mentor " + (done + 1) + " of " + ranked.length;
    deckCard.setAttribute("data-id", current.mentor.offer.id);
    var title = el("h3");
    title.appendChild(personLink(current.mentor));
    deckCard.appendChild(title);
    deckCard.appendChild(el("p", {}, current.mentor.headline));
    deckCard.appendChild(el("p", { "class": "muted" }, current.mentor.place));
    var score = el("p");
    score.appendChild(scoreBadge(current.score));
    deckCard.appendChild(score);
    deckCard.appendChild(el("p", { "class": "hint" }, "Why:"));
    deckCard.appendChild(reasonsList(current.score));
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
    if (!items.length) shortlistItems.appendChild(el("li", { "class": "muted" }, "Nobody yet: keep someone to add them."));
    items.forEach(function (item) {
      var li = el("li", { "data-id": item.id });
      li.appendChild(el("a", { href: personUrl.replace("__ID__", item.id) }, item.name));
      var remove = el("button", { type: "button", "class": "link-button" }, "Remove");
      remove.setAttribute("aria-label", "Remove " + item.name + " from the shortlist");
      remove.addEventListener("click", function () { Shortlist.remove(item.id); });
      li.appendChild(remove);
      shortlistItems.appendChild(li);
    });
    yamlBox.value = Shortlist.yaml();
  }

  document.getElementById("copy-yaml").addEventListener("click", function () {
    var text = Shortlist.yaml();
    yamlBox.value = text;
    function copied() { copyStatus.textContent = "Copied. Paste it into your profile file, in place of any interested_in line."; }
    function fallback() {
      yamlBox.focus(); yamlBox.select();
      try { document.execCommand("copy"); copied(); } catch (e) { copyStatus.textContent = "Select the line above and copy it."; }
    }
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(copied, fallback);
    else fallback();
  });
  document.getElementById("clear-shortlist").addEventListener("click", function () { Shortlist.clear(); });
  Shortlist.onChange(renderShortlist);

  // --- start ----------------------------------------------------------------------------------

  function show(query, focus) {
    ranked = rank(query);
    renderRanked();
    resultsBox.hidden = false;
    statusBox.textContent = ranked.length
      ? ranked.length + (ranked.length === 1 ? " mentor fits" : " mentors fit") + " your answers, best first."
      : "No mentor fits these answers.";
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
    root.setAttribute("data-ready", "true");
  }).catch(function (error) {
    root.insertBefore(el("p", { "class": "notice" }, "The mentor list could not be loaded (" + error.message + "). Try the directory instead."), root.firstChild);
  });
})();
