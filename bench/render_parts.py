"""Where an uncached article render spends its time, part by part, in one process on the bench data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kpportal_bench \\
        .venv/bin/python bench/render_parts.py [--repeat 300] [--profile 40]

Runs the production settings (``bench.settings``) with the page cache off, a Redis cache if
``REDIS_URL`` is set (the local-memory cache otherwise), the static files collected into a
temporary folder, and times, best of ``--repeat`` (the median is printed too):

- the whole request through Django's WSGI handler and every middleware, and the minimal view
  through the same stack (what middleware and the handler cost alone);
- each part the article page is made of, called as the view and the template call it: the
  article's query with its prefetches, "Tin khác", the host organization, the view's context,
  and the template rendered from an already evaluated context.

``--profile N`` also prints the N costliest functions of the whole request under cProfile.
Nothing is written to the database.
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def environment(static_root):
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kpportal_bench")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SITE_URL="http://127.0.0.1:8000",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_CONN_MAX_AGE="600",
        DJANGO_LOG_LEVEL="WARNING",
        KP_PAGE_CACHE="0",
    )
    os.environ.setdefault("DJANGO_CACHE_KEY_PREFIX", f"kp-render-parts-{os.getpid()}")


def timed(function, repeat):
    """(best, median, median CPU) milliseconds of ``function()`` over ``repeat`` calls, after two
    warm-up calls. The CPU time is this process's alone (not PostgreSQL's or Redis's): on shared,
    busy cores it varies far less than the elapsed time."""
    function()
    function()
    samples, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return min(samples), statistics.median(samples), statistics.median(cpu)


def wsgi_get(application, path):
    """A GET through the WSGI handler as gunicorn makes it (HTTPS from the proxy); returns the body."""
    import io

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_X_FORWARDED_PROTO": "https",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    body = b"".join(application(environ, lambda s, headers, exc_info=None: status.append(s)))
    if not status[0].startswith("200"):
        raise RuntimeError(f"{path}: {status[0]}")
    return body


def generation_read():
    """The fragment cache's one read per rendered request, where the code has one."""
    try:
        from core.fragments import read_generation
    except ImportError:
        return []
    return [("content generation read (core.fragments)", read_generation)]


class QueryCounter:
    """An execute wrapper counting SQL statements (the handler empties ``connection.queries`` per request)."""

    count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def parts(article_path, repeat):
    """{part: (best ms, median ms, median CPU ms, SQL queries)}."""
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.template.loader import get_template
    from django.test import RequestFactory
    from django.urls import resolve

    from news import views
    from organizations.models import Organization

    application = get_wsgi_application()
    match = resolve(article_path)
    request = RequestFactory().get(article_path, HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    request.resolver_match = match
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    view = views.ArticleDetailView()
    view.setup(request, **match.kwargs)

    def article_query():
        return view.get_object()

    article = article_query()
    view.object = article
    programmes = list(article.programmes.all())

    def other():
        # The same request each time: the shared lists are kept as on every render after the first.
        return list(views.other_articles(request, article, programmes))

    def host():
        return Organization.objects.host()

    def context():
        return view.get_context_data(object=article)

    template = get_template("news/article_detail.html")
    evaluated = context()
    evaluated["other_articles"] = list(evaluated["other_articles"])

    def render():
        return template.render(evaluated, request)

    measured = {}
    for name, function in (
        ("whole request (WSGI, every middleware)", lambda: wsgi_get(application, article_path)),
        ("minimal view (WSGI, every middleware)", lambda: wsgi_get(application, "/bench/minimal/")),
        ("article query (get_object, with its prefetches if any)", article_query),
        ('"Tin khác" (6 links, shared lists kept)', other),
        ("host organization", host),
        ("view context (get_context_data: what it reads, Tin khác too)", context),
        ("template (context already evaluated)", render),
        *generation_read(),
    ):
        with connection.execute_wrapper(counter := QueryCounter()):
            function()
        measured[name] = (*timed(function, repeat), counter.count)
    return measured, application


def profile(application, article_path, repeat, top):
    import cProfile
    import pstats

    profiler = cProfile.Profile(time.process_time)  # CPU time: what the busy shared cores do not distort
    profiler.enable()
    for _ in range(repeat):
        wsgi_get(application, article_path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--path", help="the article's address (default: the one bench/pages.py picks)")
    parser.add_argument("--static-root", help="collected static files to reuse (collected there if missing)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(BASE_DIR))
    with tempfile.TemporaryDirectory(prefix="kp-render-parts-") as temporary:
        static_root = Path(args.static_root or temporary)
        environment(static_root)
        if not (static_root / "staticfiles.json").exists():
            command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
            subprocess.run(command, cwd=BASE_DIR, check=True)
        import django

        django.setup()
        from bench.pages import benchmark_pages

        path = args.path or benchmark_pages()["article"]
        measured, application = parts(path, args.repeat)
        print(f"{path}, best and median of {args.repeat} calls")
        print(f"{'part':<62} {'best ms':>8} {'median':>8} {'CPU ms':>8} {'SQL':>4}")
        for name, (best, middle, cpu, queries) in measured.items():
            print(f"{name:<62} {best:8.2f} {middle:8.2f} {cpu:8.2f} {queries:4d}")
        if args.profile:
            profile(application, path, args.repeat, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
