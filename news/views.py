import functools
import json

from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.db.models import BooleanField, CharField, Count, Expression, IntegerField, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView
from django_ratelimit.decorators import ratelimit

from agreements.models import Party, Programme
from core import fragments, site_address
from core.client import client_ip
from core.pagination import LenientPaginationMixin
from core.printable import PRINTED_VERSION_PARAMETER
from core.query_parameters import cache_key_parameters
from core.stable_urls import CanonicalSlugMixin, permanent_redirect
from news.forms import CommentForm, FeedbackForm
from news.models import Article, ArticleImage, Category, Comment
from organizations.context_processors import host_organization
from organizations.models import Organization

ARTICLES_PER_PAGE = 12
OTHER_ARTICLES = 6
COMMENT_RATE = "5/10m"
FEEDBACK_RATE = "3/10m"
RATE_LIMITED = "Bạn đã gửi quá nhiều lần trong ít phút. Xin vui lòng thử lại sau."


def client_address(group, request):
    """django-ratelimit key: the visitor's address as the whole site sees it (trusted proxies counted)."""
    return client_ip(request) or "unknown"


@functools.lru_cache(maxsize=8)
def _blank_comment_form_html(language):
    return render_crispy_form(CommentForm())


def blank_comment_form_html():
    """The empty comment form as ``{% crispy comment_form %}`` renders it, rendered once per
    process and language: it holds nothing of the article or the reader (the CSRF token is
    outside it), and crispy's templates were a sixth of an article's render."""
    return _blank_comment_form_html(translation.get_language())


def categories_with_public_counts():
    """Categories holding at least one public article, with ``public_count``."""
    counts = (
        Article.objects.published()
        .filter(category=OuterRef("pk"))
        .order_by()
        .values("category")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Category.objects.annotate(public_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)).filter(
        public_count__gt=0
    )


class ArticleQuerysetMixin:
    """What the current visitor may see: published articles, or everything for staff (preview)."""

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_page().select_related("category")


class ArticleListView(LenientPaginationMixin, ListView):
    """Public lists show published articles only, staff included: a list is what readers see."""

    paginate_by = ARTICLES_PER_PAGE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_list().select_related("category")

    def get_context_data(self, **kwargs):
        return super().get_context_data(categories=categories_with_public_counts(), **kwargs)


