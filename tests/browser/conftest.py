"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright; never a downloaded browser.

One Chromium serves the whole test session, and it lives in a thread of its own. Playwright's sync
API keeps an asyncio event loop marked as running in the thread that starts it: in the test thread
that made Django treat every ORM call as made from async code and hand out other database
connections, so that the transactional tests run after the first browser test lost their
``serialized_rollback`` data (the groups made by the migrations were gone). Now the test thread
never runs an event loop.

The ``browser`` and ``page`` fixtures (and whatever Playwright objects they return: contexts,
locators, responses, event context managers, ``expect(...)`` assertions) are ``Remote`` proxies:
each call is made in the Playwright thread and waits for its result, so tests and fixtures use them
exactly as Playwright's own objects. Handlers given to ``page.on(...)`` or ``page.route(...)`` run
in the Playwright thread and receive Playwright's own objects: they should not use the database.
Code that wants to drive Playwright directly runs inside the thread with ``shared_chromium().call``
(see ``tests/security/test_csp.py``'s ``in_chromium``).
"""

import atexit
import functools
import os
import queue
import shutil
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from operations.demo import load_demo_content
from tests.conftest import require_tool

CHROMIUM = os.environ.get("KP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(os.environ.get("KP_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))


class ChromiumThread:
    """Playwright and one launched Chromium, owned by a daemon thread that runs the calls given to it."""

    def __init__(self):
        self._calls = queue.SimpleQueue()
        started = Future()
        self._thread = threading.Thread(target=self._serve, args=[started], name="playwright", daemon=True)
        self._thread.start()
        self.browser = started.result(timeout=120)  # the Playwright Browser: use it inside ``call`` only

    def _serve(self, started):
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                started.set_result(browser)
                while (call := self._calls.get()) is not None:
                    future, function, args, kwargs = call
                    try:
                        future.set_result(function(*args, **kwargs))
                    except BaseException as error:  # pytest's skip/fail too: the caller re-raises it
                        future.set_exception(error)
                browser.close()
        except BaseException as error:
            if not started.done():
                started.set_exception(error)
            raise

    def call(self, function, *args, **kwargs):
        """``function(*args, **kwargs)`` run in the Playwright thread; its result, or its exception."""
        if threading.current_thread() is self._thread:
            return function(*args, **kwargs)
        if not self._thread.is_alive():
            raise RuntimeError("the Playwright thread has stopped")
        future = Future()
        self._calls.put((future, function, args, kwargs))
        while True:
            try:
                return future.result(timeout=1)
            except TimeoutError:
                if future.done():
                    raise
                if not self._thread.is_alive():
                    raise RuntimeError("the Playwright thread has stopped") from None

    def close(self):
        if self._thread.is_alive():
            self._calls.put(None)
            self._thread.join(timeout=30)


@functools.cache
def _session_chromium() -> ChromiumThread:
    chromium = ChromiumThread()
    atexit.register(chromium.close)
    return chromium


def shared_chromium() -> ChromiumThread:
    """The session's Chromium, started on first use (skipped, or failed under KP_REQUIRE_ALL=1, without one)."""
    require_tool(
        Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None,
        f"Chromium not found at {CHROMIUM} (apt-get install chromium)",
    )
    return _session_chromium()


def _is_playwright_object(value):
    return type(value).__module__.startswith("playwright.")


def _unwrap(value):
    if isinstance(value, Remote):
        return object.__getattribute__(value, "_target")
    if type(value) in (list, tuple):
        return type(value)(_unwrap(item) for item in value)
    if type(value) is dict:
        return {key: _unwrap(item) for key, item in value.items()}
    return value


def _wrap(chromium, value):
    if type(value) in (list, tuple):
        return type(value)(_wrap(chromium, item) for item in value)
    if _is_playwright_object(value) and not callable(value):
        return Remote(chromium, value)
    return value


class Remote:
    """A Playwright object that lives in the Playwright thread, used from any thread.

    Attribute reads and method calls are made in the Playwright thread; Playwright objects in their
    results come back as ``Remote`` too, and ``Remote`` arguments are handed over unwrapped. Attributes
    a test sets on it (``page.console_errors``) stay on the proxy.
    """

    def __init__(self, chromium, target):
        object.__setattr__(self, "_chromium", chromium)
        object.__setattr__(self, "_target", target)

    def __getattr__(self, name):
        chromium, target = object.__getattribute__(self, "_chromium"), object.__getattribute__(self, "_target")
        value = chromium.call(getattr, target, name)
        if callable(value):

            def remote_call(*args, **kwargs):
                return _wrap(chromium, chromium.call(value, *_unwrap(args), **_unwrap(kwargs)))

            remote_call.__name__ = name
            return remote_call
        return _wrap(chromium, value)

    def __enter__(self):  # page.expect_navigation(), page.expect_download() …
        chromium, target = object.__getattribute__(self, "_chromium"), object.__getattribute__(self, "_target")
        return _wrap(chromium, chromium.call(target.__enter__))

    def __exit__(self, *exc_info):
        chromium, target = object.__getattribute__(self, "_chromium"), object.__getattribute__(self, "_target")
        return chromium.call(target.__exit__, *exc_info)

    def __eq__(self, other):
        return _unwrap(self) is _unwrap(other)

    def __hash__(self):
        return id(_unwrap(self))

    def __repr__(self):
        chromium, target = object.__getattribute__(self, "_chromium"), object.__getattribute__(self, "_target")
        return f"Remote({chromium.call(repr, target)})"


def _install_remote_expect():
    """``from playwright.sync_api import expect`` works on ``Remote`` pages and locators too: the
    assertion is built and run in the Playwright thread. (Patched before the test modules import it.)"""
    import playwright.sync_api

    original = playwright.sync_api.expect
    if isinstance(original, _RemoteExpect):
        return

    playwright.sync_api.expect = _RemoteExpect(original)


class _RemoteExpect:
    def __init__(self, expect):
        self._expect = expect

    def __call__(self, actual, message=None):
        if isinstance(actual, Remote):
            chromium = object.__getattribute__(actual, "_chromium")
            return Remote(chromium, chromium.call(self._expect, _unwrap(actual), message))
        return self._expect(actual, message)

    def __getattr__(self, name):  # expect.set_options(timeout=…)
        return getattr(self._expect, name)


_install_remote_expect()


@pytest.fixture(scope="session")
def browser():
    chromium = shared_chromium()
    yield Remote(chromium, chromium.browser)


@pytest.fixture
def page(browser, django_db_serialized_rollback):
    """A fresh browser context and page at 1366 px, with the console errors it collects.

    Browser tests are transactional (the live server thread reads committed rows). The page asks for
    serialized rollback too, so that each starts, and leaves the database, with what the migrations
    made (content types, permissions, staff groups): otherwise the flush after it re-creates content
    types under new ids, and the next serialized_rollback test (tests/operations/test_backup.py) fails
    to load its data back over them."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def demo_site():
    """The demo content, as ``load_demo_content()`` leaves it, loaded for each test. (A copy of the
    rows put back the way a restore does was tried, and checked row by row: the check found rows
    whose timestamps came back other than the load left them, so every test loads for real.)"""
    load_demo_content()
