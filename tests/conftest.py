"""Shared fixtures: the real catalogue is loaded once into the test database."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_catalogue", verbosity=0)


@pytest.fixture
def catalogue(db):
    """The loaded catalogue as plain domain objects, by slug."""
    from comparisons.catalogue import selectors

    return {p.slug: p for p in selectors.products()}


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: pages, fragments, sections, PDFs, counters (in this process's
    memory, or in the throwaway Redis of `make test`'s PostgreSQL pass), and no matrix kept in memory."""
    from django.conf import settings
    from django.core.cache import caches

    from comparisons.catalogue import editions
    from comparisons.compare import results

    for alias in settings.CACHES:
        caches[alias].clear()
    results.forget_built()
    editions._cache.clear()  # edition ids of a rolled-back test may be reused by the next one
