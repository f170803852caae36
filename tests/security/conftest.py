# The real-browser fixtures (Debian's Chromium through Playwright) of tests/browser, for the
# Content Security Policy tests.
from tests.browser.conftest import browser, page  # noqa: F401
