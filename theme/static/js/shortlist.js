/* Mentor Commons: your shortlist, kept in this browser (localStorage) and nowhere else.
 *
 * The shortlist is the people you would like to be matched with; it becomes the
 * `interested_in:` line of your profile. It survives a reload; it never leaves the browser.
 * On a profile page, an element with data-shortlist-id gets an add/remove button.
 */
(function (root) {
  "use strict";

  // The page's language (i18n.js); English as written where it is absent.
  function _(text, values) { return root.MCI18n ? root.MCI18n.gettext(text, values) : text; }
  function ngettext(one, many, n, values) {
    return root.MCI18n ? root.MCI18n.ngettext(one, many, n, values) : (n === 1 ? one : many).replace("%(num)s", String(n));
  }

  var KEY = "mentor-commons:shortlist:v1";
  // The schema's id pattern and interested_in.maxItems, written on <body> by the build.
  var body = root.document && root.document.body;
  var ID = new RegExp((body && body.getAttribute("data-id-pattern")) || "^[a-z0-9]+(-[a-z0-9]+)*$");
  var MAX = Number((body && body.getAttribute("data-shortlist-max")) || 20);
  var YAML_SPECIAL = /^(true|false|null|yes|no|on|off|y|n)$/i;
  var listeners = [];

  function storage() {
    try { return root.localStorage; } catch (e) { return null; }
  }

  function read() {
    var store = storage();
    if (!store) return [];
    try {
      var items = JSON.parse(store.getItem(KEY) || "[]");
      if (!Array.isArray(items)) return [];
      return items.filter(function (item) {
        return item && typeof item.id === "string" && ID.test(item.id) && typeof item.name === "string";
      }).slice(0, MAX);
    } catch (e) {
      return [];
    }
  }

  function write(items) {
    var store = storage();
    if (store) store.setItem(KEY, JSON.stringify(items));
    listeners.forEach(function (fn) { fn(items.slice()); });
  }

  function has(id) { return read().some(function (item) { return item.id === id; }); }

  /* Add someone; returns false when the list is full (the schema allows MAX). */
  function add(id, name) {
    if (!ID.test(id)) return false;
    var items = read();
    if (items.some(function (item) { return item.id === id; })) return true;
    if (items.length >= MAX) return false;
    items.push({ id: id, name: String(name) });
    write(items);
    return true;
  }

  function remove(id) { write(read().filter(function (item) { return item.id !== id; })); }
  function clear() { write([]); }
  function ids() { return read().map(function (item) { return item.id; }); }

  /* An id as YAML 1.1 and 1.2 both read it as text: quoted when it looks like a number or a keyword. */
  function yamlScalar(id) {
    return /^[0-9]/.test(id) || YAML_SPECIAL.test(id) ? "'" + id + "'" : id;
  }

  /* The line for your profile file, e.g. "interested_in: [ana-popescu, brian-otieno]". */
  function yaml() { return "interested_in: [" + ids().map(yamlScalar).join(", ") + "]"; }

  function onChange(fn) { listeners.push(fn); }

  // Changes made in another tab reach this one.
  if (root.addEventListener) {
    root.addEventListener("storage", function (event) {
      if (event.key === KEY) listeners.forEach(function (fn) { fn(read()); });
    });
  }

  /* The button on a profile page. */
  function enhanceProfile(slot) {
    var id = slot.getAttribute("data-shortlist-id"), name = slot.getAttribute("data-shortlist-name");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-quiet";
    var note = document.createElement("span");
    note.className = "hint";
    note.setAttribute("role", "status");
    function refresh() {
      var kept = has(id);
      button.textContent = kept ? _("Remove from my shortlist") : _("Add to my shortlist");
      button.setAttribute("aria-pressed", kept ? "true" : "false");
    }
    button.addEventListener("click", function () {
      if (has(id)) { remove(id); note.textContent = _("Removed from your shortlist."); }
      else if (add(id, name)) { note.textContent = _("Added to your shortlist (kept in this browser)."); }
      else { note.textContent = ngettext("Your shortlist is full (%(num)s person).", "Your shortlist is full (%(num)s people).", MAX); }
      refresh();
    });
    onChange(refresh);
    refresh();
    slot.appendChild(button);
    slot.appendChild(document.createTextNode(" "));
    slot.appendChild(note);
  }

  root.MentorShortlist = { read: read, add: add, remove: remove, clear: clear, has: has, ids: ids, yaml: yaml, onChange: onChange, MAX: MAX };

  if (root.document) {
    var start = function () {
      Array.prototype.forEach.call(document.querySelectorAll("[data-shortlist-id]:not([hidden])"), enhanceProfile);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})(typeof window !== "undefined" ? window : this);
