"""Link previews: the Open Graph and Twitter card of every public page (templates/includes/social_meta.html).

Zalo, Facebook and the rest show a shared link as a card: a title, a description and a picture, read
from ``og:*`` and ``twitter:*`` tags in the page's head. Each page type gets its own card here, built
from what its view already put in the template context (no extra query: the programme's parties are
prefetched, an organization's logo and a category's description are fields), keyed by the name of
the URL the page was served on. A view or template may still set ``og_title``, ``og_description``,
``og_image`` or ``og_type`` in the context to override one part.

Pictures: the item's own picture (an article's cover) makes a large card; otherwise the organization's
logo (the programme's lead party, the organization itself, the host association) or the site's own
default picture (static/img/chia-se.png) in a small card.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from core.site_address import site_url
from core.text import truncate_chars

SITE_NAME = "Cổng thông tin Khuyến học"
DEFAULT_IMAGE = "img/chia-se.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
DESCRIPTION_CHARS = 200


@dataclass(frozen=True)
class Card:
    title: str
    description: str
    image: str = ""
    image_alt: str = ""
    large: bool = False  # the page's own picture: a large card ("summary_large_image")
    type: str = "website"
    locale: str = "vi_VN"
    image_size: tuple | None = None

    @property
    def twitter_card(self):
        return "summary_large_image" if self.large else "summary"


def clean_text(text, chars=DESCRIPTION_CHARS):
    return truncate_chars(re.sub(r"\s+", " ", str(text or "")).strip(), chars)


def absolute(url):
    """``url`` (a path such as /media/… or already absolute) on the site's public address."""
    return urljoin(site_url() + "/", url) if url else ""


def file_url(field):
    try:
        return absolute(field.url) if field else ""
    except ValueError:  # a file field without a file
        return ""


def site_name(host):
    return host.name if host else SITE_NAME


def site_description(host):
    return _(
        "%(site)s: tin tức, chương trình phối hợp và các tổ chức tham gia khuyến học, khuyến tài, "
        "xây dựng xã hội học tập."
    ) % {"site": site_name(host)}


def article_card(context, host):
    article = context["article"]
    card = {"title": article.title, "description": article.lead or article.title, "type": "article"}
    if article.cover_image:  # the picture the article page's view gives as og_image
        card["image_alt"] = article.cover_alt_text or article.cover_caption
    return card


def programme_card(context, host):
    programme = context["programme"]
    parties = list(programme.parties.all())  # prefetched by the programme page
    description = programme.summary or programme.objectives
    if not description:
        names = ", ".join(party.organization.display_name for party in parties)
        description = _("Chương trình phối hợp giai đoạn %(period)s") % {"period": programme.period_display}
        if names:
            description += _(" giữa %(names)s") % {"names": names}
        description += "."
    lead = next((party.organization for party in parties if party.organization.logo), None)
    return {"title": programme.title, "description": description, "logo_of": lead}


def organization_card(context, host):
    organization = context["organization"]
    description = organization.description
    if not description:
        where = f", {organization.region.name}" if organization.region_id else ""
        description = f"{organization.name}: {organization.get_kind_display()}{where}."
    return {"title": organization.name, "description": description, "logo_of": organization}


def category_card(context, host):
    category = context["category"]
    description = category.description or _(
        "Tin tức chuyên mục %(name)s về khuyến học, khuyến tài và xây dựng xã hội học tập."
    ) % {"name": category.name}
    return {"title": category.name, "description": description}


def search_card(context, host):
    query = context.get("query")
    text = getattr(query, "text", "")
    title = _("Tìm “%(text)s”") % {"text": clean_text(text, 60)} if text else _("Tìm kiếm")
    description = _("Tìm tin tức, chương trình phối hợp và tổ chức trên %(site)s, gõ có dấu hay không dấu đều được.")
    return {"title": title, "description": description % {"site": site_name(host)}}


def fixed(title, description):
    def card(context, host):
        return {"title": title, "description": description}

    return card


def english_card(context, host):
    return {
        "title": "About the portal and contact",
        "description": (
            f"{site_name(host)}: the Vietnamese study-promotion association's portal of news, cooperation "
            "programmes and member organizations; address and contacts in English."
        ),
        "locale": "en_US",
    }


CARDS = {
    "news:article-detail": article_card,
    "news:category": category_card,
    "news:article-list": fixed(
        _("Tin tức"), _("Tin tức về phong trào khuyến học, khuyến tài và xây dựng xã hội học tập, mới nhất trước.")
    ),
    "agreements:programme-detail": programme_card,
    "agreements:programme-list": fixed(
        _("Chương trình phối hợp"),
        _("Các chương trình phối hợp về khuyến học, khuyến tài: giai đoạn, tình trạng hiệu lực, các bên tham gia."),
    ),
    "agreements:programme-overview": fixed(
        _("Tổng quan chương trình phối hợp"),
        _("Số chương trình phối hợp đang hiệu lực, đã kết thúc và sắp bắt đầu, theo từng tỉnh, thành phố."),
    ),
    "organizations:organization-detail": organization_card,
    "organizations:organization-list": fixed(
        _("Tổ chức"),
        _("Danh bạ các tổ chức thành viên và đối tác trong công tác khuyến học, theo loại tổ chức và địa bàn."),
    ),
    "search": search_card,
    "feedback": fixed(
        _("Gửi ban biên tập"), _("Gửi tin, ảnh và ý kiến góp ý cho ban biên tập cổng thông tin khuyến học.")
    ),
    "about-en": english_card,
}


def page_card(context) -> Card:
    """The card of the page being rendered with ``context``."""
    host = context.get("host_organization")
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    build = CARDS.get(match.view_name) if match is not None else None
    parts = {"title": site_name(host), "description": site_description(host)}
    try:
        if build is not None:
            parts.update(build(context, host))
    except KeyError:  # a page named like one of ours without its object (an error page): the site's card
        pass
    logo_of = parts.pop("logo_of", None)
    for part in ("title", "description", "type"):
        if context.get(f"og_{part}"):
            parts[part] = context[f"og_{part}"]
    image, large, alt, size = "", False, "", None
    if context.get("og_image"):
        image, large = context["og_image"], True
        alt = parts.get("image_alt") or parts["title"]
    else:
        for organization in (logo_of, host):
            image = file_url(organization.logo) if organization is not None else ""
            if image:
                alt = _("Biểu trưng %(name)s") % {"name": organization.name}
                break
    if not image:
        image, alt, size = absolute(static(DEFAULT_IMAGE)), site_name(host), DEFAULT_IMAGE_SIZE
    return Card(
        title=clean_text(parts["title"], 150),
        description=clean_text(parts["description"]),
        image=image,
        image_alt=clean_text(alt, 150),
        large=large,
        type=parts.get("type", "website"),
        locale=parts.get("locale", "vi_VN"),
        image_size=size,
    )