class CategoryArticleListView(ArticleListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


# What the programme box shows of a programme and of each party's organization, in one query.
BOX_PROGRAMME_FIELDS = ("pk", "title", "slug", "start_year", "end_year")
BOX_PARTY_FIELDS = (
    "parties__pk",
    "parties__role",
    "parties__organization_id",
    "parties__organization__name",
    "parties__organization__short_name",
    "parties__organization__slug",
    "parties__organization__is_published",
)
BOX_ORGANIZATION_COLUMNS = ["id", "name", "short_name", "slug", "is_published"]


def from_row(model, db, values):
    """An instance of ``model`` made as the ORM makes one from a row (``Model.from_db``, cheaper than
    keyword arguments), with ``values`` {column: value}; every other field is deferred, so reading one
    would show as a query instead of a silent default."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


def box_programmes(request, article):
    """The programmes whose boxes the article page shows. Where fragments are kept (``core.fragments``)
    each programme's box is one, the same on every article page of the programme, and which of an
    article's programmes are published, in order, is one for every article linked to the same
    programmes: an article page then reads no programme at all. Otherwise one query reads the boxes."""
    linked = id_list(article.programme_ids)  # annotated by ArticleDetailView.get_queryset
    if not linked:
        return []
    if not fragments.is_kept(request):
        return programmes_for_box(articles=article)
    pks = linked
    if len(linked) > 1:
        pks = fragments.get_or_make(request, "news:published-programmes", lambda: published_in_order(linked), *linked)
    boxes = []
    for pk in pks:
        boxes += fragments.get_or_make(request, "news:programme-box", lambda pk=pk: programmes_for_box(pk=pk), pk)
    return boxes


def published_in_order(pks):
    """The published programmes among ``pks``, in the order of their boxes."""
    programmes = Programme.objects.published().filter(pk__in=pks).order_by(*Programme._meta.ordering, "pk")
    return list(programmes.values_list("pk", flat=True))


def programmes_for_box(**which):
    """The published programmes ``which`` selects (``articles=`` an article, or ``pk=``), each with
    ``box_parties`` in order: what its programme box shows and nothing more, in one query (a LEFT JOIN,
    one row per party) instead of a prefetch of the programmes and another of their parties, each of
    which cost more in the ORM than in PostgreSQL."""
    rows = (
        Programme.objects.published()
        .filter(**which)
        .order_by(*Programme._meta.ordering, "pk", "parties__order", "parties__pk")
        .values_list(*BOX_PROGRAMME_FIELDS, *BOX_PARTY_FIELDS)
    )
    programmes = {}
    for pk, title, slug, start_year, end_year, party_pk, role, organization_pk, *organization in rows:
        programme = programmes.get(pk)
        if programme is None:
            values = {"id": pk, "title": title, "slug": slug, "start_year": start_year, "end_year": end_year}
            programme = programmes[pk] = from_row(Programme, rows.db, {**values, "is_published": True})
            programme.box_parties = []
        if party_pk is not None:
            columns = dict(zip(BOX_ORGANIZATION_COLUMNS, (organization_pk, *organization), strict=True))
            holder = from_row(Organization, rows.db, columns)
            party = from_row(Party, rows.db, {"id": party_pk, "role": role})
            party.programme, party.organization = programme, holder
            programme.box_parties.append(party)
    return list(programmes.values())


def has_rows(model, column, *, approved=False, programmes=()):
    """``EXISTS`` a row of ``model`` whose ``column`` is the article's id (and, with ``approved``, that
    is approved; with ``programmes``, that links to one of those programme ids), as an annotation
    or a condition of an article query."""
    table, article = model._meta.db_table, Article._meta.db_table
    condition = f' AND "{table}"."is_approved"' if approved else ""
    if programmes:
        condition += f' AND "{table}"."programme_id" IN ({", ".join(["%s"] * len(programmes))})'
    return RawSQL(
        f'EXISTS (SELECT 1 FROM "{table}" WHERE "{table}"."{column}" = "{article}"."id"{condition})',
        list(programmes),
        output_field=BooleanField(),
    )


def other_articles(request, article, programmes):
    """ "Tin khác": newest public articles of the same programmes or category, never the article itself.

    Where fragments are kept (``core.fragments``), each category's and each programme's newest
    articles are a fragment shared by every article page of that category or programme, and the
    box is their merge: the newest of a union are among the newest of its parts. Otherwise one query."""
    if not fragments.is_kept(request):
        related = Q(category_id=article.category_id)
        if programmes:
            # EXISTS a link to one of the programmes, in SQL: the ORM's Exists() cost 0.3 ms to build.
            related |= Q(has_rows(Article.programmes.through, "article_id", programmes=[p.pk for p in programmes]))
        return list(
            Article.objects.published()
            .filter(related)
            .exclude(pk=article.pk)
            .only("title", "slug", "published_at")[:OTHER_ARTICLES]
        )
    candidates = {}
    groups = [("category_id", article.category_id)] + [("programmes", programme.pk) for programme in programmes]
    for field, value in groups:
        for other in newest_articles(request, field, value):
            candidates[other.pk] = other
    candidates.pop(article.pk, None)
    return sorted(candidates.values(), key=lambda other: (other.published_at, other.pk), reverse=True)[:OTHER_ARTICLES]


def newest_articles(request, field, value):
    """The newest public articles with ``field`` = ``value`` (a category, or a programme they belong
    to): one more than "Tin khác" shows, since the article itself may be among them."""

    def make():
        published = Article.objects.published().filter(**{field: value})
        return tuple(published.only("title", "slug", "published_at")[: OTHER_ARTICLES + 1])

    return fragments.get_or_make(request, "news:newest-articles", make, field, value, until_scheduled_change=True)


class LinkedIds(Expression):
    """The ``linked`` column (an id) of the rows of ``model`` whose ``column`` is the article's id, joined
    with commas ("3,17"; NULL for none) by the database's string aggregate, as an annotation of an
    article query: which programmes an article links to, read with the article itself."""

    output_field = CharField()

    def __init__(self, model, column, linked):
        super().__init__()
        self.model, self.column, self.linked = model, column, linked

    def sql(self, aggregate):
        table, article = self.model._meta.db_table, Article._meta.db_table
        return f'(SELECT {aggregate} FROM "{table}" WHERE "{table}"."{self.column}" = "{article}"."id")', []

    def as_sql(self, compiler, connection):  # SQLite
        return self.sql(f'GROUP_CONCAT("{self.linked}")')

    def as_postgresql(self, compiler, connection):
        return self.sql(f"STRING_AGG(\"{self.linked}\"::text, ',')")


def id_list(joined):
    """[3, 17] from "3,17" (``LinkedIds``), in increasing order; [] from NULL."""
    return sorted(int(pk) for pk in joined.split(",")) if joined else []


def json_for_script(data):
    """JSON safe inside <script>: "<", ">" and "&" escaped as in Django's json_script, so a title
    holding "</script>" cannot end the element."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026"))


def absolute(site_url, url):
    return url if url.startswith(("http://", "https://")) else f"{site_url}{url}"


