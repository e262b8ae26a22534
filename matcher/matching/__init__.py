"""Matching: every eligible mentee–mentor pair scored and explained, suggestions, and one fair assignment.

    Profile --features--> Seeker/Offer --columns--> arrays --candidates--> scored pairs
            --assignment (flows, coverage, optimality)--> pairs
            --checks/suggestions/gaps/unmatched/stability/stats--> MatchResult --output/report--> files

- :mod:`.policy` (``policy.toml``): every rule and weight, versioned;
- :mod:`.eligibility` and :mod:`.scoring`: the reference rules, pure and per pair, with words;
  :mod:`.columns` and :mod:`.candidates`: the same rules vectorised (tested against the reference);
  ``theme/static/js/scoring.js``: the browser's copy (tested on the shared vectors, :mod:`.vectors`);
- :mod:`.match`: the pipeline; :mod:`.run`: the ``match`` and ``explain`` commands.

Agreed relationships are applied to the profiles before matching (:mod:`matcher.relationships.matching`).
"""
