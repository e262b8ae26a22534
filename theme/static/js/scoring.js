/* Mentor Commons: the matcher's per-pair rules and score, in the browser.
 *
 * A line-by-line port of matcher/eligibility.py (check_pair) and matcher/scoring.py
 * (score_pair). The weights are not here: they come from data/policy.json, which the build
 * writes from matcher.policy.policy_as_json(). Points are whole hundredths computed with
 * integer arithmetic, as in Python, so both give the same numbers to the last digit;
 * tests/site/test_browser_scoring.py runs every case of tests/vectors/scoring.json here.
 *
 * A seeker and an offer have the shape of matcher.features Seeker.as_json() and
 * Offer.as_json(); `labels` maps vocabulary -> value -> label (topic, format, sector,
 * language, country), for the explanations.
 */
(function (root) {
  "use strict";

  var RULES = ["different-people", "mentee-looking", "mentor-open", "topics", "language", "format", "reach", "avoid"];
  var COMPONENTS = ["topics", "language", "hours", "sector", "location", "interest"];
  var DAY = 24 * 60;
  var WAYS = { video: "by video call", "in-person": "in person", chat: "by text chat", email: "by e-mail" };

  function label(labels, vocabulary, value) {
    var table = labels && labels[vocabulary];
    return table && Object.prototype.hasOwnProperty.call(table, value) ? table[value] : value;
  }

  function labelList(labels, vocabulary, values) {
    return values.map(function (v) { return label(labels, vocabulary, v); }).join(", ");
  }

  function ways(labels, formats) {
    var words = formats.map(function (f) {
      return WAYS[f] || "by " + label(labels, "format", f).toLowerCase();
    });
    return words.length === 1 ? words[0] : words.slice(0, -1).join(", ") + " or " + words[words.length - 1];
  }

  function rank(policy, level) { return policy.levels.indexOf(level); }

  /* matcher.model.CITY_SPACES: Python's isspace() and JavaScript's trim() characters together. */
  var CITY_SPACES = "[\\s\\u001c-\\u001f\\u0085\\ufeff]";
  var CITY_TRIM = new RegExp("^" + CITY_SPACES + "+|" + CITY_SPACES + "+$", "g");

  /* matcher.features.city_key: NFC, surrounding spaces removed, lower case; null when empty. */
  function cityKey(city) {
    if (city === null || city === undefined) return null;
    var key = String(city).normalize("NFC").replace(CITY_TRIM, "").toLowerCase();
    return key ? key : null;
  }

  function levelsOf(languages) {
    var out = {};
    languages.forEach(function (l) { out[l.code] = l.level; });
    return out;
  }

  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /* The pair's working languages as [code, mentee level, mentor level], best first. */
  function workingLanguages(seeker, offer, policy) {
    var theirs = levelsOf(offer.languages);
    var both = rank(policy, policy.languages.both_at_least);
    var one = rank(policy, policy.languages.one_at_least);
    var found = [];
    seeker.languages.forEach(function (l) {
      if (!Object.prototype.hasOwnProperty.call(theirs, l.code)) return;
      var other = theirs[l.code];
      var pair = [rank(policy, l.level), rank(policy, other)].sort(function (x, y) { return x - y; });
      if (pair[0] >= both && pair[1] >= one) found.push([-pair[0], -pair[1], l.code, l.level, other]);
    });
    found.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || compare(x[2], y[2]); });
    return found.map(function (f) { return [f[2], f[3], f[4]]; });
  }

  function samePlace(seeker, offer, needs) {
    if (seeker.country !== offer.country) return false;
    if (needs === "city") {
      var mine = cityKey(seeker.city), theirs = cityKey(offer.city);
      return mine !== null && mine === theirs;
    }
    return true;
  }

  function result(rule, passed, detail) { return { rule: rule, passed: passed, detail: detail }; }

  /* Every hard rule's verdict, in RULES order (matcher.eligibility.check_pair). */
  function checkPair(seeker, offer, policy, labels, continuing) {
    var out = [];
    var same = Boolean(seeker.id) && seeker.id === offer.id;
    out.push(result("different-people", !same, same ? "the mentee and the mentor are the same person" : "two different people"));
    out.push(result("mentee-looking", Boolean(seeker.looking), seeker.looking
      ? "the mentee is looking for a mentor"
      : "the mentee is not looking for a mentor right now (status: paused)"));
    out.push(mentorOpen(offer, policy, Boolean(continuing)));
    var offered = seeker.topics.filter(function (t) { return offer.topics.indexOf(t) >= 0; });
    out.push(result("topics", offered.length > 0, offered.length
      ? "the mentor offers " + labelList(labels, "topic", offered)
      : "the mentor offers none of the topics sought (" + labelList(labels, "topic", seeker.topics) + ")"));
    out.push(languageRule(seeker, offer, policy, labels));
    out.push(formatRule(seeker, offer, policy, labels));
    out.push(reachRule(seeker, offer, policy, labels));
    out.push(avoidRule(seeker, offer));
    return out;
  }

  function mentorOpen(offer, policy, continuing) {
    if (offer.status === "open") return result("mentor-open", true, "the mentor is open to new mentees (capacity " + offer.capacity + ")");
    var keeps = policy.assignment && policy.assignment.full_keeps_previous;
    if (offer.status === "full" && continuing && keeps) return result("mentor-open", true, "the mentor is full, but keeps this pair from the last run");
    var why = offer.status === "full" ? "full for now" : "paused";
    return result("mentor-open", false, "the mentor takes no new mentees (" + why + ")");
  }

  function languageRule(seeker, offer, policy, labels) {
    var usable = workingLanguages(seeker, offer, policy);
    if (usable.length) {
      var u = usable[0];
      return result("language", true, "both speak " + label(labels, "language", u[0]) + " (mentee " + u[1] + ", mentor " + u[2] + ")");
    }
    var theirs = levelsOf(offer.languages);
    var shared = Object.keys(levelsOf(seeker.languages)).filter(function (c) {
      return Object.prototype.hasOwnProperty.call(theirs, c);
    }).sort(compare);
    if (shared.length) {
      return result("language", false, "they share " + shared.map(function (c) { return label(labels, "language", c); }).join(", ") +
        ", but not well enough: both need " + policy.languages.both_at_least + " or better and one of them " +
        policy.languages.one_at_least + " or better");
    }
    var names = function (langs) { return langs.map(function (l) { return label(labels, "language", l.code); }).join(", "); };
    return result("language", false, "no language in common (mentee: " + names(seeker.languages) + "; mentor: " + names(offer.languages) + ")");
  }

  function formatRule(seeker, offer, policy, labels) {
    var common = seeker.formats.filter(function (f) { return offer.formats.indexOf(f) >= 0; });
    if (!common.length) {
      return result("format", false, "no way to meet in common (mentee: " + labelList(labels, "format", seeker.formats) +
        "; mentor: " + labelList(labels, "format", offer.formats) + ")");
    }
    if (common.indexOf("in-person") < 0) return result("format", true, "can meet " + ways(labels, common));
    var where = policy.formats.in_person_needs;
    var remote = common.filter(function (f) { return f !== "in-person"; });
    if (samePlace(seeker, offer, where)) {
      var place = where === "city" ? offer.city : label(labels, "country", offer.country);
      if (!remote.length) return result("format", true, "can meet in person, both in " + place);
      return result("format", true, "can meet " + ways(labels, common).replace("in person", "in person (both in " + place + ")"));
    }
    if (remote.length) return result("format", true, "can meet " + ways(labels, remote) + " (not in person: not in the same " + where + ")");
    return result("format", false, "the only way to meet in common is in person, and they are not in the same " + where);
  }

  function reachRule(seeker, offer, policy, labels) {
    if (seeker.reach !== "local" || !policy.reach.local_is_a_rule) return result("reach", true, "the mentee accepts a mentor anywhere");
    if (seeker.country === offer.country) {
      return result("reach", true, "the mentee wants a local mentor, and both are in " + label(labels, "country", seeker.country));
    }
    return result("reach", false, "the mentee wants a mentor in " + label(labels, "country", seeker.country) +
      "; the mentor is in " + label(labels, "country", offer.country));
  }

  function avoidRule(seeker, offer) {
    if (offer.id && (seeker.avoid || []).indexOf(offer.id) >= 0) return result("avoid", false, "the mentee asked never to be matched with this mentor");
    if (seeker.id && (offer.avoid || []).indexOf(seeker.id) >= 0) return result("avoid", false, "the mentor asked never to be matched with this mentee");
    return result("avoid", true, "neither asked to avoid the other");
  }

  /* weight_h * num / den, rounded half up (all >= 0, den > 0). */
  function ratioH(weightH, num, den) { return Math.floor((2 * weightH * num + den) / (2 * den)); }

  function overlapMinutes(offsetA, offsetB, policy) {
    var start = policy.hours.start_minute, end = policy.hours.end_minute;
    var startA = start - offsetA, endA = end - offsetA, startB = start - offsetB, endB = end - offsetB;
    var total = 0;
    [-DAY, 0, DAY].forEach(function (shift) {
      total += Math.max(0, Math.min(endA, endB + shift) - Math.max(startA, startB + shift));
    });
    return Math.min(total, end - start);
  }

  function hoursText(minutes) {
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    if (rest === 0) return String(hours);
    var hundredths = String(Math.round(rest / 60 * 100));
    if (hundredths.length < 2) hundredths = "0" + hundredths;
    return (hours + "." + hundredths).replace(/0+$/, "");
  }

  function component(criterion, pointsH, detail) { return { criterion: criterion, points_h: pointsH, detail: detail }; }

  var SCORERS = {
    topics: function (seeker, offer, policy, labels) {
      var offered = seeker.topics.filter(function (t) { return offer.topics.indexOf(t) >= 0; });
      var sought = seeker.topics.length;
      var points = ratioH(policy.weights_h.topics, offered.length, sought);
      if (!offered.length) return component("topics", 0, "offers none of the " + sought + " topics sought");
      var share;
      if (offered.length === sought) share = sought === 1 ? "the topic sought" : sought === 2 ? "both topics sought" : "all " + sought + " topics sought";
      else share = offered.length + " of the " + sought + " topics sought";
      return component("topics", points, "offers " + share + ": " + labelList(labels, "topic", offered));
    },
    language: function (seeker, offer, policy, labels) {
      var usable = workingLanguages(seeker, offer, policy);
      if (!usable.length) return component("language", 0, "no working language");
      var u = usable[0];
      var weaker = rank(policy, u[1]) <= rank(policy, u[2]) ? u[1] : u[2];
      var points = ratioH(policy.weights_h.language, policy.language_strength_pct[weaker], 100);
      return component("language", points, "both speak " + label(labels, "language", u[0]) + " (mentee " + u[1] + ", mentor " + u[2] + ")");
    },
    hours: function (seeker, offer, policy) {
      var minutes = overlapMinutes(seeker.utc_offset, offer.utc_offset, policy);
      var work = policy.hours.end_minute - policy.hours.start_minute;
      var points = ratioH(policy.weights_h.hours, minutes, work);
      var apart = Math.abs(seeker.utc_offset - offer.utc_offset) % DAY;
      apart = Math.min(apart, DAY - apart);
      var gap = apart === 0 ? "same time zone" : "time zones " + hoursText(apart) + " h apart";
      if (minutes === 0) return component("hours", 0, "no shared working hours (" + gap + ")");
      return component("hours", points, hoursText(minutes) + " shared working hours (" + gap + ")");
    },
    sector: function (seeker, offer, policy, labels) {
      var target = (seeker.target_sectors || []).filter(function (s) { return offer.sectors.indexOf(s) >= 0; });
      if (target.length) return component("sector", policy.weights_h.sector, "the mentor works in " + labelList(labels, "sector", target) + ", where the mentee wants to go");
      var shared = (seeker.sectors || []).filter(function (s) { return offer.sectors.indexOf(s) >= 0; });
      if (shared.length) return component("sector", policy.sector_shared_current_h, "both work in " + labelList(labels, "sector", shared));
      return component("sector", 0, "no sector in common");
    },
    location: function (seeker, offer, policy, labels) {
      var wantsLocal = seeker.formats.indexOf("in-person") >= 0 || seeker.reach === "local";
      if (!wantsLocal) return component("location", 0, "location does not matter: the mentee meets remotely");
      if (seeker.country !== offer.country) {
        return component("location", 0, "different countries (" + label(labels, "country", seeker.country) + ", " + label(labels, "country", offer.country) + ")");
      }
      var mine = cityKey(seeker.city), theirs = cityKey(offer.city);
      if (mine !== null && mine === theirs) return component("location", policy.weights_h.location, "same city: " + offer.city);
      return component("location", policy.location_same_country_h, "same country: " + label(labels, "country", offer.country));
    },
    interest: function (seeker, offer, policy) {
      var menteeWants = Boolean(offer.id) && (seeker.shortlist || []).indexOf(offer.id) >= 0;
      var mentorWants = Boolean(seeker.id) && (offer.shortlist || []).indexOf(seeker.id) >= 0;
      if (menteeWants && mentorWants) return component("interest", policy.weights_h.interest, "both shortlisted each other");
      if (menteeWants) return component("interest", policy.interest_mentee_h, "the mentee shortlisted this mentor");
      if (mentorWants) return component("interest", policy.interest_mentor_h, "the mentor shortlisted this mentee");
      return component("interest", 0, "neither shortlisted the other");
    }
  };

  /* The pair's score: components in COMPONENTS order and their total (matcher.scoring.score_pair). */
  function scorePair(seeker, offer, policy, labels) {
    var components = COMPONENTS.map(function (name) { return SCORERS[name](seeker, offer, policy, labels); });
    var total = components.reduce(function (sum, c) { return sum + c.points_h; }, 0);
    return { components: components, total_h: total };
  }

  /* Eligible offers for one seeker, best first: score, then id (a stable, documented tie-break). */
  function rankOffers(seeker, offers, policy, labels) {
    var ranked = [];
    offers.forEach(function (offer, index) {
      var rules = checkPair(seeker, offer, policy, labels, false);
      if (!rules.every(function (r) { return r.passed; })) return;
      ranked.push({ index: index, offer: offer, score: scorePair(seeker, offer, policy, labels) });
    });
    ranked.sort(function (a, b) { return b.score.total_h - a.score.total_h || compare(a.offer.id, b.offer.id); });
    return ranked;
  }

  function pointsText(pointsH) {
    var whole = Math.floor(pointsH / 100), rest = pointsH % 100;
    return rest === 0 ? String(whole) : (whole + "." + (rest < 10 ? "0" : "") + rest).replace(/0+$/, "");
  }

  var api = {
    RULES: RULES,
    COMPONENTS: COMPONENTS,
    checkPair: checkPair,
    scorePair: scorePair,
    rankOffers: rankOffers,
    workingLanguages: workingLanguages,
    overlapMinutes: overlapMinutes,
    ratioH: ratioH,
    pointsText: pointsText
  };
  root.MentorScoring = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : this);
