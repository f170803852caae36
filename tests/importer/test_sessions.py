"""importer.sessions: the reading kept server-side between the review and the confirmation."""

import datetime
import json

import pytest
from django.utils import timezone

from importer import accuracy, rules, sessions
from importer.models import ImportSession
from tests.importer.conftest import CORPUS, corpus_text

CORPUS_CASES = accuracy.corpus_cases(CORPUS)
LE_CHAN = "01_lechan_quan_doan.txt"


class RoundTripTests:
    @pytest.mark.parametrize("case", CORPUS_CASES, ids=[c.name for c in CORPUS_CASES])
    def test_every_corpus_reading_comes_back_from_json_as_it_was(self, case):
        extraction = rules.extract_page(case.text)
        stored = json.loads(json.dumps(sessions.extraction_as_json(extraction)))
        back = sessions.extraction_from_json(stored)
        assert back == extraction
        assert back.fingerprint == extraction.fingerprint

    def test_dates_and_times_keep_their_type_and_vietnams_offset(self):
        extraction = rules.extract_page(corpus_text(LE_CHAN))
        back = sessions.extraction_from_json(json.loads(json.dumps(sessions.extraction_as_json(extraction))))
        assert back.published.value == datetime.datetime(2024, 10, 14, 9, 42, tzinfo=rules.VN_TZ)
        assert back.published.value.utcoffset() == datetime.timedelta(hours=7)
        assert type(back.programme.signing_date.value) is datetime.date
        assert back.blocks and all(isinstance(block, tuple) for block in back.blocks)

    def test_a_long_paste_is_stored_in_less_than_twice_its_size(self):
        parties = ", ".join(f"Hội Khuyến học xã Số {i} huyện Kim Bảng" for i in range(2000))
        paste = ("Sáng 5/6, Hội Khuyến học tỉnh ký kết chương trình phối hợp với " + parties)[:60_000] + "."
        extraction = rules.extract_page(paste)
        stored = json.dumps(sessions.extraction_as_json(extraction), ensure_ascii=False).encode()
        assert len(stored) < 2 * len(paste.encode())
        assert sessions.extraction_from_json(json.loads(stored)) == extraction

    def test_the_real_articles_come_back_as_they_were(self, real_corpus_dir):
        for path in sorted((real_corpus_dir / "articles").glob("*.txt")):
            extraction = rules.extract_page(path.read_text(encoding="utf-8"))
            stored = json.loads(json.dumps(sessions.extraction_as_json(extraction)))
            assert sessions.extraction_from_json(stored) == extraction, path.name


@pytest.mark.django_db
class StoreTests:
    def reading(self, user):
        return sessions.start(user, rules.extract_page(corpus_text(LE_CHAN)), ["lưu ý"])

    def test_the_owner_gets_the_reading_back(self, editor):
        started = self.reading(editor)
        loaded = sessions.load(started.key, editor)
        assert loaded.extraction == started.extraction and loaded.warnings == ["lưu ý"]
        assert len(started.key) >= 40 and ImportSession.objects.get().user == editor

    def test_each_paste_has_its_own_key(self, editor):
        assert self.reading(editor).key != self.reading(editor).key

    @pytest.mark.parametrize("key", ["", "   ", "khong-co", "x" * 65, "' OR 1=1 --"])
    def test_a_wrong_key_is_refused_in_vietnamese(self, editor, key):
        self.reading(editor)
        with pytest.raises(sessions.SessionRefused) as refused:
            sessions.load(key, editor)
        assert "Không tìm thấy bài đã đọc" in refused.value.message

    def test_someone_elses_key_is_refused(self, editor, publisher):
        started = self.reading(editor)
        with pytest.raises(sessions.SessionRefused) as refused:
            sessions.load(started.key, publisher)
        assert "của người khác dán" in refused.value.message
        assert sessions.load(started.key, editor).key == started.key

    def test_a_reading_older_than_a_day_is_refused_and_deleted(self, editor):
        started = self.reading(editor)
        ImportSession.objects.update(created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1))
        with pytest.raises(sessions.SessionRefused) as refused:
            sessions.load(started.key, editor)
        assert "quá 24 giờ" in refused.value.message
        assert not ImportSession.objects.exists()

    def test_a_reading_of_almost_a_day_is_still_there(self, editor):
        started = self.reading(editor)
        ImportSession.objects.update(created_at=timezone.now() - datetime.timedelta(hours=23, minutes=59))
        assert sessions.load(started.key, editor).key == started.key

    def test_old_readings_are_deleted_when_someone_pastes(self, editor, publisher):
        old = self.reading(editor)
        ImportSession.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
        fresh = self.reading(publisher)
        assert list(ImportSession.objects.values_list("key", flat=True)) == [fresh.key]
        assert old.key != fresh.key

    def test_a_row_the_reader_cannot_read_back_is_refused_not_a_crash(self, editor):
        started = self.reading(editor)
        ImportSession.objects.update(extraction={"title": "cũ"})
        with pytest.raises(sessions.SessionRefused):
            sessions.load(started.key, editor)
