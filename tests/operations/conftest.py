"""The site-wide fixtures: a frozen clock and an empty cache for every test (tests/site_fixtures.py)."""

from tests.site_fixtures import fresh_cache, frozen_now  # noqa: F401
