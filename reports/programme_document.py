"""The per-programme report ("Báo cáo tổng kết chương trình …"), pre-filled from one programme's
records: its signing and parties, each commitment's status and what was done, its reviews, the
articles about it, and the next steps its latest review set. Staff finish it in Word."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Commitment, CommitmentProgress, Party, ProgressStatus, Review, Signatory
from news.models import Article
from reports.commitment_status import statuses_at
from reports.document import Document, Letterhead, Section, Table, default_recipients
from reports.period_report import date_text

NONE = _("Không có.")


def build(programme, *, issued_on: datetime.date | None = None) -> Document:
    issued_on = issued_on or timezone.localdate()
    parties = list(Party.objects.filter(programme=programme).select_related("organization").order_by("order", "pk"))
    signatories = list(Signatory.objects.filter(programme=programme).select_related("organization"))
    commitments = list(
        Commitment.objects.filter(programme=programme).prefetch_related("responsible").order_by("number")
    )
    progress = list(
        CommitmentProgress.objects.filter(commitment__programme=programme)
        .select_related("commitment", "party")
        .order_by("year", "half", "date", "commitment__number", "pk")
    )
    reviews = list(Review.objects.filter(programme=programme).order_by("date", "pk"))
    articles = list(
        Article.objects.published()
        .filter(Q(programmes=programme) | Q(review__programme=programme))
        .distinct()
        .defer("body")
        .order_by("published_at", "pk")
    )
    statuses = statuses_at([c.pk for c in commitments], issued_on)

    period = str(programme.period_display)
    facts = [
        _("Chương trình phối hợp “%(title)s”%(number)s được ký %(date)s%(venue)s, giai đoạn %(period)s.")
        % {
            "title": programme.title,
            "number": _(" (số %(number)s)") % {"number": programme.reference_number}
            if programme.reference_number
            else "",
            "date": _("ngày %(date)s") % {"date": date_text(programme.signing_date)}
            if programme.signing_date
            else _("(chưa ghi ngày ký)"),
            "venue": _(" tại %(venue)s") % {"venue": programme.venue} if programme.venue else "",
            "period": period,
        }
    ]
    if programme.objectives:
        facts.append(_("Mục tiêu: %(objectives)s") % {"objectives": programme.objectives})
    party_table = Table(
        "Các bên",
        _("Bảng 1. Các bên tham gia"),
        [_("STT"), _("Tổ chức"), _("Vai trò"), _("Người ký")],
        [
            [
                index,
                party.organization.name,
                party.role_label,
                "; ".join(
                    f"{s.name} – {s.position}" for s in signatories if s.organization_id == party.organization_id
                ),
            ]
            for index, party in enumerate(parties, start=1)
        ],
        NONE,
        widths=[1.8, 9, 2.5, 6],
    )
    latest_done = {}
    for entry in progress:
        if entry.done and entry.period_end() <= issued_on:
            latest_done[entry.commitment_id] = entry.done
    commitment_table = Table(
        "Nội dung phối hợp",
        _("Bảng 2. Tình trạng các nội dung phối hợp đến ngày %(date)s") % {"date": date_text(issued_on)},
        [_("STT"), _("Nội dung phối hợp"), _("Bên thực hiện"), _("Tình trạng"), _("Kết quả gần nhất")],
        [
            [
                c.number,
                c.title,
                "; ".join(o.display_name for o in c.responsible.all()) or _("Các bên"),
                ProgressStatus(statuses.get(c.pk, ProgressStatus.NOT_STARTED)).label,
                latest_done.get(c.pk, ""),
            ]
            for c in commitments
        ],
        NONE,
        widths=[1.8, 6, 4, 3.5, 6],
    )
    progress_table = Table(
        "Tiến độ",
        _("Bảng 3. Tiến độ thực hiện đã ghi nhận"),
        [_("Kỳ"), _("Nội dung"), _("Tình trạng"), _("Kết quả thực hiện"), _("Bên thực hiện")],
        [
            [
                str(entry.period_label()),
                f"{entry.commitment.number}. {entry.commitment.title}",
                entry.get_status_display(),
                entry.done,
                entry.party.display_name if entry.party else "",
            ]
            for entry in progress
        ],
        NONE,
        widths=[3, 5, 3, 7, 3],
    )
    review_table = Table(
        "Sơ kết - tổng kết",
        _("Bảng 4. Hội nghị sơ kết, tổng kết"),
        [_("Ngày"), _("Hình thức"), _("Địa điểm"), _("Kết quả, kết luận")],
        [
            [date_text(r.date), r.get_kind_display(), r.venue, " ".join(t for t in (r.summary, r.conclusions) if t)]
            for r in reviews
        ],
        NONE,
        widths=[3.8, 2.4, 4, 10],
    )
    article_table = Table(
        "Bài viết",
        _("Bảng 5. Bài viết về chương trình"),
        [_("STT"), _("Ngày đăng"), _("Tiêu đề")],
        [[index, date_text(timezone.localtime(a.published_at)), a.title] for index, a in enumerate(articles, start=1)],
        NONE,
        widths=[1.8, 3.8, 14],
    )
    counts = {status: 0 for status in ProgressStatus.values}
    for commitment in commitments:
        counts[statuses.get(commitment.pk, ProgressStatus.NOT_STARTED)] += 1
    results = _(
        "Chương trình có %(total)s nội dung phối hợp: %(done)s hoàn thành, %(doing)s đang thực hiện, "
        "%(not_started)s chưa triển khai, %(failed)s không thực hiện được."
    ) % {
        "total": len(commitments),
        "done": counts[ProgressStatus.DONE],
        "doing": counts[ProgressStatus.IN_PROGRESS],
        "not_started": counts[ProgressStatus.NOT_STARTED],
        "failed": counts[ProgressStatus.NOT_ACHIEVED],
    }
    latest = reviews[-1] if reviews else None
    next_steps = (
        [latest.next_steps]
        if latest and latest.next_steps
        else [_("(Phương hướng, nhiệm vụ thời gian tới: các bên bổ sung.)")]
    )
    sections = [
        Section(_("I. THÔNG TIN CHUNG"), facts, [party_table]),
        Section(_("II. KẾT QUẢ THỰC HIỆN"), [results], [commitment_table, progress_table]),
        Section(_("III. SƠ KẾT, TỔNG KẾT"), [], [review_table]),
        Section(_("IV. THÔNG TIN, TUYÊN TRUYỀN"), [], [article_table]),
        Section(_("V. PHƯƠNG HƯỚNG THỜI GIAN TỚI"), next_steps),
    ]
    return Document(
        letterhead=Letterhead.of_host(issued_on),
        title=_("BÁO CÁO"),
        subject=_("Tổng kết chương trình %(title)s") % {"title": programme.title},
        sections=sections,
        recipients=default_recipients(),
        filename=f"bao-cao-chuong-trinh-{programme.pk}",
    )
