"""How long the period report takes to build, and how much memory, over the bench data (3,000
programmes: bench/generate). Not a test: times depend on the machine; the tests count queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kpportal_bench \\
        .venv/bin/python bench/report_speed.py [--year 2020] [--repeat 3]

For each step (the data, the HTML page, DOCX, XLSX) the best of the repeats in seconds and the peak
of Python's memory during the step (tracemalloc), plus the rows of the largest tables."""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpportal.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kpportal_bench")
os.environ.setdefault("DJANGO_DEBUG", "0")

import django

django.setup()

from django.template.loader import render_to_string  # noqa: E402

from agreements.models import Programme  # noqa: E402
from reports import period_document  # noqa: E402
from reports.docx_writer import write_docx  # noqa: E402
from reports.periods import Period  # noqa: E402
from reports.xlsx_writer import write_xlsx  # noqa: E402


def measure(step, repeat):
    """Best time of ``repeat`` untraced runs, then one run under tracemalloc for the peak (tracing slows it)."""
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = step()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    tracemalloc.start()
    step()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    period = Period.year(args.year)
    print(f"programmes in the database: {Programme.objects.count():,}; period: {period.label}")
    seconds, peak, document = measure(lambda: period_document.build(period), args.repeat)
    rows = {table.key: len(table.rows) for table in document.tables()}
    print(f"rows per table: {rows}")
    print(f"{'step':<12}{'seconds':>10}{'peak MB':>10}{'bytes':>12}")
    print(f"{'data':<12}{seconds:>10.2f}{peak / 2**20:>10.1f}{'':>12}")
    steps = {
        "html": lambda: render_to_string("reports/report_print.html", {"document": document, "query": ""}),
        "docx": lambda: write_docx(document),
        "xlsx": lambda: write_xlsx(document),
    }
    for name, step in steps.items():
        seconds, peak, output = measure(step, args.repeat)
        print(f"{name:<12}{seconds:>10.2f}{peak / 2**20:>10.1f}{len(output):>12,}")
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
