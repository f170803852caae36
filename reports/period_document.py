"""The period report as a document: counts, the tables behind them and the two charts."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import ProgressStatus, Review
from organizations.models import Organization
from reports import charts
from reports.document import Chart, Document, Letterhead, Section, Table, default_recipients
from reports.period_report import PeriodFigures, compute, date_text, parties_text
from reports.periods import Period

NONE = _("Không có.")


def build(period: Period, *, region=None, partner_kind: str = "", issued_on: datetime.date | None = None) -> Document:
    figures = compute(period, region=region, partner_kind=partner_kind)
    return document(figures, region=region, partner_kind=partner_kind, issued_on=issued_on or timezone.localdate())


def scope_text(region, partner_kind) -> str:
    parts = []
    if region is not None:
        parts.append(_("địa bàn %(region)s") % {"region": region.name})
    if partner_kind:
        parts.append(_("đối tác là %(kind)s") % {"kind": Organization.Kind(partner_kind).label})
    return ", ".join(parts)


def document(figures: PeriodFigures, *, region, partner_kind, issued_on) -> Document:
    period = figures.period
    scope = scope_text(region, partner_kind)
    subject = _("Kết quả thực hiện các chương trình phối hợp %(period)s") % {"period": period.label}
    intro = _(
        "Báo cáo tổng hợp các chương trình phối hợp đã công bố trên cổng thông tin, kỳ báo cáo %(period)s "
        "(từ ngày %(start)s đến ngày %(end)s)%(scope)s."
    ) % {
        "period": period.label,
        "start": date_text(period.start),
        "end": date_text(period.end),
        "scope": f"; {scope}" if scope else "",
    }
    status_counts = figures.status_counts()
    midterm = sum(1 for review in figures.reviews if review.kind == Review.Kind.MIDTERM)
    final = len(figures.reviews) - midterm
    summary = Table(
        "Tổng hợp",
        _("Bảng 1. Tổng hợp số liệu"),
        [_("STT"), _("Chỉ tiêu"), _("Số lượng")],
        [
            ["1", _("Chương trình ký kết trong kỳ"), len(figures.signed)],
            ["2", _("Chương trình đang thực hiện trong kỳ"), len(figures.active)],
            ["3", _("Chương trình kết thúc trong kỳ"), len(figures.ended)],
            ["3.1", _("– đã tổng kết"), len(figures.ended_with_final_review)],
            ["3.2", _("– chưa tổng kết"), len(figures.ended_without_final_review)],
            ["4", _("Chương trình sẽ kết thúc trong 12 tháng tới"), len(figures.ending_soon)],
            ["5", _("Hội nghị sơ kết, tổng kết đã tổ chức"), len(figures.reviews)],
            ["5.1", _("– sơ kết"), midterm],
            ["5.2", _("– tổng kết"), final],
            ["6", _("Nội dung phối hợp của các chương trình đang thực hiện"), len(figures.commitments)],
            *[
                [f"6.{index}", f"– {ProgressStatus(status).label.lower()}", count]
                for index, (status, count) in enumerate(status_counts.items(), start=1)
            ],
            ["7", _("Bài viết về các chương trình đăng trong kỳ"), len(figures.articles)],
        ],
        widths=[1.8, 8, 2.2],
    )
    programme_columns = [_("STT"), _("Tên chương trình"), _("Giai đoạn"), _("Các bên tham gia")]

    def programme_rows(programmes):
        return [[i, p.title, str(p.period_display), parties_text(p)] for i, p in enumerate(programmes, start=1)]

    signed = Table(
        "Ký kết",
        _("Bảng 2. Chương trình ký kết trong kỳ"),
        [_("STT"), _("Tên chương trình"), _("Số hiệu"), _("Ngày ký"), _("Giai đoạn"), _("Các bên tham gia")],
        [
            [i, p.title, p.reference_number, date_text(p.signing_date), str(p.period_display), parties_text(p)]
            for i, p in enumerate(figures.signed, start=1)
        ],
        NONE,
        widths=[1.8, 6, 2.6, 3.8, 2.4, 5],
    )
    active = Table(
        "Đang thực hiện",
        _("Bảng 3. Chương trình đang thực hiện trong kỳ"),
        programme_columns,
        programme_rows(figures.active),
        NONE,
        widths=[1.8, 9, 2.4, 7],
    )
    ended = Table(
        "Kết thúc",
        _("Bảng 4. Chương trình kết thúc trong kỳ"),
        [_("STT"), _("Tên chương trình"), _("Giai đoạn"), _("Tổng kết")],
        [
            [
                i,
                p.title,
                str(p.period_display),
                _("Đã tổng kết ngày %(date)s") % {"date": date_text(held_on)} if held_on else _("Chưa tổng kết"),
            ]
            for i, (p, held_on) in enumerate(figures.ended, start=1)
        ],
        NONE,
        widths=[1.8, 10, 2.4, 5.5],
    )
    ending_soon = Table(
        "Sắp kết thúc",
        _("Bảng 5. Chương trình sẽ kết thúc trong 12 tháng tới (đến ngày %(date)s)")
        % {"date": date_text(period.twelve_months_later)},
        [_("STT"), _("Tên chương trình"), _("Giai đoạn"), _("Kết thúc ngày"), _("Các bên tham gia")],
        [
            [i, p.title, str(p.period_display), date_text(p.end_date), parties_text(p)]
            for i, p in enumerate(figures.ending_soon, start=1)
        ],
        NONE,
        widths=[1.8, 7.5, 2.4, 3.8, 5.5],
    )
    reviews = Table(
        "Sơ kết - tổng kết",
        _("Bảng 6. Hội nghị sơ kết, tổng kết tổ chức trong kỳ"),
        [_("STT"), _("Ngày"), _("Hình thức"), _("Chương trình"), _("Địa điểm")],
        [
            [i, date_text(r.date), r.get_kind_display(), r.programme.title, r.venue]
            for i, r in enumerate(figures.reviews, start=1)
        ],
        NONE,
        widths=[1.8, 3.8, 2.4, 8.5, 5],
    )
    commitments = Table(
        "Nội dung phối hợp",
        _("Bảng 7. Tình trạng các nội dung phối hợp đến ngày %(date)s") % {"date": date_text(period.end)},
        [_("STT"), _("Chương trình"), _("Nội dung phối hợp"), _("Tình trạng")],
        [
            [i, p.title, f"{number}. {title}", ProgressStatus(status).label]
            for i, (p, number, title, status) in enumerate(figures.commitments, start=1)
        ],
        NONE,
        widths=[1.8, 7, 8, 3.5],
    )
    articles = Table(
        "Bài viết",
        _("Bảng 8. Bài viết về các chương trình đăng trong kỳ"),
        [_("STT"), _("Ngày đăng"), _("Tiêu đề"), _("Chương trình")],
        [
            [i, date_text(timezone.localtime(a.published_at)), a.title, article_programmes(a)]
            for i, a in enumerate(figures.articles, start=1)
        ],
        NONE,
        widths=[1.8, 3.8, 9, 7],
    )

    years = list(figures.signed_by_year)
    kinds = [
        kind for kind in Organization.Kind.values if any(kind in counts for counts in figures.signed_by_year.values())
    ]
    signed_chart = Chart(
        _("Chương trình ký kết theo năm, theo loại đối tác"),
        charts.stacked_columns(
            _("Chương trình ký kết theo năm, theo loại đối tác"),
            [str(year) for year in years],
            [
                (Organization.Kind(kind).label, [figures.signed_by_year[y].get(kind, 0) for y in years])
                for kind in kinds
            ],
        ),
    )
    status_chart = Chart(
        _("Nội dung phối hợp theo tình trạng đến ngày %(date)s") % {"date": date_text(period.end)},
        charts.horizontal_bars(
            _("Nội dung phối hợp theo tình trạng"),
            [(ProgressStatus(s).label, n, charts.STATUS_COLOURS[s]) for s, n in status_counts.items()],
        ),
    )

    ended_text = _(
        "Trong kỳ có %(ended)s chương trình kết thúc, trong đó %(with)s chương trình đã tổng kết, "
        "%(without)s chương trình chưa tổng kết; %(soon)s chương trình sẽ kết thúc trong 12 tháng tới."
    ) % {
        "ended": len(figures.ended),
        "with": len(figures.ended_with_final_review),
        "without": len(figures.ended_without_final_review),
        "soon": len(figures.ending_soon),
    }
    overview = _(
        "Trong kỳ có %(signed)s chương trình được ký kết, %(active)s chương trình đang thực hiện, "
        "%(reviews)s hội nghị sơ kết, tổng kết và %(articles)s bài viết về các chương trình."
    ) % {
        "signed": len(figures.signed),
        "active": len(figures.active),
        "reviews": len(figures.reviews),
        "articles": len(figures.articles),
    }
    notice = ""
    if figures.is_empty:
        notice = _(
            "Kỳ báo cáo %(period)s không có số liệu: không có chương trình nào ký kết, đang thực hiện hay kết thúc, "
            "không có hội nghị sơ kết, tổng kết và không có bài viết nào. Hãy chọn kỳ khác hoặc bỏ bớt điều kiện lọc."
        ) % {"period": period.label}
    sections = [
        Section(_("I. TỔNG HỢP SỐ LIỆU"), [intro, overview, ended_text], [summary], [signed_chart, status_chart]),
        Section(_("II. CHƯƠNG TRÌNH KÝ KẾT VÀ ĐANG THỰC HIỆN"), [], [signed, active]),
        Section(_("III. CHƯƠNG TRÌNH KẾT THÚC VÀ SẮP KẾT THÚC"), [], [ended, ending_soon]),
        Section(_("IV. SƠ KẾT, TỔNG KẾT VÀ TÌNH TRẠNG NỘI DUNG PHỐI HỢP"), [], [reviews, commitments]),
        Section(_("V. THÔNG TIN, TUYÊN TRUYỀN"), [], [articles]),
    ]
    return Document(
        letterhead=Letterhead.of_host(issued_on),
        title=_("BÁO CÁO"),
        subject=subject,
        sections=sections,
        notice=notice,
        recipients=default_recipients(),
        filename=f"bao-cao-{period.start:%Y%m%d}-{period.end:%Y%m%d}",
    )


def article_programmes(article) -> str:
    titles = [programme.title for programme in article.programmes.all()]
    if article.review_id and article.review.programme.title not in titles:
        titles.append(article.review.programme.title)
    return "; ".join(titles)
