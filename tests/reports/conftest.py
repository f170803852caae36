import datetime

import pytest
import time_machine

from tests.factories import VN
from tests.reports.known_data import build_known_data


@pytest.fixture
def known(db):
    return build_known_data()


@pytest.fixture
def on_issue_day():
    """05/12/2026 in Hải Phòng: the date the reports are made."""
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=VN), tick=False):
        yield
