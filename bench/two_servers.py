"""Two app servers against one, through nginx (docs/deploy/nginx.conf, media on disk), over the same data and pages.

    .venv/bin/python bench/two_servers.py --duration 5 --rounds 1 --no-readme    # a quick look

Starts two gunicorns on the production settings (bench/settings.py, as bench/run.py does) and two
Debian nginx instances from docs/deploy/nginx.conf: one whose upstream lists both servers, one that
lists server A only. wrk drives an article page through each nginx in interleaved rounds, with the
page cache on (a cached article) and off (every request renders from PostgreSQL), so that "two ÷
one" is a ratio of one run. nginx keeps no copy (KP_PAGE_CACHE_SHARED_MAX_AGE=0): every request
reaches an app server. (A first full run found nginx's proxy_cache_lock, then in nginx.conf, making
concurrent requests for that page, which nginx does not store, wait for each other in half-second
steps: one request at a time reached the servers. nginx.conf no longer sets it.)

On a machine with few cores the load generator, nginx, PostgreSQL and Redis share the CPU with the
app servers, so the run also reports the CPU time each of them used during every measurement (as
cores kept busy), and the whole machine's: what limited the figure is read there, not guessed.
Writes the section between the "two-servers" markers of bench/README.md and bench/results-two-servers.json.
"""

import argparse
import json
import os
import re
import resource
import secrets
import signal
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import BIN, README, base_env, delete_redis_prefix, free_port, log, machine, measure_pages, median, run
from bench.run import server as app_server
from bench.run import wrk as run_wrk
from tests.operations.deploy_site import site as deployed_site

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results-two-servers.json"
START, END = "<!-- two-servers:start -->", "<!-- two-servers:end -->"
NGINX = "/usr/sbin/nginx"
TICKS = os.sysconf("SC_CLK_TCK")
SECOND_SERVER = re.compile(r"^\s*server 127\.0\.0\.1:8001 [^\n]*\n", re.MULTILINE)


def process_tree(pid: int) -> list[int]:
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], check=False, capture_output=True, text=True
    ).stdout
    return [pid, *(int(child) for child in children.split())]


def named_processes(name: str) -> list[int]:
    return [
        int(pid)
        for pid in subprocess.run(["pgrep", "-x", name], check=False, capture_output=True, text=True).stdout.split()
    ]


def cpu_seconds(pids) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone since it was listed
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def machine_busy_seconds() -> float:
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / TICKS


class Nginx:
    """docs/deploy/nginx.conf with media-disk.conf, ports, certificate, paths and the upstream replaced;
    stopped by PID."""

    def __init__(self, work: Path, name: str, upstreams: list[int], media_root: Path):
        self.work = work / f"nginx-{name}"
        self.work.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        for old in self.work.glob("*.pem"):
            old.unlink()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=bench",
             "-keyout", str(self.work / "key.pem"), "-out", str(self.work / "cert.pem")],
            check=True, capture_output=True,
        )  # fmt: skip
        site = deployed_site("disk")
        if len(upstreams) == 1:
            site = SECOND_SERVER.sub("", site)
        replacements = {
            "/srv/khuyenhoc/media/": f"{media_root}/",
            "/etc/letsencrypt/live/khuyenhoc.example.vn/fullchain.pem": str(self.work / "cert.pem"),
            "/etc/letsencrypt/live/khuyenhoc.example.vn/privkey.pem": str(self.work / "key.pem"),
            "listen 443 ssl": f"listen 127.0.0.1:{self.port} ssl",
            "listen 80;": f"listen 127.0.0.1:{free_port()};",
            "server 127.0.0.1:8000 ": f"server 127.0.0.1:{upstreams[0]} ",
            "server 127.0.0.1:8001 ": f"server 127.0.0.1:{upstreams[-1]} ",
            "/var/cache/nginx/khuyenhoc": str(self.work / "pages"),
        }
        for old, new in replacements.items():
            site = site.replace(old, new)
        temp = " ".join(f"{kind}_temp_path {self.work / kind};" for kind in ("client_body", "proxy", "fastcgi"))
        temp += f" uwsgi_temp_path {self.work / 'uwsgi'}; scgi_temp_path {self.work / 'scgi'};"
        (self.work / "nginx.conf").write_text(
            f"user root;\nworker_processes auto;\npid {self.work}/nginx.pid;\nerror_log {self.work}/error.log;\n"
            f"events {{ worker_connections 1024; }}\nhttp {{\ninclude /etc/nginx/mime.types;\n{temp}\n"
            f"access_log off;\n{site}\n}}\n"
        )
        command = [NGINX, "-p", str(self.work), "-c", str(self.work / "nginx.conf")]
        subprocess.run([*command, "-t"], check=True, capture_output=True)
        self.process = subprocess.Popen([*command, "-g", "daemon off;"])
        self.url = f"https://127.0.0.1:{self.port}"
        time.sleep(0.5)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)


@contextmanager
def nginx(work, name, upstreams, media_root):
    started = Nginx(work, name, upstreams, media_root)
    try:
        yield started
    finally:
        started.stop()


