/* The join page: the questions of the join and update forms, in people's words.
 *
 * The questions, their limits and their choices come from data/join/form.json, and the
 * countries, languages and time zones (by name, in the languages pycountry knows them in)
 * from data/join/places.json: both are written by the site build from the profile schema.
 * The page checks answers against the same limits, with each problem next to its question,
 * writes the profile as YAML, and at the very end opens the GitHub issue form prefilled
 * through its `profile_yaml` field, or gives the file to e-mail. Nothing is sent anywhere
 * before the person presses a button on that last step.
 */
(function () {
  "use strict";
  // The page's language (i18n.js); English as written where it is absent. The questions' own words come
  // translated in data/join/form.json (the build's language).
  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (whole, key) { return values && key in values ? String(values[key]) : whole; });
  }
  function _(text, values) { return window.MCI18n ? window.MCI18n.gettext(text, values) : fill(text, values); }
  function ngettext(one, many, n, values) {
    return window.MCI18n ? window.MCI18n.ngettext(one, many, n, values) : fill(n === 1 ? one : many, Object.assign({ num: n }, values || {}));
  }
  var root = document.getElementById("join");
  if (!root) { return; }
  var form = document.getElementById("join-form");
  var result = document.getElementById("join-result");
  var site = new URL(root.getAttribute("data-site") || "/", window.location.href);
  var RESERVED = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"];
  var spec, places, people, byId = {}, pickers = {}, lists = {};

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; }
      else if (attrs[key] !== false && attrs[key] !== null && attrs[key] !== undefined) { node.setAttribute(key, attrs[key] === true ? "" : attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); } });
    return node;
  }
  function option(value, label, selected) {
    var o = el("option", { value: value, text: label });
    if (selected) { o.selected = true; }
    return o;
  }
  function fold(text) { return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }
  function json(path) {
    return fetch(new URL(path, site).href).then(function (r) {
      if (!r.ok) { throw new Error(path + ": " + r.status); }
      return r.json();
    });
  }

  // --- a picker: type a name in any language, choose from the list (ARIA combobox) ----------

  var pickerCount = 0;
  function picker(opts) {
    pickerCount += 1;
    var listId = "picker-list-" + pickerCount;
    var input = el("input", { type: "text", id: opts.id, role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
      "aria-controls": listId, autocomplete: "off", placeholder: opts.placeholder || null, "aria-describedby": opts.describedBy || null,
      "aria-label": opts.ariaLabel || null });
    var list = el("ul", { id: listId, role: "listbox", "class": "picker-list", hidden: true, "aria-label": opts.listLabel || _("Suggestions") });
    var wrap = el("div", { "class": "picker" }, [input, list]);
    var chosen = "", shown = [], active = -1;
    function matches(item, q) {
      if (!q) { return 0; }
      var names = [item.label].concat(item.names || []);
      var best = -1;
      names.forEach(function (n, i) {
        var f = fold(n);
        var score = f === q ? 0 : f.indexOf(q) === 0 ? 1 : (" " + f).indexOf(" " + q) >= 0 ? 2 : f.indexOf(q) >= 0 ? 3 : -1;
        if (score >= 0) { score = score * 2 + (i ? 1 : 0); if (best < 0 || score < best) { best = score; } }
      });
      return best;
    }
    function render() {
      var q = fold(input.value);
      var scored = [];
      opts.items().forEach(function (item) { var s = matches(item, q); if (s >= 0) { scored.push([s, item]); } });
      scored.sort(function (a, b) { return a[0] - b[0] || (a[1].label < b[1].label ? -1 : 1); });
      shown = scored.slice(0, 8).map(function (x) { return x[1]; });
      list.textContent = "";
      active = -1;
      shown.forEach(function (item, i) {
        var also = "";
        if (fold(item.label).indexOf(q) < 0) {
          (item.names || []).some(function (n) { if (fold(n).indexOf(q) >= 0) { also = n; return true; } return false; });
        }
        var li = el("li", { role: "option", id: listId + "-" + i, "aria-selected": "false", "data-value": item.value,
          text: item.label + (also ? " (" + also + ")" : "") });
        li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(item); });
        list.appendChild(li);
      });
      var open = shown.length > 0 && q.length > 0 && fold(input.value) !== fold(labelOf(chosen));
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      input.removeAttribute("aria-activedescendant");
    }
    function labelOf(value) {
      var found = opts.items().filter(function (i) { return i.value === value; })[0];
      return found ? found.label : "";
    }
    function pick(item) {
      chosen = item ? item.value : "";
      input.value = item ? item.label : "";
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      if (opts.onPick) { opts.onPick(item); }
      if (opts.clearAfter) { chosen = ""; input.value = ""; }
    }
    function move(step) {
      if (!shown.length) { return; }
      active = (active + step + shown.length) % shown.length;
      Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", listId + "-" + active);
    }
    input.addEventListener("input", function () { chosen = ""; render(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) { render(); } move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Enter" && !list.hidden && shown.length) { e.preventDefault(); pick(shown[active < 0 ? 0 : active]); }
      else if (e.key === "Escape") { list.hidden = true; input.setAttribute("aria-expanded", "false"); }
    });
    input.addEventListener("blur", function () {
      var q = fold(input.value);
      if (!chosen && q) {
        var exact = opts.items().filter(function (i) { return matches(i, q) === 0 || matches(i, q) === 1 && shown.length === 1; })[0];
        if (exact) { pick(exact); }
      }
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    });
    return { root: wrap, input: input, value: function () { return chosen; }, typed: function () { return input.value.trim(); },
      set: function (value) { var label = labelOf(value); if (label) { chosen = value; input.value = label; if (opts.onPick) { opts.onPick({ value: value, label: label }); } } } };
  }

  // --- a list of people, chosen by name ---------------------------------------------------------

  function peopleList(q) {
    var box = el("div", { "class": "people-list", id: "q-" + q.id });
    var chips = el("ul", { "class": "chips", "aria-label": q.label });
    var note = el("p", { "class": "hint", id: "note-" + q.id, hidden: true });
    var chosen = [];
    function draw() {
      chips.textContent = "";
      chosen.forEach(function (p) {
        var remove = el("button", { type: "button", "class": "link-button", text: _("Remove"), "aria-label": _("Remove %(name)s", { name: p.name }) });
        remove.addEventListener("click", function () { chosen = chosen.filter(function (x) { return x.id !== p.id; }); draw(); });
        chips.appendChild(el("li", { "data-id": p.id }, [el("span", { text: p.name }), " ", remove]));
      });
      chips.hidden = !chosen.length;
    }
    function add(p) {
      var max = (q.limits || {}).maxItems || 20;
      if (p && chosen.length < max && !chosen.some(function (x) { return x.id === p.id; })) { chosen.push(p); draw(); }
    }
    var finder = picker({ id: "add-" + q.id, placeholder: _("Start typing a name"), describedBy: "hint-" + q.id, clearAfter: true,
      ariaLabel: _("Add someone to: %(question)s", { question: q.label }), listLabel: _("People"),
      items: function () { return people.map(function (p) { return { value: p.id, label: p.name, names: p.reading ? [p.reading, p.id] : [p.id] }; }); },
      onPick: function (item) { if (item) { add({ id: item.value, name: item.label }); } } });
    box.appendChild(note);
    box.appendChild(chips);
    box.appendChild(finder.root);
    draw();
    lists[q.id] = { add: add, ids: function () { return chosen.map(function (p) { return p.id; }); }, note: note };
    return box;
  }

  // --- the questions ----------------------------------------------------------------------------

  function hintText(q) {
    var words = q.help || "";
    if (q.example && q.kind !== "choices") { words += (words ? " " : "") + _("For example: %(example)s.", { example: q.example }); }
    return words;
  }

  function languageRow(index) {
    var q = byId.languages;
    var level = el("select", { name: "level", "aria-label": _("How well you speak language %(number)s", { number: index + 1 }) });
    level.appendChild(option("", _("How well?")));
    q.options.forEach(function (o) { level.appendChild(option(o.value, o.label)); });
    var p = picker({ id: "lang-" + index, placeholder: _("e.g. Swahili"), ariaLabel: _("Language %(number)s", { number: index + 1 }), listLabel: _("Languages"),
      items: function () { return places.languages; } });
    var row = el("div", { "class": "join-lang-row" }, [p.root, level]);
    row.picker = p;
    return row;
  }

  function timezoneControl(q) {
    var select = el("select", { id: "q-" + q.id, name: q.id, "aria-describedby": "hint-" + q.id + " err-" + q.id });
    var said = el("p", { "class": "tz-said", id: "tz-said", hidden: true });
    function fill(zones, guess) {
      select.textContent = "";
      if (zones.length !== 1 && !guess) { select.appendChild(option("", _("Choose the nearest city"))); }
      zones.forEach(function (z) { select.appendChild(option(z.value, z.city + (z.offset ? " (" + z.offset + ")" : ""), z.value === guess)); });
      if (zones.length === 1) { select.value = zones[0].value; }
      var one = zones.length === 1;
      select.hidden = one;
      said.hidden = !one;
      said.textContent = !one ? "" : zones[0].offset
        ? _("Set from your country: %(city)s time (%(offset)s).", { city: zones[0].city, offset: zones[0].offset })
        : _("Set from your country: %(city)s time.", { city: zones[0].city });
      var label = document.getElementById("label-" + q.id);
      if (label) { label.hidden = one; }
    }
    select.refresh = function (country, city) {
      var zones = (places.zones[country] || []);
      if (!zones.length) { Object.keys(places.zones).forEach(function (c) { zones = zones.concat(places.zones[c]); }); }
      var detected = "";
      try { detected = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { detected = ""; }
      var byCity = city && zones.filter(function (z) { return fold(z.city) === fold(city); })[0];
      var guess = byCity ? byCity.value : zones.some(function (z) { return z.value === detected; }) ? detected : select.value;
      if (!zones.some(function (z) { return z.value === guess; })) { guess = ""; }
      fill(zones, guess);
    };
    return el("div", {}, [said, select]);
  }

  function control(q) {
    var limits = q.limits || {};
    var described = "hint-" + q.id + " err-" + q.id;
    if (q.id === "location_country") {
      pickers.country = picker({ id: "q-" + q.id, placeholder: _("Start typing, in any language"), describedBy: described, listLabel: _("Countries"),
        items: function () { return places.countries; },
        onPick: function () { timezone().refresh(pickers.country.value(), cityValue()); } });
      return pickers.country.root;
    }
    if (q.id === "location_timezone") { return timezoneControl(q); }
    if (q.kind === "text") {
      var input = el("input", { type: q.id === "contact_email" ? "email" : q.path[0] === "links" ? "url" : "text", id: "q-" + q.id, name: q.id,
        maxlength: limits.maxLength || null, "aria-describedby": described, autocomplete: q.id === "name" ? "name" : q.id === "contact_email" ? "email" : "off" });
      if (q.id === "location_city") { input.addEventListener("change", function () { timezone().refresh(pickers.country.value(), cityValue()); }); }
      return input;
    }
    if (q.kind === "markdown") {
      return el("textarea", { id: "q-" + q.id, name: q.id, maxlength: limits.maxLength || null, "aria-describedby": described });
    }
    if (q.kind === "ids") { return peopleList(q); }
    if (q.kind === "choice" || q.kind === "number") {
      var select = el("select", { id: "q-" + q.id, name: q.id, "aria-describedby": described });
      select.appendChild(option("", _("Choose")));
      q.options.forEach(function (o) { select.appendChild(option(o.value, o.label)); });
      return select;
    }
    if (q.kind === "choices" && q.vocabulary === "topic") {
      var groups = el("div", { id: "q-" + q.id, "class": "topic-groups", role: "group", "aria-labelledby": "label-" + q.id, "aria-describedby": described });
      var labels = {};
      q.options.forEach(function (o) { labels[o.value] = o.label; });
      spec.topicGroups.forEach(function (g) {
        var box = el("fieldset", { "class": "topic-group" }, [el("legend", { text: g.title })]);
        var grid = el("div", { "class": "join-choices" });
        g.topics.forEach(function (t) {
          grid.appendChild(el("label", { "class": "check" }, [el("input", { type: "checkbox", name: q.id, value: t }), el("span", { text: labels[t] })]));
        });
        box.appendChild(grid);
        groups.appendChild(box);
      });
      return groups;
    }
    if (q.kind === "choices" || q.kind === "ticks") {
      var grid = el("div", { "class": "join-choices", id: "q-" + q.id, role: "group", "aria-labelledby": "label-" + q.id, "aria-describedby": described });
      q.options.forEach(function (o) {
        grid.appendChild(el("label", { "class": "check" }, [el("input", { type: "checkbox", name: q.id, value: o.value }), el("span", { text: o.label })]));
      });
      return grid;
    }
    if (q.kind === "languages") {
      var rows = el("div", { id: "q-languages", role: "group", "aria-labelledby": "label-languages", "aria-describedby": described });
      rows.appendChild(languageRow(0));
      var more = el("button", { type: "button", "class": "button button-quiet", id: "join-add-language", text: _("Add another language") });
      more.addEventListener("click", function () {
        var count = rows.querySelectorAll(".join-lang-row").length;
        if (count < (limits.maxItems || 10)) { var row = languageRow(count); rows.appendChild(row); row.picker.input.focus(); }
      });
      return el("div", {}, [rows, more]);
    }
    return el("span");
  }

  function timezone() { return document.getElementById("q-location_timezone"); }
  function cityValue() { var c = document.getElementById("q-location_city"); return c ? c.value.trim() : ""; }

  function field(q) {
    var grouped = q.kind === "choices" || q.kind === "ticks" || q.kind === "languages" || q.kind === "ids";
    var optional = !q.required && !q.withBlock && q.id !== "consent";
    var text = optional ? _("%(label)s (optional)", { label: q.label }) : q.label;
    var label = grouped ? el("span", { "class": "join-label", id: "label-" + q.id, text: text })
      : el("label", { "for": q.kind === "ids" ? "add-" + q.id : "q-" + q.id, id: "label-" + q.id, text: text });
    var words = hintText(q);
    return el("div", { "class": "join-field", "data-question": q.id }, [
      label,
      words ? el("p", { "class": "hint", id: "hint-" + q.id, text: words }) : null,
      el("p", { "class": "join-error", id: "err-" + q.id, hidden: true }),
      control(q)
    ]);
  }

  var sections = {};
  function fieldset(key, title, intro) {
    sections[key] = el("fieldset", { id: "part-" + key }, [el("legend", { text: title }), intro ? el("p", { "class": "hint", text: intro }) : null]);
    return sections[key];
  }

  function build() {
    spec.questions.forEach(function (q) { byId[q.id] = q; });
    var mode = el("fieldset", { id: "part-mode" }, [el("legend", { text: _("What would you like to do?") })]);
    [["join", _("Join: I am new here")], ["update", _("Change my profile: I am already listed")]].forEach(function (m, i) {
      mode.appendChild(el("label", { "class": "check" }, [el("input", { type: "radio", name: "mode", value: m[0], checked: i === 0 }), el("span", { text: m[1] })]));
    });
    pickers.self = picker({ id: "q-self", placeholder: _("Start typing your name"), describedBy: "hint-self err-self", listLabel: _("People"),
      items: function () { return people.map(function (p) { return { value: p.id, label: p.name, names: p.reading ? [p.reading] : [] }; }); } });
    var self = el("div", { "class": "join-field", id: "self-field", hidden: true }, [
      el("label", { "for": "q-self", text: _("Which profile is yours?") }),
      el("p", { "class": "hint", id: "hint-self", text: _("Then answer only what changes; everything else stays as it is.") }),
      el("p", { "class": "join-error", id: "err-self", hidden: true }),
      pickers.self.root
    ]);
    mode.appendChild(self);
    var roles = el("fieldset", { id: "part-roles" }, [el("legend", { text: _("I would like to") })]);
    [["mentee", _("Find a mentor")], ["mentor", _("Be a mentor")]].forEach(function (r) {
      roles.appendChild(el("label", { "class": "check" }, [el("input", { type: "checkbox", name: "role", value: r[0] }), el("span", { text: r[1] })]));
    });
    roles.appendChild(el("p", { "class": "hint", text: _("Tick both if you like: many people mentor on one topic and are mentored on another.") }));
    roles.appendChild(el("p", { "class": "join-error", id: "err-roles", hidden: true }));
    form.appendChild(mode);
    form.appendChild(roles);

    form.appendChild(fieldset("about", _("About you")));
    form.appendChild(fieldset("place", _("Where you are and the languages you speak")));
    form.appendChild(fieldset("mentor", spec.groups.mentor));
    form.appendChild(fieldset("mentee", spec.groups.mentee));
    form.appendChild(fieldset("people", _("People (optional)"), _("Who you would like to work with, and anyone you never want to be matched with.")));
    form.appendChild(fieldset("contact", _("Links and contact (optional)"), _("Without these, people ask the volunteers who run this community to introduce you.")));
    form.appendChild(fieldset("consent", _("Your agreement")));
    spec.questions.forEach(function (q) {
      var key = q.group ? q.group : q.id === "consent" ? "consent"
        : q.kind === "ids" ? "people"
        : (q.path[0] === "links" || q.path[0] === "contact") ? "contact"
        : (q.path[0] === "location" || q.id === "languages") ? "place" : "about";
      sections[key].appendChild(field(q));
    });
    var privacy = document.getElementById("join-privacy");
    if (privacy) { sections.consent.appendChild(privacy.cloneNode(true)); sections.consent.lastChild.removeAttribute("id"); sections.consent.lastChild.hidden = false; }
    var errors = el("div", { "class": "join-errors", id: "join-errors", role: "alert", tabindex: "-1", hidden: true });
    form.appendChild(errors);
    form.appendChild(el("div", { "class": "join-actions" }, [el("button", { type: "submit", "class": "button", id: "join-submit", text: _("Check my answers") })]));
    form.hidden = false;
    form.addEventListener("change", syncBlocks);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var checked = check();
      if (checked.problems.length) { showProblems(checked.problems); } else { showResult(checked); }
    });
    timezone().refresh("", "");
    prefill();
    syncBlocks();
    root.setAttribute("data-ready", "true");
  }

  function currentMode() { return form.querySelector("input[name=mode]:checked").value; }
  function chosenRoles() { return Array.prototype.map.call(form.querySelectorAll("input[name=role]:checked"), function (i) { return i.value; }); }
  function syncBlocks() {
    var on = chosenRoles();
    ["mentor", "mentee"].forEach(function (part) { sections[part].hidden = on.indexOf(part) < 0; });
    document.getElementById("self-field").hidden = currentMode() !== "update";
  }

  /* The browser's shortlist (find page, profile pages) and links such as ?role=mentor&topic=fundraising. */
  function prefill() {
    var params = new URLSearchParams(window.location.search);
    if (params.get("mode") === "update") { form.querySelector("input[name=mode][value=update]").checked = true; }
    var role = params.get("role");
    if (role === "mentor" || role === "mentee") { form.querySelector("input[name=role][value=" + role + "]").checked = true; }
    var topic = params.get("topic");
    if (topic && (role === "mentor" || role === "mentee")) {
      var box = Array.prototype.filter.call(form.querySelectorAll("input[name=" + role + "_topics]"), function (b) { return b.value === topic; })[0];
      if (box) { box.checked = true; }
    }
    var saved = window.MentorShortlist ? window.MentorShortlist.read() : [];
    var known = {};
    people.forEach(function (p) { known[p.id] = p.name; });
    var list = lists.interested_in;
    saved.forEach(function (item) { if (known[item.id]) { list.add({ id: item.id, name: known[item.id] }); } });
    if (list.ids().length) {
      list.note.hidden = false;
      list.note.textContent = _("Filled in from the shortlist you made on this site. Once you send your profile, this list is public: anyone can see it. Remove anyone you would rather not name.");
    }
  }

  // --- answers into a profile ----------------------------------------------------------------

  function answer(q) {
    if (q.kind === "choices" || q.kind === "ticks") {
      return Array.prototype.map.call(form.querySelectorAll("input[name='" + q.id + "']:checked"), function (i) { return i.value; });
    }
    if (q.kind === "languages") {
      return Array.prototype.map.call(form.querySelectorAll(".join-lang-row"), function (row) {
        return { code: row.picker.value(), typed: row.picker.typed(), level: row.querySelector("select").value };
      }).filter(function (l) { return l.typed || l.level; });
    }
    if (q.kind === "ids") { return lists[q.id].ids(); }
    if (q.id === "location_country") { return pickers.country.value() || (pickers.country.typed() ? "?" : ""); }
    var node = document.getElementById("q-" + q.id);
    var value = node ? node.value.trim() : "";
    if (q.kind === "number") { return value ? parseInt(value, 10) : ""; }
    return value;
  }

  function isEmpty(v) { return v === "" || v === null || v === undefined || (Array.isArray(v) && v.length === 0); }
  function example(q) { return q.example ? " " + _("For example: %(example)s.", { example: q.example }) : ""; }

  function check() {
    var updating = currentMode() === "update";
    var on = chosenRoles();
    var problems = [];
    var answers = {};
    var blocksUsed = {};
    spec.questions.forEach(function (q) {
      answers[q.id] = answer(q);
      if (q.path.length === 2 && !isEmpty(answers[q.id]) && q.id !== "consent") { blocksUsed[q.path[0]] = true; }
    });
    function problem(id, label, words) { problems.push({ id: id, label: label, text: words }); }
    if (updating && !pickers.self.value()) { problem("self", _("Which profile is yours?"), _("Choose your name from the list: start typing it, e.g. Ana.")); }
    if (!updating && on.length === 0) { problem("roles", _("I would like to"), _("Tick \u201cFind a mentor\u201d, \u201cBe a mentor\u201d, or both.")); }
    spec.questions.forEach(function (q) {
      var v = answers[q.id];
      var limits = q.limits || {};
      if (q.group && on.indexOf(q.group) < 0) { return; }
      var needed = !updating && (q.required || (q.withBlock && blocksUsed[q.path[0]]));
      function say(words) { problem(q.id, q.label, words); }
      if (q.id === "consent") {
        if (!updating && v.length < q.options.length) { say(_("Please tick both boxes: a profile is listed only with both.")); }
        return;
      }
      if (isEmpty(v)) {
        if (!needed) { return; }
        if (q.id === "location_country") { say(_("Please choose your country: start typing its name, in any language, and pick it from the list. For example: Kenya.")); }
        else if (q.id === "location_timezone") { say(_("Please choose the city whose time is closest to yours.")); }
        else if (q.kind === "languages") { say(_("Please add at least one language, e.g. English, and say how well you speak it.")); }
        else if (q.kind === "choices") { say(ngettext("Please tick at least %(num)s.", "Please tick at least %(num)s.", limits.minItems || 1)); }
        else if (q.kind === "choice" || q.kind === "number") { say(_("Please choose one.")); }
        else { say(_("Please answer this question.") + example(q)); }
        return;
      }
      if (q.id === "location_country" && v === "?") { say(_("We don't know \u201c%(typed)s\u201d: start typing your country's name and pick it from the list. For example: Kenya.", { typed: pickers.country.typed() })); return; }
      if (typeof v === "string") {
        if (limits.maxLength && v.length > limits.maxLength) { say(ngettext("This is %(num)s character long: please keep it to %(max)s.", "This is %(num)s characters long: please keep it to %(max)s.", v.length, { max: limits.maxLength })); }
        else if (limits.minLength && v.length < limits.minLength) { say(ngettext("Please write at least %(num)s character.", "Please write at least %(num)s characters.", limits.minLength) + example(q)); }
        // TRANSLATORS: %(what)s is what the answer must be, e.g. "a full https:// address", or "it as in the example".
        else if (limits.pattern && !new RegExp(limits.pattern).test(v)) { say(_("Please write %(what)s.", { what: q.patternHint || _("it as in the example") }) + example(q)); }
      }
      if (Array.isArray(v)) {
        if (limits.minItems && v.length < limits.minItems) { say(ngettext("Please choose at least %(num)s.", "Please choose at least %(num)s.", limits.minItems)); }
        if (limits.maxItems && v.length > limits.maxItems) { say(ngettext("Please choose at most %(num)s (you chose %(chosen)s).", "Please choose at most %(num)s (you chose %(chosen)s).", limits.maxItems, { chosen: v.length })); }
        if (q.kind === "languages") {
          v.forEach(function (l, i) {
            if (!l.code) {
              say(l.typed ? _("Language %(number)s: choose it from the list as you type (we don't know \u201c%(typed)s\u201d), e.g. Swahili.", { number: i + 1, typed: l.typed })
                : _("Language %(number)s: choose it from the list as you type, e.g. Swahili.", { number: i + 1 }));
            }
            else if (!l.level) { say(_("Please say how well you speak %(language)s.", { language: l.typed })); }
          });
        }
      }
    });
    return { problems: problems, answers: answers, roles: on, updating: updating, self: pickers.self.value() };
  }

  function profileOf(checked) {
    var profile = {};
    spec.questions.forEach(function (q) {
      var v = checked.answers[q.id];
      if (!q.path.length || isEmpty(v)) { return; }
      if (q.group && checked.roles.indexOf(q.group) < 0) { return; }
      if (q.id === "consent") { v = { public: v.indexOf("public") >= 0, adult: v.indexOf("adult") >= 0 }; }
      if (q.kind === "languages") { v = v.map(function (l) { return { code: l.code, level: l.level }; }); }
      var node = profile;
      for (var i = 0; i < q.path.length - 1; i++) { node = node[q.path[i]] = node[q.path[i]] || {}; }
      node[q.path[q.path.length - 1]] = v;
    });
    return profile;
  }

  // --- the profile as YAML: plain words where safe, JSON strings (valid YAML) otherwise -------

  function scalar(v) {
    if (typeof v === "number" || typeof v === "boolean") { return String(v); }
    if (/^[a-z][a-z0-9-]*$/.test(v) && RESERVED.indexOf(v) < 0) { return v; }
    return JSON.stringify(v);
  }

  function yaml(obj, indent) {
    var pad = new Array(indent + 1).join(" ");
    return Object.keys(obj).map(function (key) {
      var v = obj[key];
      if (Array.isArray(v) && v.length && typeof v[0] === "object") {
        return pad + key + ":\n" + v.map(function (item) {
          return Object.keys(item).map(function (k, i) { return pad + (i ? "    " : "  - ") + k + ": " + scalar(item[k]); }).join("\n");
        }).join("\n");
      }
      if (Array.isArray(v)) { return pad + key + ": [" + v.map(scalar).join(", ") + "]"; }
      if (typeof v === "object") { return pad + key + ":\n" + yaml(v, indent + 2); }
      return pad + key + ": " + scalar(v);
    }).join("\n");
  }

  function fileName(checked) {
    if (checked.updating && checked.self) { return checked.self + ".yml"; }
    var slug = (checked.answers.name || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return (slug || "profile") + ".yml";
  }

  // --- problems, next to their questions ----------------------------------------------------------

  function showProblems(problems) {
    var errors = document.getElementById("join-errors");
    form.querySelectorAll(".join-error").forEach(function (n) { n.hidden = true; n.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (n) { n.removeAttribute("aria-invalid"); });
    errors.textContent = "";
    errors.appendChild(el("p", { text: problems.length === 1 ? _("Please check this answer:") : ngettext("Please check these %(num)s answers:", "Please check these %(num)s answers:", problems.length) }));
    var list = el("ul");
    problems.forEach(function (p) {
      var target = document.getElementById("err-" + p.id);
      if (target) { target.hidden = false; target.textContent = (target.textContent ? target.textContent + " " : "") + p.text; }
      var control = document.getElementById("q-" + p.id);
      if (control) { control.setAttribute("aria-invalid", "true"); }
      // TRANSLATORS: a question, then what is wrong with its answer.
      list.appendChild(el("li", {}, [el("a", { href: "#err-" + p.id, text: _("%(question)s: %(problem)s", { question: p.label, problem: p.text }) })]));
    });
    errors.appendChild(list);
    errors.hidden = false;
    result.hidden = true;
    errors.focus();
  }

  function showResult(checked) {
    document.getElementById("join-errors").hidden = true;
    form.querySelectorAll(".join-error").forEach(function (n) { n.hidden = true; });
    var text = yaml(profileOf(checked), 0) + "\n";
    var which = spec.forms[checked.updating ? "update" : "join"];
    var repository = (root.getAttribute("data-repository") || spec.repository).replace(/\/+$/, "");
    var params = new URLSearchParams();
    params.set("template", which.template);
    params.set("title", which.titlePrefix + (checked.updating ? checked.self : checked.answers.name));
    if (checked.updating) { params.set(spec.idField, checked.self); }
    params.set(spec.yamlField, text);
    var url = repository + "/issues/new?" + params.toString();
    var blank = repository + "/issues/new?template=" + encodeURIComponent(which.template);
    var fits = url.length <= spec.urlLimit;
    result.textContent = "";
    result.appendChild(el("h2", { id: "join-result-title", tabindex: "-1", text: _("Your profile is ready to send") }));
    result.appendChild(el("p", { text: _("Nothing has been sent yet. Choose one way to send it to the volunteers who run this community:") }));
    var github = el("section", { "class": "panel join-way", "aria-labelledby": "way-github" }, [el("h3", { id: "way-github", text: _("With a GitHub account (free)") })]);
    if (fits) {
      github.appendChild(el("p", { text: _("The button opens a form on GitHub, where this community keeps its profiles, with all your answers already in it. Sign in (or create a free account), then press \u201cCreate\u201d at the bottom. You don't need to change or tick anything there.") }));
      github.appendChild(el("p", {}, [el("a", { "class": "button", id: "join-open", href: url, rel: "noopener", target: "_blank", text: _("Open the filled-in form on GitHub") })]));
    } else {
      // TRANSLATORS: "Profile from the website" is the first box of the GitHub form, which stays in English.
      github.appendChild(el("p", { "class": "notice", id: "join-too-long", text: _("Your answers are too long to send in a link. Copy them with the button below, open the form, and paste them into its first box (\u201cProfile from the website\u201d).") }));
      github.appendChild(el("p", {}, [el("a", { "class": "button", id: "join-open-blank", href: blank, rel: "noopener", target: "_blank", text: _("Open the empty form on GitHub") })]));
    }
    result.appendChild(github);
    var mail = el("section", { "class": "panel join-way", "aria-labelledby": "way-email" }, [el("h3", { id: "way-email", text: _("Without a GitHub account") })]);
    var words = el("p", { id: "join-email" });
    // TRANSLATORS: %(address)s becomes the volunteers' e-mail address, as a link.
    var around = _("Download your profile as a file and send it as an attachment to %(address)s. A volunteer adds it for you.").split("%(address)s");
    words.appendChild(document.createTextNode(around[0]));
    words.appendChild(el("a", { "class": "contact-email", href: root.getAttribute("data-contact-url"), text: root.getAttribute("data-contact") }));
    words.appendChild(document.createTextNode(around.slice(1).join("")));
    mail.appendChild(words);
    var copy = el("button", { type: "button", "class": "button button-quiet", id: "join-copy", text: _("Copy my answers") });
    copy.addEventListener("click", function () {
      if (navigator.clipboard) { navigator.clipboard.writeText(text).then(function () { copy.textContent = _("Copied"); }, function () {}); }
    });
    var download = el("a", { "class": "button button-quiet", id: "join-download", download: fileName(checked),
      href: "data:text/yaml;charset=utf-8," + encodeURIComponent(text), text: _("Download the file") });
    mail.appendChild(el("div", { "class": "join-actions" }, [download, copy]));
    result.appendChild(mail);
    var next = el("section", { "aria-labelledby": "next-title" }, [el("h3", { id: "next-title", text: _("What happens next") })]);
    var steps = el("ol", { "class": "next-steps" });
    [checked.updating ? _("Within a few minutes, a helper program checks your changes and replies on GitHub (or a volunteer replies to your e-mail) with anything that needs fixing.") : _("Within a few minutes, a helper program checks your answers and replies on GitHub (or a volunteer replies to your e-mail) with anything that needs fixing."),
      _("A volunteer reviews it, usually within a week."),
      checked.updating ? _("Your page shows the changes on the site the next night.") : _("Your page appears in the directory the next night, and matching starts: you hear from a volunteer when there is someone to meet.")
    ].forEach(function (s) { steps.appendChild(el("li", { text: s })); });
    next.appendChild(steps);
    result.appendChild(next);
    result.appendChild(el("details", {}, [el("summary", { text: _("See the file (for the technically curious)") }), el("pre", { id: "join-yaml", tabindex: "0", text: text })]));
    result.hidden = false;
    result.scrollIntoView({ block: "start" });
    document.getElementById("join-result-title").focus({ preventScroll: true });
  }

  Promise.all([json(root.getAttribute("data-form")), json(root.getAttribute("data-places")), json(root.getAttribute("data-people"))]).then(function (loaded) {
    spec = loaded[0]; places = loaded[1]; people = loaded[2].people;
    build();
  }).catch(function (error) {
    if (window.console) { window.console.error(error); }
    root.insertBefore(el("p", { "class": "notice", text: _("The form could not be loaded (%(error)s). Please write to the address above instead.", { error: error.message }) }), root.firstChild);
  });
}());
