/* The join page: renders the questions of window.MentorCommonsJoinForm (written from the profile
   schema by `python -m matcher forms`), checks answers against the schema's limits, writes the
   profile as YAML and opens the GitHub issue form prefilled through its `profile_yaml` field.
   When the address would be too long, it offers copy and download instead (and e-mail). */
(function () {
  "use strict";
  var spec = window.MentorCommonsJoinForm;
  var root = document.getElementById("join");
  if (!spec || !root) { return; }
  var form = document.getElementById("join-form");
  var result = document.getElementById("join-result");
  var repository = (root.dataset.repository || spec.repository).replace(/\/+$/, "");
  var RESERVED = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; }
      else if (attrs[key] !== false && attrs[key] !== null && attrs[key] !== undefined) { node.setAttribute(key, attrs[key] === true ? "" : attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function option(value, label, selected) {
    var o = el("option", { value: value, text: label });
    if (selected) { o.selected = true; }
    return o;
  }

  // --- the questions ---------------------------------------------------------------------

  function hint(q) { return el("p", { "class": "hint", id: "hint-" + q.id, text: q.description }); }

  function textControl(q) {
    var limits = q.limits || {};
    if (q.id === "location_country") {
      var select = el("select", { id: "q-" + q.id, name: q.id, "aria-describedby": "hint-" + q.id });
      select.appendChild(option("", "Choose your country"));
      spec.countries.forEach(function (c) { select.appendChild(option(c.value, c.label)); });
      return select;
    }
    var input = el("input", { type: "text", id: "q-" + q.id, name: q.id, maxlength: limits.maxLength || (q.id === spec.idField ? spec.idMaxLength : null),
      placeholder: q.placeholder || null, "aria-describedby": "hint-" + q.id, autocomplete: q.id === "name" ? "name" : "off" });
    if (q.id === "location_timezone") {
      input.setAttribute("list", "join-timezones");
      var list = el("datalist", { id: "join-timezones" });
      spec.timezones.forEach(function (tz) { list.appendChild(el("option", { value: tz })); });
      return el("div", {}, [input, list]);
    }
    return input;
  }

  function languageRow(index) {
    var q = byId.languages;
    var input = el("input", { type: "text", name: "language", list: "join-languages", "aria-label": "Language " + (index + 1), placeholder: "e.g. Romanian" });
    var level = el("select", { name: "level", "aria-label": "Level for language " + (index + 1) });
    level.appendChild(option("", "Level"));
    q.options.forEach(function (o) { level.appendChild(option(o.value, o.label)); });
    return el("div", { "class": "join-lang-row" }, [input, level]);
  }

  function control(q) {
    var limits = q.limits || {};
    if (q.kind === "text") { return textControl(q); }
    if (q.kind === "markdown") {
      return el("textarea", { id: "q-" + q.id, name: q.id, maxlength: limits.maxLength || null, "aria-describedby": "hint-" + q.id });
    }
    if (q.kind === "ids") {
      return el("input", { type: "text", id: "q-" + q.id, name: q.id, placeholder: q.placeholder || null, "aria-describedby": "hint-" + q.id });
    }
    if (q.kind === "choice" || q.kind === "number") {
      var select = el("select", { id: "q-" + q.id, name: q.id, "aria-describedby": "hint-" + q.id });
      select.appendChild(option("", "Choose"));
      q.options.forEach(function (o) { select.appendChild(option(o.value, o.label)); });
      return select;
    }
    if (q.kind === "choices" || q.kind === "ticks") {
      var grid = el("div", { "class": "join-choices", id: "q-" + q.id, role: "group", "aria-labelledby": "label-" + q.id });
      q.options.forEach(function (o) {
        grid.appendChild(el("label", { "class": "check" }, [el("input", { type: "checkbox", name: q.id, value: o.value }), el("span", { text: o.label })]));
      });
      return grid;
    }
    if (q.kind === "languages") {
      var rows = el("div", { id: "q-languages", role: "group", "aria-labelledby": "label-languages" });
      rows.appendChild(languageRow(0));
      var names = el("datalist", { id: "join-languages" });
      spec.languages.forEach(function (l) { names.appendChild(el("option", { value: l.label })); });
      var more = el("button", { type: "button", "class": "button button-quiet", id: "join-add-language", text: "Add a language" });
      more.addEventListener("click", function () {
        var count = rows.querySelectorAll(".join-lang-row").length;
        if (count < (limits.maxItems || 10)) { rows.appendChild(languageRow(count)); }
      });
      return el("div", {}, [rows, names, more]);
    }
    return el("span");
  }

  function field(q) {
    var grouped = q.kind === "choices" || q.kind === "ticks" || q.kind === "languages";
    var label = grouped ? el("span", { "class": "join-label", id: "label-" + q.id, text: q.label })
      : el("label", { "for": "q-" + q.id, id: "label-" + q.id, text: q.label });
    return el("div", { "class": "join-field", "data-question": q.id }, [label, hint(q), control(q)]);
  }

  var byId = {};
  spec.questions.forEach(function (q) { byId[q.id] = q; });

  var mode = el("fieldset", {}, [el("legend", { text: "What would you like to do?" })]);
  [["join", "Join: add my profile"], ["update", "Update my profile (answer only what changes)"]].forEach(function (m, i) {
    mode.appendChild(el("label", { "class": "check" }, [el("input", { type: "radio", name: "mode", value: m[0], checked: i === 0 }), el("span", { text: m[1] })]));
  });
  var roles = el("fieldset", {}, [el("legend", { text: "I would like to be" })]);
  Object.keys(spec.groups).forEach(function (part) {
    roles.appendChild(el("label", { "class": "check" }, [el("input", { type: "checkbox", name: "role", value: part }),
      el("span", { text: part === "mentor" ? "A mentor" : "A mentee" })]));
  });
  form.appendChild(mode);
  form.appendChild(roles);

  var sections = { "": el("fieldset", {}, [el("legend", { text: "About you" })]) };
  Object.keys(spec.groups).forEach(function (part) {
    sections[part] = el("fieldset", { "class": "join-hidden-block", id: "block-" + part }, [el("legend", { text: spec.groups[part] })]);
  });
  var more = el("fieldset", {}, [el("legend", { text: "Links, contact and preferences (optional)" })]);
  var consent = el("fieldset", {}, [el("legend", { text: "Consent" })]);
  spec.questions.forEach(function (q) {
    var target = q.group ? sections[q.group] : q.id === "consent" ? consent
      : (q.path[0] === "links" || q.path[0] === "contact" || q.id === "interested_in" || q.id === "avoid") ? more : sections[""];
    target.appendChild(field(q));
  });
  form.appendChild(sections[""]);
  Object.keys(spec.groups).forEach(function (part) { form.appendChild(sections[part]); });
  form.appendChild(more);
  form.appendChild(consent);
  var errors = el("div", { "class": "join-errors", id: "join-errors", role: "alert", tabindex: "-1", hidden: true });
  form.appendChild(errors);
  form.appendChild(el("div", { "class": "join-actions" }, [el("button", { type: "submit", "class": "button", id: "join-submit", text: "Check my answers" })]));
  form.hidden = false;

  function currentMode() { return form.querySelector("input[name=mode]:checked").value; }
  function chosenRoles() { return Array.prototype.map.call(form.querySelectorAll("input[name=role]:checked"), function (i) { return i.value; }); }
  function syncBlocks() {
    var on = chosenRoles();
    Object.keys(spec.groups).forEach(function (part) { sections[part].classList.toggle("join-hidden-block", on.indexOf(part) < 0); });
    var profileId = byId[spec.idField];
    document.getElementById("hint-" + spec.idField).textContent = currentMode() === "update"
      ? "Required. The file name of your profile without .yml, as in the address of your page (e.g. ana-popescu)." : profileId.description;
  }
  form.addEventListener("change", syncBlocks);

  // --- answers into a profile ----------------------------------------------------------------

  function lookupLanguage(text) {
    var t = text.trim().toLowerCase();
    for (var i = 0; i < spec.languages.length; i++) {
      var l = spec.languages[i];
      if (l.label.toLowerCase() === t || l.value === t) { return l.value; }
    }
    return text.trim();
  }

  function answer(q) {
    if (q.kind === "choices" || q.kind === "ticks") {
      return Array.prototype.map.call(form.querySelectorAll("input[name='" + q.id + "']:checked"), function (i) { return i.value; });
    }
    if (q.kind === "languages") {
      return Array.prototype.map.call(form.querySelectorAll(".join-lang-row"), function (row) {
        return { code: lookupLanguage(row.querySelector("input").value), level: row.querySelector("select").value, typed: row.querySelector("input").value.trim() };
      }).filter(function (l) { return l.typed || l.level; });
    }
    var node = document.getElementById("q-" + q.id).querySelector ? document.getElementById("q-" + q.id) : null;
    if (node && node.tagName === "DIV") { node = node.querySelector("input"); }
    var value = node ? node.value.trim() : "";
    if (q.kind === "ids") { return value ? value.split(/[\s,;]+/).filter(Boolean) : []; }
    if (q.kind === "number") { return value ? parseInt(value, 10) : ""; }
    if (q.id === "github") { return value.replace(/^@/, ""); }
    return value;
  }

  function isEmpty(v) { return v === "" || v === null || v === undefined || (Array.isArray(v) && v.length === 0); }

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
    function problem(q, words) { problems.push({ id: q ? q.id : null, text: (q ? q.label + ": " : "") + words }); }
    if (!updating && on.length === 0) { problem(null, "Choose whether you would like to be a mentor, a mentee, or both."); }
    if (updating && isEmpty(answers[spec.idField])) { problem(byId[spec.idField], "say which profile to update."); }
    spec.questions.forEach(function (q) {
      var v = answers[q.id];
      var limits = q.limits || {};
      if (q.group && on.indexOf(q.group) < 0) { return; }
      var needed = !updating && (q.required || (q.withBlock && blocksUsed[q.path[0]]));
      if (q.id === "consent") {
        if (!updating && v.length < q.options.length) { problem(q, "please tick both boxes."); }
        return;
      }
      if (isEmpty(v)) { if (needed) { problem(q, "please answer this question."); } return; }
      if (typeof v === "string") {
        if (limits.maxLength && v.length > limits.maxLength) { problem(q, "is " + v.length + " characters long; the limit is " + limits.maxLength + "."); }
        else if (limits.minLength && v.length < limits.minLength) { problem(q, "please write at least " + limits.minLength + " characters."); }
        else if (limits.pattern && !new RegExp(limits.pattern).test(v)) { problem(q, "is not in the expected form. " + q.description); }
        if (q.id === spec.idField && !new RegExp(spec.idPattern).test(v)) { problem(q, "use lowercase letters, digits and single hyphens, e.g. ana-popescu."); }
        if (q.id === "location_timezone" && spec.timezones.indexOf(v) < 0) { problem(q, "choose a time zone from the list, e.g. Europe/Chisinau."); }
      }
      if (Array.isArray(v)) {
        if (limits.minItems && v.length < limits.minItems) { problem(q, "choose at least " + limits.minItems + "."); }
        if (limits.maxItems && v.length > limits.maxItems) { problem(q, "choose at most " + limits.maxItems + " (you chose " + v.length + ")."); }
        if (limits.itemPattern) {
          v.forEach(function (x) { if (!new RegExp(limits.itemPattern).test(x)) { problem(q, "'" + x + "' is not a profile id."); } });
        }
        if (q.kind === "languages") {
          v.forEach(function (l, i) {
            if (!new RegExp(limits.codePattern).test(l.code)) { problem(q, "language " + (i + 1) + ": choose a language from the list."); }
            if (!l.level) { problem(q, "language " + (i + 1) + ": choose your level."); }
          });
        }
      }
    });
    return { problems: problems, answers: answers, roles: on, updating: updating };
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
    var id = checked.answers[spec.idField];
    if (id) { return id + ".yml"; }
    var slug = (checked.answers.name || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return (slug || "profile") + ".yml";
  }

  // --- the result --------------------------------------------------------------------------------

  function showProblems(problems) {
    errors.textContent = "";
    errors.appendChild(el("p", { text: "Please check " + (problems.length === 1 ? "this answer" : "these " + problems.length + " answers") + ":" }));
    var list = el("ul");
    problems.forEach(function (p) {
      var item = el("li");
      if (p.id) { item.appendChild(el("a", { href: "#label-" + p.id, text: p.text })); } else { item.textContent = p.text; }
      list.appendChild(item);
    });
    errors.appendChild(list);
    form.querySelectorAll("[aria-invalid]").forEach(function (n) { n.removeAttribute("aria-invalid"); });
    problems.forEach(function (p) { var n = p.id && document.getElementById("q-" + p.id); if (n) { n.setAttribute("aria-invalid", "true"); } });
    errors.hidden = false;
    result.hidden = true;
    errors.focus();
  }

  function showResult(checked) {
    errors.hidden = true;
    var text = yaml(profileOf(checked), 0) + "\n";
    var which = spec.forms[checked.updating ? "update" : "join"];
    var params = new URLSearchParams();
    params.set("template", which.template);
    params.set("title", which.titlePrefix + (checked.updating ? checked.answers[spec.idField] : checked.answers.name));
    if (checked.answers[spec.idField]) { params.set(spec.idField, checked.answers[spec.idField]); }
    params.set(spec.yamlField, text);
    var url = repository + "/issues/new?" + params.toString();
    var blank = repository + "/issues/new?template=" + encodeURIComponent(which.template);
    var fits = url.length <= spec.urlLimit;
    result.textContent = "";
    result.appendChild(el("h2", { text: "Your answers are ready" }));
    if (fits) {
      result.appendChild(el("p", { text: "Open the form on GitHub: your answers are in its first box. Tick the two consent boxes there and press Submit. A bot replies within minutes with what happens next." }));
      result.appendChild(el("p", {}, [el("a", { "class": "button", id: "join-open", href: url, rel: "noopener", target: "_blank", text: "Open the prefilled form on GitHub" })]));
    } else {
      result.appendChild(el("p", { "class": "notice", id: "join-too-long", text: "Your answers are too long to send in a link. Copy them, open the form, and paste them into its first box (\u201cProfile from the website\u201d)." }));
      result.appendChild(el("p", {}, [el("a", { "class": "button", id: "join-open-blank", href: blank, rel: "noopener", target: "_blank", text: "Open the empty form on GitHub" })]));
    }
    var copy = el("button", { type: "button", "class": "button button-quiet", id: "join-copy", text: "Copy YAML" });
    copy.addEventListener("click", function () {
      var done = function () { copy.textContent = "Copied"; };
      if (navigator.clipboard) { navigator.clipboard.writeText(text).then(done, function () {}); }
    });
    var download = el("a", { "class": "button button-quiet", id: "join-download", download: fileName(checked),
      href: "data:text/yaml;charset=utf-8," + encodeURIComponent(text), text: "Download the file" });
    result.appendChild(el("div", { "class": "join-actions" }, [copy, download]));
    // The address and its mailto: link are written into the page from community.toml; nothing typed here goes into them.
    var mail = el("p", { "class": "hint", id: "join-email" });
    mail.appendChild(document.createTextNode("No GitHub account? Download the file and send it as an attachment to the maintainers at "));
    mail.appendChild(el("a", { "class": "contact-email", href: root.dataset.contactUrl, text: root.dataset.contact }));
    mail.appendChild(document.createTextNode("; they add it for you."));
    result.appendChild(mail);
    result.appendChild(el("pre", { id: "join-yaml", text: text }));
    result.hidden = false;
    result.scrollIntoView({ block: "start" });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var checked = check();
    if (checked.problems.length) { showProblems(checked.problems); } else { showResult(checked); }
  });
  syncBlocks();
}());
