"""Agreed mentorships: one file each in ``relationships/``, private unless both people say otherwise.

- :mod:`.keys`: keyed hashes (HMAC-SHA256) that stand for the two people in a private file;
- :mod:`.model`: the typed relationship;
- :mod:`.check`: read, validate and cross-check the files against the profiles, with the same
  ``FILE:LINE: FIELD: message`` problems as profiles, and resolve the private ones when the key
  is present.

Why keyed hashes: see ``docs/relationships.md``.
"""
