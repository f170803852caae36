"""A commitment row added on the programme page proposes the next number; the editor may change it."""

import pytest

from agreements.models import Party
from tests.browser.test_admin_programme_entry import log_in
from tests.factories import CommitmentFactory, OrganizationFactory, PartyFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_added_commitment_rows_are_numbered_and_saved_in_order(page, live_server, superuser):
    programme = ProgrammeFactory()
    PartyFactory(programme=programme, organization=OrganizationFactory(), role=Party.Role.LEAD)
    CommitmentFactory(programme=programme, number=1, title="Tuyên truyền về khuyến học")
    CommitmentFactory(programme=programme, number=2, title="Trao học bổng")
    log_in(page, live_server, "quantri", "mat-khau-quan-tri")
    page.goto(f"{live_server.url}/quan-tri/agreements/programme/{programme.pk}/change/")

    assert page.input_value("#id_commitments-2-number") == "3"
    page.click("#commitments-group .add-row a")
    page.click("#commitments-group .add-row a")
    assert page.input_value("#id_commitments-3-number") == "4"
    assert page.input_value("#id_commitments-4-number") == "5"
    assert page.locator("#id_commitments-3-title").evaluate("el => el.tagName") == "TEXTAREA"

    page.fill("#id_commitments-2-title", "Xây dựng mô hình học tập")
    page.fill("#id_commitments-3-number", "")  # left empty: the next free number on saving
    page.fill("#id_commitments-3-title", "Phối hợp kiểm tra, giám sát")
    page.fill("#id_commitments-4-number", "9")  # still editable
    page.fill("#id_commitments-4-title", "Sơ kết, tổng kết")
    page.click("input[name=_save]")
    page.wait_for_selector("#result_list")

    assert list(programme.commitments.order_by("number").values_list("number", "title")) == [
        (1, "Tuyên truyền về khuyến học"),
        (2, "Trao học bổng"),
        (3, "Xây dựng mô hình học tập"),
        (9, "Sơ kết, tổng kết"),
        (10, "Phối hợp kiểm tra, giám sát"),
    ]
    assert page.console_errors == []
