"""The benchmark's driver (run it through bench/run, which installs what it needs first).

Starts gunicorn on the production settings (plus /bench/minimal/, see bench/settings.py) over the
generated PostgreSQL data, twice: with the anonymous page cache on (Redis) and off. Drives each
page with wrk, bounded in time, measures the two baselines through the same server, reads the
workers' memory, and writes the table into bench/README.md (and the raw numbers into
bench/results.json). Every process it starts is stopped on every way out.
"""

import argparse
import datetime
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = BASE_DIR / ".venv" / "bin"
README = BASE_DIR / "bench" / "README.md"
RESULTS = BASE_DIR / "bench" / "results.json"
RESULTS_START, RESULTS_END = "<!-- results:start -->", "<!-- results:end -->"
PROXY_HEADER = ("X-Forwarded-Proto", "https")
STATIC_BASELINE = "bench-baseline/article.html"
MINIMAL = "/bench/minimal/"

TARGETS = {
    "cached_article_vs_static": 0.9,
    "uncached_article_vs_minimal": 0.08,
    "search_p99_ms": 100,
    "deep_page_vs_first": 1.5,
    "worker_rss_mb": 150,
    "article_html_kb": 60,
    "css_js_kb": 100,
}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_env(args, work: Path, prefix: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # The address the production settings require; the same one as before they did, so that
        # page sizes stay comparable with earlier runs.
        "DJANGO_SITE_URL": "http://127.0.0.1:8000",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DJANGO_CACHE_KEY_PREFIX": prefix,
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_STATIC_ROOT": str(work / "static"),
        # Persistent database connections, as a production deployment runs.
        "DJANGO_CONN_MAX_AGE": "600",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE_DIR),
    }


def run(command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=BASE_DIR, check=True, **kwargs)


class Server:
    """gunicorn, 2 sync workers, on 127.0.0.1:<free port>; stopped by ``stop()`` whatever happens."""

    def __init__(self, env, workers, pidfile: Path, logfile: Path):
        self.port = free_port()
        self.pidfile = pidfile
        self.log = open(logfile, "ab")
        command = [
            str(BIN / "gunicorn"),
            "kpportal.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--no-control-socket",
            "--pid",
            str(pidfile),
            "--timeout",
            "60",
        ]
        self.process = subprocess.Popen(command, env=env, cwd=BASE_DIR, stdout=self.log, stderr=self.log)
        self.url = f"http://127.0.0.1:{self.port}"
        self.wait_ready()

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            try:
                fetch(self.url + MINIMAL)
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within a minute")

    def worker_rss_mb(self):
        """Resident memory of each worker process, in MB."""
        children = subprocess.run(
            ["ps", "-o", "pid=,rss=", "--ppid", str(self.process.pid)], check=False, capture_output=True, text=True
        ).stdout.split()
        return [int(rss) / 1024 for rss in children[1::2]]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        self.pidfile.unlink(missing_ok=True)


@contextmanager
def server(env, workers, work: Path, name: str):
    started = Server(env, workers, work / f"gunicorn-{name}.pid", work / f"gunicorn-{name}.log")
    try:
        yield started
    finally:
        started.stop()


def fetch(url):
    request = urllib.request.Request(url, headers=dict([PROXY_HEADER]))
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url, args):
    # wrk's own request timeout is longer than any page takes: a slow page is measured, not dropped.
    command = ["timeout", str(args.duration + 60), "wrk", f"-t{args.threads}", f"-c{args.connections}"]
    command += [f"-d{args.duration}s", "--timeout", "30s", "--latency"]
    command += ["-H", f"{PROXY_HEADER[0]}: {PROXY_HEADER[1]}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _milliseconds(latency["50"]) if "50" in latency else float("nan"),
        "p99_ms": _milliseconds(latency["99"]) if "99" in latency else float("nan"),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
    }


def measure(url, args):
    """wrk's numbers for ``url``; a page so slow that wrk completes hardly any request in its time
    is timed with a few requests one after another instead."""
    measured = wrk(url, args)
    if measured["requests"] < 10 or math.isnan(measured["p99_ms"]):
        times = []
        for _ in range(3):
            started = time.monotonic()
            fetch(url)
            times.append((time.monotonic() - started) * 1000)
        times.sort()
        measured.update(rps=1000 / (sum(times) / len(times)), p50_ms=times[1], p99_ms=times[-1], sequential=True)
    return measured


