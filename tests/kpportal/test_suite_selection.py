"""Which tests each pass of scripts/run-tests runs: browser tests once (PostgreSQL), the rest on both
databases, and a browser test marked ``both_databases`` on both too."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import pytest_collection_modifyitems

ROOT = Path(__file__).resolve().parents[2]


class FakeItem:
    def __init__(self, fixturenames, markers=()):
        self.fixturenames = fixturenames
        self.markers = list(markers)

    def get_closest_marker(self, name):
        return next((m for m in self.markers if m.name == name), None)

    def add_marker(self, marker):
        self.markers.append(marker.mark)


def sqlite_pass_expression():
    """The ``-m`` the SQLite pass gives pytest when PostgreSQL is there, read from scripts/run-tests."""
    found = re.findall(r'-m "([^"]+)"', (ROOT / "scripts" / "run-tests").read_text(encoding="utf-8"))
    assert len(found) == 1, found
    return found[0]


def collected(*args):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "--collect-only", "-q", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_a_test_that_uses_the_browser_is_a_browser_test_even_when_not_marked():
    unmarked_page_test = FakeItem(["page", "browser", "live_server"])
    unit_test = FakeItem(["client", "db"])
    marked = FakeItem(["browser"], [pytest.mark.browser.mark])
    pytest_collection_modifyitems([unmarked_page_test, unit_test, marked])
    assert [m.name for m in unmarked_page_test.markers] == ["browser"]
    assert unit_test.markers == []
    assert [m.name for m in marked.markers] == ["browser"]


def test_the_sqlite_pass_leaves_out_browser_tests_except_those_about_a_database_difference():
    places = ["tests/browser", "tests/security/test_csp.py"]
    browser_tests = collected("-m", "browser", *places)
    in_sqlite = collected("-m", sqlite_pass_expression(), *places)
    assert in_sqlite - browser_tests, "the SQLite pass has lost the other tests of these files"
    kept = in_sqlite & browser_tests
    assert kept, "no browser test about a database difference is left for the SQLite pass"
    assert all(test.startswith("tests/browser/test_browser_thread.py::") for test in kept), kept
    # The others (Chromium journeys, axe, print, CSP in the browser) run once, on PostgreSQL.
    once = browser_tests - in_sqlite
    assert len(once) >= 40
    assert any(test.startswith("tests/browser/test_staff_journeys.py::") for test in once)
    assert any(test.startswith("tests/security/test_csp.py::") for test in once)
