"""Fixtures shared by the folders of site-wide code (core, home, search, operations, pagecache, kpportal)."""

import pytest
import time_machine
from django.core.cache import cache

from tests.factories import FIXED_NOW


@pytest.fixture
def frozen_now():
    """Every test that asks runs on 1 June 2024, 09:00 in Hanoi, whatever the real date."""
    with time_machine.travel(FIXED_NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def fresh_cache():
    # django-ratelimit counts in the cache: one test's posts must not limit the next one.
    cache.clear()
    yield
    cache.clear()
