"""How long the importer's rules take on large pastes (issue 17: under one second at 20,000 characters).

    .venv/bin/python bench/importer_speed.py            # prints one line per paste, the slowest last

Pastes: our own corpus articles joined up to 20,000 characters (plain text and as HTML), one 20,000-
character paragraph without a full stop, a list of 400 organizations, 300 names with positions, and the
1 MB paste the review form refuses (timed through the rules anyway, to see what a refusal saves), and
the longest own article read against a directory of 1,000 known organizations.
Each is read ``--repeat`` times; the best and the worst time are printed. Pure Python, no database.
"""

import argparse
import html
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CORPUS = BASE_DIR / "tests" / "importer" / "corpus"


def pastes(size: int) -> dict[str, str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    joined = "\n\n".join(texts)
    while len(joined) < size:
        joined += "\n\n" + joined
    articles = joined[:size]
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in articles.split("\n\n"))
    organizations = ", ".join(f"Hội Khuyến học xã Số {i} huyện Kim Bảng" for i in range(400))
    people = "; ".join(f"ông Nguyễn Văn Số{i % 10}, Chủ tịch Hội Khuyến học xã Thứ {i}" for i in range(300))
    return {
        "own articles joined, text": articles,
        "own articles joined, HTML": f"<html><body><article>{paragraphs}</article></body></html>"[: size * 2],
        "one paragraph, no full stop": ("Hội Khuyến học tỉnh ký kết chương trình phối hợp với " * 400)[:size],
        "400 organizations in one sentence": (
            "Sáng 5/6, Hội Khuyến học tỉnh ký kết chương trình phối hợp với " + organizations + "."
        )[:size],
        "300 people with positions": ("Tham gia ký kết có: " + people + ".")[:size],
        "1 MB paste": (articles * (1_000_000 // len(articles) + 1))[:1_000_000],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000, help="characters per paste")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpportal.settings.test")
    import django

    django.setup()
    from importer import rules

    for name, text in pastes(args.size).items():
        report(name, text, lambda text=text: rules.extract_page(text), args.repeat)
    # One article at a time against a directory of 1,000 known organizations (3,000 names), as in the
    # admin of a large association; the directory's keys are computed once per process, before timing.
    known = [
        rules.KnownOrganization(i, f"Tổ chức {i}", (f"Hội Khuyến học xã Số {i}", f"Chi hội {i}", f"HKH{i}"))
        for i in range(1000)
    ]
    articles = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    rules.extract_article(articles[0], known=known)
    slowest = max(articles, key=len)
    report(
        "longest own article, 1,000 known orgs",
        slowest,
        lambda: rules.extract_article(slowest, known=known),
        args.repeat,
    )


def report(name, text, read, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    print(f"{name:<36} {len(text):>9,} chars   best {min(times) * 1000:8.1f} ms   worst {max(times) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
