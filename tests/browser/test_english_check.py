"""The check every staff journey makes for English on an admin page (tests/browser/journeys.py):
it sees Django's own admin untranslated, and nothing of it in Vietnamese.

A test of the check itself: it needs neither the browser nor the database (in
test_staff_journeys.py, a module of transactional tests, each emptied and refilled the database)."""

import pytest


@pytest.mark.parametrize(
    "message",
    [
        "The {name} “{obj}” was changed successfully.",
        "The {name} “{obj}” was added successfully.",
        "Please correct the error below.",
        "Save and continue editing",
        "Delete",
        "This field is required.",
        "Currently",
        "Are you sure?",
        "View on site",
    ],
)
def test_the_english_check_sees_the_admin_untranslated_and_not_in_vietnamese(message):
    from django.utils import translation

    from tests.browser.journeys import ENGLISH

    with translation.override("en"):
        assert ENGLISH.search(translation.gettext(message))
    with translation.override("vi"):
        assert not ENGLISH.search(translation.gettext(message))
