"""A second portal process for the cross-process cache tests (run by test_shared_cache.py, not by pytest).

It reads one JSON command per line on stdin and answers one JSON line on stdout:

    {"get": "/tin-tuc/"}                          -> {"status": 200, "cache": "hit", "body": "..."}
    {"rename_article": 3, "title": "Tiêu đề mới"} -> {"ok": true}

Settings come from the environment the test gives it: DATABASE_URL (the test's database),
REDIS_URL and DJANGO_CACHE_KEY_PREFIX (the test's own part of the shared Redis).
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpportal.settings.test")


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from news.models import Article

    settings.PAGECACHE_ENABLED = True  # off in the test settings; this process is a real portal
    client = Client()
    for line in sys.stdin:
        command = json.loads(line)
        if "get" in command:
            response = client.get(command["get"])
            client.cookies.clear()
            answer = {
                "status": response.status_code,
                "cache": response.headers.get("X-Page-Cache"),
                "body": response.content.decode(),
            }
        elif "rename_article" in command:
            article = Article.objects.get(pk=command["rename_article"])
            article.title = command["title"]
            article.save()
            answer = {"ok": True}
        else:
            answer = {"error": f"unknown command {command}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
