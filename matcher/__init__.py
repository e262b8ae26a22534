"""Mentor Commons: an open, Git-based mentorship directory and matcher.

The pipeline: ``profiles/*.yml`` are read by :mod:`matcher.profile.loader`, checked by
:mod:`matcher.profile.validate` against the one schema (:mod:`matcher.profile.schema`) and come
out as typed :class:`matcher.profile.model.Profile` objects that everything downstream uses.
"""

__version__ = "0.1.0"