def measured_run(url, args, groups: dict) -> dict:
    """wrk on ``url``, with the CPU seconds each group of processes (and wrk itself) used meanwhile,
    as cores kept busy over the run's wall time."""
    pids = {name: finder() for name, finder in groups.items()}
    before = {name: cpu_seconds(group) for name, group in pids.items()}
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine_before, started = machine_busy_seconds(), time.monotonic()
    measured = run_wrk(url, args)
    wall = time.monotonic() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = {name: (cpu_seconds(pids[name]) - before[name]) / wall for name in pids}
    busy["wrk"] = (children.ru_utime + children.ru_stime - children_before.ru_utime - children_before.ru_stime) / wall
    busy["machine"] = (machine_busy_seconds() - machine_before) / wall
    return {**measured, "cores_busy": busy}


def benchmark(args) -> dict:
    work = Path(args.work_dir)
    (work / "media").mkdir(parents=True, exist_ok=True)
    prefix = f"kp-bench-two-{os.getpid()}"
    # nginx keeps no copy of the pages: every request reaches an app server.
    env = {**base_env(args, work, prefix), "KP_PAGE_CACHE_SHARED_MAX_AGE": "0"}
    results = {"machine": machine(), "settings": vars(args).copy(), "runs": {}}
    try:
        log("collectstatic (production storage)")
        run([str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], env)
        article = measure_pages(env, work)["article"]["url"]
        results["article"] = article
        for mode in ("on", "off"):
            mode_env = {**env, "KP_PAGE_CACHE": "1" if mode == "on" else "0"}
            with ExitStack() as stack:
                a = stack.enter_context(app_server(mode_env, args.workers, work, f"two-a-{mode}"))
                b = stack.enter_context(app_server(mode_env, args.workers, work, f"two-b-{mode}"))
                one = stack.enter_context(nginx(work, f"one-{mode}", [a.port], work / "media" / "public"))
                two = stack.enter_context(nginx(work, f"two-{mode}", [a.port, b.port], work / "media" / "public"))
                groups = {
                    "server A": lambda a=a: process_tree(a.process.pid),
                    "server B": lambda b=b: process_tree(b.process.pid),
                    "nginx": lambda one=one, two=two: process_tree(one.process.pid) + process_tree(two.process.pid),
                    "PostgreSQL": lambda: named_processes("postgres"),
                    "Redis": lambda: named_processes("redis-server"),
                }
                for front in (one, two):
                    run_wrk_warmup(front.url + article)
                samples = {"one": [], "two": []}
                for _round in range(args.rounds):
                    for name, front in (("one", one), ("two", two)):
                        samples[name].append(measured_run(front.url + article, args, groups))
                        rps = samples[name][-1]["rps"]
                        log(f"  page cache {mode}, through nginx to {name} app server(s): {rps:.0f} req/s")
                results["runs"][mode] = {name: {**median(runs), "samples": runs} for name, runs in samples.items()}
    finally:
        delete_redis_prefix(args.redis_url, prefix)
    return results


def run_wrk_warmup(url):
    subprocess.run(["wrk", "-t1", "-c2", "-d1s", url], capture_output=True, check=True, timeout=60)


def section(results) -> str:
    m, s = results["machine"], results["settings"]
    lines = [
        START,
        f"Run of {m['date']} at commit `{m['commit']}`: {m['cores']} cores ({m['cpu']}), {m['postgres']}, "
        f"{m['redis']}, {m['wrk']}. Each app server: gunicorn, {s['workers']} sync workers. wrk "
        f"`-t{s['threads']} -c{s['connections']} -d{s['duration']}s` over HTTPS to nginx, median of "
        f"{s['rounds']} interleaved rounds. Article `{results['article']}`.",
        "",
        "| article | one server req/s | two servers req/s | two ÷ one |",
        "| --- | ---: | ---: | ---: |",
    ]
    for mode, label in (("on", "cached (page cache on)"), ("off", "uncached (page cache off)")):
        one, two = results["runs"][mode]["one"]["rps"], results["runs"][mode]["two"]["rps"]
        lines.append(f"| {label} | {one:.0f} | {two:.0f} | {two / one if one else float('nan'):.2f} |")
    names = ["wrk", "nginx", "server A", "server B", "PostgreSQL", "Redis", "machine"]
    lines += [
        "",
        "CPU used during each measurement, in cores kept busy (CPU seconds ÷ wall seconds; "
        '"machine" is every process, other users\' included):',
        "",
        "| article | servers | " + " | ".join(names) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in names) + " |",
    ]
    for mode in ("on", "off"):
        for count in ("one", "two"):
            busy = results["runs"][mode][count]["cores_busy"]
            cells = " | ".join(f"{busy.get(name, 0):.2f}" for name in names)
            lines.append(f"| {'cached' if mode == 'on' else 'uncached'} | {count} | {cells} |")
    lines.append(END)
    return "\n".join(lines)


def write(results):
    block = section(results)
    text = README.read_text()
    if START in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text += f"\n{block}\n"
    README.write_text(text)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    return block


def main(argv=None):
    parser = argparse.ArgumentParser(description="Two app servers against one, through nginx (bench/README.md).")
    parser.add_argument("--duration", type=int, default=15, help="seconds of wrk per measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each app server")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work-dir", default=os.environ.get("KP_BENCH_DIR", "/tmp/kpportal-bench"))
    parser.add_argument(
        "--database-url",
        default=os.environ.get("KP_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kpportal_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("KP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"))
    parser.add_argument("--no-readme", action="store_true", help="print the section, leave bench/README.md alone")
    args = parser.parse_args(argv)
    args.work_dir = str(Path(args.work_dir) / f"two-servers-{secrets.token_hex(3)}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = benchmark(args)
    print(section(results) if args.no_readme else write(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
