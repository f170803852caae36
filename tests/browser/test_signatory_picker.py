"""On a programme's page, the signatory picker offers the organizations entered as parties first."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_admin_programme_entry import log_in
from tests.factories import OrganizationFactory, PartyFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OTHERS = ["Ban Dân vận Hải Phòng", "Bộ Chỉ huy Quân sự Hải Phòng", "Công an thành phố Hải Phòng"]


def assert_offered(page, select_id, expected, term=""):
    """The autocomplete, opened and given ``term``, offers exactly ``expected``, in that order."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    if term:
        page.locator(".select2-container--open .select2-search__field").press_sequentially(term)
    options = page.locator(".select2-container--open .select2-results__option")
    expect(options).to_have_text(expected)
    page.keyboard.press("Escape")


def test_the_signatory_picker_offers_the_parties_first(page, live_server, superuser, artifacts):
    for name in OTHERS:
        OrganizationFactory(name=name)
    programme = ProgrammeFactory(title="Chương trình phối hợp khuyến học giai đoạn 2019-2022")
    youth = PartyFactory(programme=programme, organization=OrganizationFactory(name="Thành đoàn Hải Phòng"), order=0)
    PartyFactory(programme=programme, organization=OrganizationFactory(name="Hội Khuyến học Hải Phòng"), order=1)
    parties = ["Hội Khuyến học Hải Phòng", "Thành đoàn Hải Phòng"]
    log_in(page, live_server, "quantri", "mat-khau-quan-tri")
    page.goto(f"{live_server.url}/quan-tri/agreements/programme/{programme.pk}/change/")
    assert page.input_value("#id_parties-0-organization") == str(youth.organization_id)

    assert_offered(page, "id_signatories-0-organization", [*parties, *OTHERS])
    # Typed without diacritics, the parties that match still come first.
    assert_offered(page, "id_signatories-0-organization", [*parties, *OTHERS], term="hai phong")
    assert_offered(page, "id_signatories-0-organization", ["Thành đoàn Hải Phòng"], term="thanh doan")
    # The party pickers themselves keep the plain order.
    assert_offered(page, "id_parties-2-organization", sorted([*parties, *OTHERS]))

    # A party marked for deletion is no longer offered first.
    page.check("#id_parties-0-DELETE")
    assert_offered(
        page, "id_signatories-1-organization", ["Hội Khuyến học Hải Phòng", *sorted([*OTHERS, "Thành đoàn Hải Phòng"])]
    )
    page.screenshot(path=artifacts / "admin-signatory-picker.png", full_page=True)
    assert page.console_errors == []
