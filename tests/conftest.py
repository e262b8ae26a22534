"""Fixtures for every test: caches go to a folder of the test run, never to the user's own."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from matcher.profile.verdicts import CACHE_ENV


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The verdicts of clean files (matcher/profile/verdicts.py) are kept in this run's temporary folder."""
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before
