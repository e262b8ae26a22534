"""The profile: one YAML file per person, and everything that decides whether it is valid.

- ``profile.schema.json``: the single source of truth (fields, limits, vocabularies, words);
- :mod:`.schema` reads it and compiles its validators; :mod:`.fields` walks it once for every
  field (docs, forms, the join page); :mod:`.docs` writes ``docs/fields.md`` from it;
- :mod:`.loader` reads a file safely (C parser, limits, lines of every field);
- :mod:`.validate` is the pipeline: schema errors in words (:mod:`.messages`), the rules the
  schema can't state (:mod:`.rules`), typed :class:`~.model.Profile` objects out;
- :mod:`.problems` are the ``FILE:LINE: FIELD: message`` values every check returns;
- :mod:`.text`: characters that hide what text says, names that look alike, logins compared whole.
"""
