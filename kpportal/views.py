from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from agreements.models import Programme
from news.models import Article
from organizations.models import Organization


def home(request):
    articles = Article.objects.published().select_related("category")
    context = {
        "featured": articles.filter(is_featured=True).first(),
        "latest": articles[:8],
        "active_programmes": Programme.objects.published().active().order_by("-start_year", "title")[:6],
        "members": Organization.objects.members().order_by("name")[:24],
    }
    return render(request, "home.html", context)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No context processors: this page must render even when the database is what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