def median(samples):
    """The sample with the median requests per second (its latencies with it)."""
    ordered = sorted(samples, key=lambda sample: sample["rps"])
    return {**ordered[len(ordered) // 2], "rounds": len(ordered)}


def measure_pages(env, work: Path):
    """Addresses, SQL queries and HTML bytes of the benchmark pages (bench/pages.py); the article's
    HTML becomes the static baseline file, of the same size, served by WhiteNoise."""
    baseline = work / "static" / STATIC_BASELINE
    baseline.parent.mkdir(parents=True, exist_ok=True)
    command = [str(BIN / "python"), "bench/pages.py", "--article-html", str(baseline)]
    output = run(command, env, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def css_js_compressed_kb(html: bytes, static_root: Path):
    """What a browser downloads of the stylesheets and scripts the page loads (Brotli, else gzip)."""
    text = html.decode()
    names = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', text)
    names += re.findall(r'<script[^>]* src="/static/([^"]+)"', text)
    total = 0
    for name in names:
        for suffix in (".br", ".gz", ""):
            candidate = static_root / (name + suffix)
            if candidate.exists():
                total += candidate.stat().st_size
                break
    return total / 1024, names


def delete_redis_prefix(redis_url, prefix):
    try:
        import redis

        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()
    except Exception as exc:  # the benchmark's result stands; the keys expire anyway
        log(f"could not delete the benchmark's Redis keys: {exc}")


def machine():
    def out(*command):
        try:
            return subprocess.run(command, check=False, capture_output=True, text=True, timeout=10).stdout.strip()
        except OSError:
            return "?"

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")  # fmt: skip
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "postgres": out("psql", "--version"),
        "redis": out("redis-server", "--version").split(" sha=")[0],
        "wrk": out("wrk", "--version").split(" Copyright")[0] if out("wrk", "--version") else "?",
        "commit": out("git", "-C", str(BASE_DIR), "rev-parse", "--short", "HEAD"),
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


def benchmark(args):
    work = Path(args.work_dir)
    (work / "media").mkdir(parents=True, exist_ok=True)
    prefix = f"kp-bench-{os.getpid()}"
    env = base_env(args, work, prefix)
    results = {"machine": machine(), "settings": vars(args).copy(), "pages": {}, "baselines": {}, "rss_mb": {}}
    try:
        log("collectstatic (production storage: fingerprinted, gzip and Brotli)")
        shutil.rmtree(work / "static", ignore_errors=True)
        run([str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], env)
        log("query counts and HTML sizes (bench/pages.py)")
        pages = measure_pages(env, work)
        results["queries"] = pages
        html = (work / "static" / STATIC_BASELINE).read_bytes()
        results["css_js_kb"], results["css_js_files"] = css_js_compressed_kb(html, work / "static")

        samples = {"static": [], "minimal": [], "article-on": [], "article-off": []}
        for mode in ("on", "off"):
            mode_env = {**env, "KP_PAGE_CACHE": "1" if mode == "on" else "0"}
            with server(mode_env, args.workers, work, mode) as portal:
                log(f"gunicorn on {portal.url}, page cache {mode}")
                article_url = portal.url + pages["article"]["url"]
                fetch(article_url)  # renders it (and stores it, cache on)
                # The ratios the targets are about, measured in interleaved rounds so that a
                # moment of noise on the shared cores does not decide them.
                for _round in range(args.rounds):
                    for name, url in (
                        ("static", f"{portal.url}/static/{STATIC_BASELINE}"),
                        ("minimal", portal.url + MINIMAL),
                        (f"article-{mode}", article_url),
                    ):
                        samples[name].append(measure(url, args))
                        log(f"  {name}: {samples[name][-1]['rps']:.0f} req/s")
                for name, page in pages.items():
                    url = portal.url + page["url"]
                    _status, headers, _body = fetch(url)
                    measured = median(samples[f"article-{mode}"]) if name == "article" else measure(url, args)
                    measured["cache_header"] = headers.get("X-Page-Cache") if mode == "on" else None
                    results["pages"].setdefault(name, {})[mode] = measured
                    log(f"  {name}: {measured['rps']:.0f} req/s, p99 {measured['p99_ms']:.1f} ms")
                results["rss_mb"][mode] = portal.worker_rss_mb()
        results["baselines"] = {"static": median(samples["static"]), "minimal": median(samples["minimal"])}
        results["samples"] = samples
        results["round_ratios"] = round_ratios(samples, args.rounds)
    finally:
        delete_redis_prefix(args.redis_url, prefix)
    return results


def ratio(a, b):
    return a / b if b else float("nan")


def round_ratios(samples, rounds):
    """The targets' ratios, each round's article against the baseline measured beside it on the same
    server a few seconds earlier (the cache-on rounds come first in each baseline's samples)."""
    on, off = slice(0, rounds), slice(rounds, 2 * rounds)
    pairs = {
        "cached_vs_static": zip(samples["article-on"], samples["static"][on], strict=True),
        "uncached_vs_minimal": zip(samples["article-off"], samples["minimal"][off], strict=True),
    }
    return {name: [ratio(page["rps"], base["rps"]) for page, base in paired] for name, paired in pairs.items()}


def median_ratio(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def targets(results):
    pages, base = results["pages"], results["baselines"]
    static_rps, minimal_rps = base["static"]["rps"], base["minimal"]["rps"]
    article, search = pages["article"], pages["search"]
    first, deep = pages["news-page-1"]["off"], pages["news-page-2000"]["off"]
    rss = max(results["rss_mb"]["on"] + results["rss_mb"]["off"])
    html_kb = results["queries"]["article"]["bytes"] / 1024
    by_round = results.get("round_ratios")
    if by_round:
        cached = median_ratio(by_round["cached_vs_static"])
        uncached = median_ratio(by_round["uncached_vs_minimal"])
    else:  # results.json of a run before the per-round ratios
        cached, uncached = ratio(article["on"]["rps"], static_rps), ratio(article["off"]["rps"], minimal_rps)
    rows = [
        ("Cached article ≥ 0.9 × static file req/s", cached, "≥", 0.9, "×"),
        ("Uncached article ≥ 0.08 × minimal view req/s", uncached, "≥", 0.08, "×"),
        ("Search p99 < 100 ms, uncached", search["off"]["p99_ms"], "<", 100, " ms"),
        ("News page 2,000 p50 within 1.5 × page 1, uncached", ratio(deep["p50_ms"], first["p50_ms"]), "≤", 1.5, "×"),
        ("Worker RSS after the run < 150 MB", rss, "<", 150, " MB"),
        ("Article HTML < 60 KB", html_kb, "<", 60, " KB"),
        ("CSS + JS of the article page < 100 KB compressed", results["css_js_kb"], "<", 100, " KB"),
    ]
    checked = []
    for label, value, comparison, limit, unit in rows:
        met = value >= limit if comparison == "≥" else (value <= limit if comparison == "≤" else value < limit)
        checked.append({"target": label, "value": value, "unit": unit, "met": met})
    return checked


def table(results):
    static_rps = results["baselines"]["static"]["rps"]
    lines = [
        "| page | page cache | req/s | × static | p50 ms | p99 ms | SQL queries | HTML KB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in ("static", "minimal"):
        measured = results["baselines"][name]
        label = "baseline: static HTML file (WhiteNoise)" if name == "static" else "baseline: minimal Django view"
        size = len((Path(results["settings"]["work_dir"]) / "static" / STATIC_BASELINE).read_bytes()) / 1024
        lines.append(
            f"| {label} | – | {measured['rps']:.0f} | {ratio(measured['rps'], static_rps):.2f} | "
            f"{measured['p50_ms']:.1f} | {measured['p99_ms']:.1f} | 0 | {size if name == 'static' else 0:.1f} |"
        )
    for name, modes in results["pages"].items():
        page = results["queries"][name]
        for mode in ("on", "off"):
            measured = modes[mode]
            queries = page["cached_queries"] if mode == "on" else page["queries"]
            if mode == "off" and page.get("first_queries", queries) != queries:
                queries = f"{queries} ({page['first_queries']} first)"
            errors = f" ({measured['errors']} errors)" if measured["errors"] else ""
            errors += " (timed over 3 requests one at a time)" if measured.get("sequential") else ""
            rps = f"{measured['rps']:.1f}" if measured["rps"] < 10 else f"{measured['rps']:.0f}"
            lines.append(
                f"| {name} `{page['url'][:60]}` | {mode} | {rps}{errors} | "
                f"{ratio(measured['rps'], static_rps):.2f} | {measured['p50_ms']:.1f} | {measured['p99_ms']:.1f} | "
                f"{queries} | {page['bytes'] / 1024:.1f} |"
            )
    return "\n".join(lines)


def report(results):
    m, s = results["machine"], results["settings"]
    checked = targets(results)
    lines = [
        RESULTS_START,
        f"Run of {m['date']} at commit `{m['commit']}`: {m['cores']} cores ({m['cpu']}), Python {m['python']}, "
        f"{m['postgres']}, {m['redis']}, {m['wrk']}. gunicorn {s['workers']} sync workers; wrk "
        f"`-t{s['threads']} -c{s['connections']} -d{s['duration']}s` per row. wrk, gunicorn, PostgreSQL and "
        "Redis share the same cores. The two baselines and the article page are measured in "
        f"{s['rounds']} interleaved rounds with the cache on and {s['rounds']} with it off; their rows are the "
        "median round (the baselines over both servers).",
        "",
        "Page cache on: what anonymous readers get once a page has been rendered. Off (`KP_PAGE_CACHE=0`): "
        "every request renders the page from PostgreSQL.",
        "",
        table(results),
        "",
        f"Worker RSS after the run (MB): cache on {', '.join(f'{v:.0f}' for v in results['rss_mb']['on'])}; "
        f"cache off {', '.join(f'{v:.0f}' for v in results['rss_mb']['off'])}. "
        f"CSS + JS the article page loads, compressed: {results['css_js_kb']:.1f} KB "
        f"({', '.join(results['css_js_files'])}).",
        "",
        "### Targets",
        "",
        "| target | measured | met |",
        "| --- | ---: | --- |",
    ]
    for row in checked:
        digits = (3 if row["value"] < 0.1 else 2) if row["unit"] == "×" else 1
        value = f"{row['value']:.{digits}f}{row['unit']}"
        lines.append(f"| {row['target']} | {value} | {'yes' if row['met'] else '**no**'} |")
    if results.get("round_ratios"):
        by_round = results["round_ratios"]
        lines += [
            "",
            "The two article ratios are the median of the rounds' own ratios, each round's article against "
            "the baseline measured just before it on the same server (cached ÷ static: "
            + ", ".join(f"{value:.2f}" for value in by_round["cached_vs_static"])
            + "; uncached ÷ minimal view: "
            + ", ".join(f"{value:.3f}" for value in by_round["uncached_vs_minimal"])
            + "). The table's × static column divides by the median static round of both servers.",
        ]
    lines.append(RESULTS_END)
    block = "\n".join(lines)
    text = README.read_text() if README.exists() else f"# Benchmark\n\n{RESULTS_START}\n{RESULTS_END}\n"
    start, end = text.index(RESULTS_START), text.index(RESULTS_END) + len(RESULTS_END)
    README.write_text(text[:start] + block + text[end:])
    RESULTS.write_text(json.dumps({**results, "targets": checked}, ensure_ascii=False, indent=1) + "\n")
    return block


def main(argv=None):
    parser = argparse.ArgumentParser(description="Benchmark the portal (see bench/README.md).")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per row")
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the baselines and the article")
    parser.add_argument("--work-dir", default=os.environ.get("KP_BENCH_DIR", "/tmp/kpportal-bench"))
    parser.add_argument(
        "--database-url",
        default=os.environ.get("KP_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kpportal_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("KP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"))
    parser.add_argument("--no-readme", action="store_true", help="print the table, leave bench/README.md alone")
    parser.add_argument("--report-only", action="store_true", help="rewrite the README table from bench/results.json")
    args = parser.parse_args(argv)
    if args.report_only:
        print(report(json.loads(RESULTS.read_text())))
        return 0

    # SIGTERM and SIGINT unwind through the finally blocks above: gunicorn is always stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = benchmark(args)
    if args.no_readme:
        print(table(results))
        for row in targets(results):
            print(row)
    else:
        print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
