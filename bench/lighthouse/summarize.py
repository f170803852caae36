"""The Lighthouse table of bench/README.md from the JSON reports bench/lighthouse/run wrote:
the median of the runs of each page and form factor."""

import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = ("home", "article", "programmes")


def measures(report):
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        **{name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES},
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "css": sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") == "Stylesheet") / 1024,
        "js": sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") == "Script") / 1024,
        "bytes": sum(r.get("transferSize", 0) for r in requests) / 1024,
        "failed": [
            a["id"]
            for a in audits.values()
            if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") == "binary"
        ],
    }


def main(folder):
    runs = defaultdict(list)
    for path in sorted(Path(folder).glob("*-*-*.json")):
        page, form, _run = path.stem.rsplit("-", 2)
        report = json.loads(path.read_text())
        if report.get("runtimeError") or any(report["categories"][name]["score"] is None for name in CATEGORIES):
            print(f"{path.name}: Lighthouse could not measure this run, left out", file=sys.stderr)
            continue
        runs[page, form].append(measures(report))
    print("| page | form | perf. | a11y | best pr. | SEO | FCP s | LCP s | TBT ms | CLS | CSS KB | JS KB | all KB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page in PAGES:
        for form in ("mobile", "desktop"):
            found = runs.get((page, form))
            if not found:
                continue
            m = {key: statistics.median(r[key] for r in found) for key in found[0] if key != "failed"}
            print(
                f"| {page} | {form} | {m['performance']:.0f} | {m['accessibility']:.0f} | {m['best-practices']:.0f} "
                f"| {m['seo']:.0f} | {m['fcp']:.2f} | {m['lcp']:.2f} | {m['tbt']:.0f} | {m['cls']:.3f} "
                f"| {m['css']:.1f} | {m['js']:.1f} | {m['bytes']:.0f} |"
            )
    failed = sorted({audit for found in runs.values() for r in found for audit in r["failed"]})
    print(f"\nAudits failed in some run: {', '.join(failed) or 'none'}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results/lighthouse")
