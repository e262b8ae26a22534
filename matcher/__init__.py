"""Mentor Commons: an open, Git-based mentorship directory and matcher.

The pipeline: ``profiles/*.yml`` are read by :mod:`matcher.loader`, checked by
:mod:`matcher.validate` against the one schema (:mod:`matcher.schema`) and come
out as typed :class:`matcher.model.Profile` objects that everything downstream uses.
"""

__version__ = "0.1.0"
