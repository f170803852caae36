"""The session's Chromium runs in a thread of its own (tests/browser/conftest.py): the test thread keeps
its database connection and never runs Playwright's event loop, while tests use Playwright as usual."""

import asyncio

import pytest
from django.contrib.auth.models import Group
from django.db import connections
from playwright.sync_api import expect

# About the database connection of the test thread: run on both databases (scripts/run-tests).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.both_databases,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_test_thread_keeps_its_database_connection_and_runs_no_event_loop(page, live_server):
    connection = connections["default"]
    response = page.goto(f"{live_server.url}/")
    assert response.status == 200
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()
    assert connections["default"] is connection
    # What the migrations made is there (serialized rollback), for this test and the ones after it.
    assert Group.objects.filter(name="Biên tập viên").exists()


def test_playwright_objects_work_from_the_test_thread(page, live_server):
    with page.expect_response(lambda response: response.url.endswith("/tin-tuc/")) as answer:
        page.goto(f"{live_server.url}/tin-tuc/")
    assert answer.value.status == 200
    expect(page.locator("h1").first).to_be_visible()
    skip_link = page.locator("a").all()[0]  # lists of Playwright objects come back usable too
    assert skip_link.get_attribute("href") == "#main"
    assert page.console_errors == []
