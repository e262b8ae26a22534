/* The scripts' strings in the page's language.
 *
 * messages.js (written by each language's build from its gettext catalog) sets MC_MESSAGES:
 * a string per English message, or a plural's forms by CLDR category, chosen here with
 * Intl.PluralRules so that every language gets its own plural rules ("1 mentor", "2 mentors",
 * Arabic's six forms). "%(name)s" is filled from the values given. English has no messages:
 * the strings as written are the English ones.
 */
(function () {
  "use strict";
  const messages = window.MC_MESSAGES || {};
  const lang = document.documentElement.lang || "en";
  const rules = new Intl.PluralRules(lang);

  function fill(text, values) {
    if (!values) return text;
    return text.replace(/%\((\w+)\)[sd]/g, (whole, key) => (key in values ? String(values[key]) : whole));
  }

  function gettext(text, values) {
    const found = messages[text];
    return fill(typeof found === "string" && found ? found : text, values);
  }

  function ngettext(singular, plural, n, values) {
    const forms = messages[singular];
    let text = n === 1 ? singular : plural;
    if (forms && typeof forms === "object") text = forms[rules.select(n)] || forms.other || text;
    return fill(text, Object.assign({ num: n }, values || {}));
  }

  window.MCI18n = { gettext, ngettext, lang };
})();