def news_article_data(article, *, site_url, host, images):
    """schema.org NewsArticle for search engines."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "inLanguage": "vi",
        "mainEntityOfPage": absolute(site_url, article.get_absolute_url()),
        "articleSection": article.category.name,
    }
    if article.published_at:
        data["datePublished"] = timezone.localtime(article.published_at).isoformat()
    if article.updated_at:
        data["dateModified"] = timezone.localtime(article.updated_at).isoformat()
    if article.byline:
        data["author"] = [{"@type": "Person", "name": article.byline}]
    if host:
        data["publisher"] = {"@type": "Organization", "name": host.name, "url": site_url + "/"}
        if host.logo:
            data["publisher"]["logo"] = {"@type": "ImageObject", "url": absolute(site_url, host.logo.url)}
    if images:
        data["image"] = [absolute(site_url, image.url) for image in images]
    return {key: value for key, value in data.items() if value not in (None, "")}


@cache_key_parameters(PRINTED_VERSION_PARAMETER)  # ?ban-in=: the printed version (QR code)
class ArticleDetailView(ArticleQuerysetMixin, CanonicalSlugMixin, DetailView):
    def get_queryset(self):
        # Whether there is anything to read at all: most articles have no gallery, no programme and
        # no approved comment, and a query not made is the cheapest (each costs more in the ORM than
        # in PostgreSQL). Written as SQL: three Exists() subqueries cost the ORM 0.8 ms per page to
        # build, these nothing; a programme link may be to an unpublished programme (the box then reads none).
        return (
            super()
            .get_queryset()
            .annotate(
                has_images=has_rows(ArticleImage, "article_id"),
                programme_ids=LinkedIds(Article.programmes.through, "article_id", "programme_id"),
                has_comments=has_rows(Comment, "article_id", approved=True),
            )
        )

    def get_context_data(self, **kwargs):
        article = self.object
        programmes = box_programmes(self.request, article)
        images = list(article.images.all()) if article.has_images else []
        comments = list(article.comments.approved()) if article.has_comments else []
        site_url = site_address.site_url(self.request)
        pictures = ([article.cover_image] if article.cover_image else []) + [image.image for image in images]
        # ``comment_form``: only when a posted comment comes back with errors (never a cached page);
        # otherwise the page links to CommentFormView, so that the cached page holds no CSRF token.
        return super().get_context_data(
            programmes=programmes,
            images=images,
            other_articles=other_articles(self.request, article, programmes),
            comments=comments,
            is_public=article.is_public(),
            canonical_url=absolute(site_url, article.get_absolute_url()),
            og_image=absolute(site_url, pictures[0].url) if pictures else "",
            json_ld=json_for_script(
                news_article_data(article, site_url=site_url, host=host_organization(self.request), images=pictures[:3])
            ),
            **kwargs,
        )

    @method_decorator(ratelimit(key=client_address, rate=COMMENT_RATE, method="POST", block=False))
    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_public():
            raise Http404("Bài viết chưa xuất bản không nhận bình luận.")
        form = CommentForm(request.POST)
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(None, RATE_LIMITED)
            return self.render_to_response(self.get_context_data(comment_form=form), status=429)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(comment_form=form))
        if not form.is_spam:
            comment = form.save(commit=False)
            comment.article = self.object
            comment.ip_address = client_ip(request)
            comment.save()
        messages.success(request, "Cảm ơn bạn! Bình luận sẽ hiện dưới bài sau khi ban biên tập duyệt.")
        return redirect(f"{self.object.get_absolute_url()}#binh-luan")


@method_decorator(never_cache, name="dispatch")
class CommentFormView(DetailView):
    """The comment form of a published article with the reader's CSRF token, on a page of its own
    that neither the page cache nor a browser keeps: the cached article page links here (and
    static/js/portal.js fetches the form from here into it). The form posts to the article page
    (ArticleDetailView.post), which shows it again with the reader's input when it has errors."""

    template_name = "news/comment_form_page.html"
    context_object_name = "article"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return Article.objects.published().only("title", "slug", "published_at", "status")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            return permanent_redirect(request, self.object.get_comment_url())
        context = self.get_context_data(comment_form=CommentForm(), comment_form_html=blank_comment_form_html())
        return self.render_to_response(context)


@method_decorator(never_cache, name="dispatch")
class FeedbackView(FormView):
    """ "Gửi ban biên tập": a message stored for the editorial board, read in the admin. Never
    cached: the form carries the reader's CSRF token."""

    template_name = "news/feedback_form.html"
    form_class = FeedbackForm
    success_url = reverse_lazy("feedback")

    @method_decorator(ratelimit(key=client_address, rate=FEEDBACK_RATE, method="POST", block=False))
    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, RATE_LIMITED)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not form.is_spam:
            feedback = form.save(commit=False)
            feedback.ip_address = client_ip(self.request)
            feedback.save()
        messages.success(self.request, "Cảm ơn bạn! Ban biên tập đã nhận được thư và sẽ trả lời sớm.")
        return super().form_valid(form)
