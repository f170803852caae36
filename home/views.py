from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from agreements.models import Party, Programme
from core.site_address import absolute_url
from news.models import Article
from organizations.models import Organization

HOME_LATEST = 8
HOME_PROGRAMMES = 6
HOME_MEMBERS = 24


def home(request):
    articles = Article.objects.published().for_list().select_related("category")
    featured = articles.filter(is_featured=True).first()
    latest = articles.exclude(pk=featured.pk) if featured else articles
    parties = Party.objects.select_related("organization").order_by("order", "pk")
    context = {
        "featured": featured,
        "latest": list(latest[:HOME_LATEST]),
        "active_programmes": Programme.objects.published()
        .active()
        .prefetch_related(Prefetch("parties", queryset=parties))
        .order_by("-start_year", "title")[:HOME_PROGRAMMES],
        "members": Organization.objects.published().members().order_by("name")[:HOME_MEMBERS],
    }
    return render(request, "home.html", context)


@require_safe
def about_english(request):
    """/en/: who runs the portal and how to reach them, in English (built from the host organization's
    record, shown by the footer), and what the portal holds."""
    context = {
        "counts": {
            "articles": Article.objects.published().count(),
            "programmes": Programme.objects.published().count(),
            "organizations": Organization.objects.published().count(),
        }
    }
    return render(request, "kpportal/about_en.html", context)


def robots_txt(request):
    text = loader.render_to_string("kpportal/robots.txt", {"sitemap_url": absolute_url(reverse("sitemap"), request)})
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers ask for /favicon.ico on their own; answer without an error until the site has an icon file."""
    host = Organization.objects.host()
    if host and host.logo:
        return HttpResponseRedirect(host.logo.url)
    return HttpResponse(status=204)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No context processors: this page must render even when the database is what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
