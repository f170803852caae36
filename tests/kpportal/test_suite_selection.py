"""Which tests each pass of scripts/run-tests runs: browser tests once (PostgreSQL), tests that use no
database once (SQLite), the rest on both databases, and a browser test marked ``both_databases`` on
both too."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import pytest_collection_modifyitems

ROOT = Path(__file__).resolve().parents[2]


class FakeItem:
    def __init__(self, fixturenames, markers=(), nodeid="tests/news/test_admin.py::test_x"):
        self.fixturenames = fixturenames
        self.markers = list(markers)
        self.nodeid = nodeid
        self.cls = None

    def get_closest_marker(self, name):
        return next((m for m in self.markers if m.name == name), None)

    def add_marker(self, marker):
        self.markers.append(marker.mark)


def pass_expressions():
    """The ``-m`` the SQLite and the PostgreSQL pass give pytest, read from scripts/run-tests."""
    found = re.findall(r'-m "([^"]+)"', (ROOT / "scripts" / "run-tests").read_text(encoding="utf-8"))
    assert len(found) == 2, found
    return found


def sqlite_pass_expression():
    return pass_expressions()[0]


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
    marked = FakeItem(["browser", "db"], [pytest.mark.browser.mark])
    pytest_collection_modifyitems([unmarked_page_test, unit_test, marked])
    assert [m.name for m in unmarked_page_test.markers] == ["browser"]
    assert unit_test.markers == []
    assert [m.name for m in marked.markers] == ["browser"]


def test_a_test_that_cannot_touch_the_database_runs_in_one_pass_only():
    pure = FakeItem(["settings"])
    with_marker = FakeItem([], [pytest.mark.django_db.mark])
    starts_the_portal = FakeItem([], nodeid="tests/faults/test_servers.py::test_x")
    pytest_collection_modifyitems([pure, with_marker, starts_the_portal])
    assert [m.name for m in pure.markers] == ["no_database"]
    assert [m.name for m in with_marker.markers] == ["django_db"]
    assert [m.name for m in starts_the_portal.markers] == ["sqlite_too"]  # a database test, on both
    sqlite, postgres = pass_expressions()
    assert postgres == "not no_database"
    # On SQLite: every test that uses no database, and the database tests marked sqlite_too.
    only_postgres = collected("-m", sqlite, "tests/news/test_admin.py", "tests/operations/test_demo.py")
    assert not any(test.startswith("tests/news/test_admin.py::") for test in only_postgres), (
        "a database test not marked sqlite_too runs on PostgreSQL only"
    )
    everything = collected("tests/core/test_text.py", "tests/operations/test_demo.py")
    in_postgres = collected("-m", postgres, "tests/core/test_text.py", "tests/operations/test_demo.py")
    demo = {test for test in everything if test.startswith("tests/operations/test_demo.py::")}
    assert demo and demo <= in_postgres  # they use the database: both passes
    left_out = everything - in_postgres
    assert left_out and all(test.startswith("tests/core/test_text.py::") for test in left_out)
    assert collected("-m", sqlite, "tests/operations/test_demo.py") == collected("tests/operations/test_demo.py")
    assert left_out <= collected("-m", sqlite, "tests/core/test_text.py")


def test_the_sqlite_pass_leaves_out_browser_tests_except_those_about_a_database_difference():
    places = ["tests/browser", "tests/security/test_csp.py"]
    browser_tests = collected("-m", "browser", *places)
    in_sqlite = collected("-m", sqlite_pass_expression(), *places)
    kept = in_sqlite & browser_tests
    assert kept, "no browser test about a database difference is left for the SQLite pass"
    assert all(test.startswith("tests/browser/test_browser_thread.py::") for test in kept), kept
    # The others (Chromium journeys, axe, print, CSP in the browser) run once, on PostgreSQL.
    once = browser_tests - in_sqlite
    assert len(once) >= 40
    assert any(test.startswith("tests/browser/test_staff_journeys.py::") for test in once)
    assert any(test.startswith("tests/security/test_csp.py::") for test in once)
