"""The Vestnik load benchmark.

Creates a scratch PostgreSQL database, fills it with ``generate_content`` at each size,
starts the portal under gunicorn with production settings (PostgreSQL + Redis, DEBUG off,
2 workers), drives it with wrk from a second process over loopback, bounded in time, and
prints a Markdown table: requests/s, p50/p95/p99 latency and errors per page, cached
(anonymous visitor) and uncached (a request that bypasses the page cache), plus a static
file served by the same server as the ceiling.

    .venv/bin/python bench/run.py --sizes 1000,100000 --duration 10
"""

import argparse
import datetime
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8100
BASE = f"http://127.0.0.1:{PORT}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000", help="article counts, ascending")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="measure the database as it is (one size: the last of --sizes), no generation",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")

    env = production_env(f"{args.pg}/vestnik_bench", args.redis)
    if args.measure_only:
        size = int(args.sizes.split(",")[-1])
        subprocess.run(["redis-cli", "-u", args.redis, "flushdb"], check=True, capture_output=True)
        with gunicorn(env, args.workers):
            table = render([(size, measure_all(env, args))], args)
        print(table)
        return
    recreate_database(args.pg, "vestnik_bench")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "demo_content")

    sections = []
    have = 0
    for size in (int(s) for s in args.sizes.split(",")):
        articles = size - have
        agreements = max(0, size // 100 - have // 100)
        events = max(0, size // 20 - have // 20)
        manage(
            env,
            "generate_content",
            f"--articles={articles}",
            f"--agreements={agreements}",
            f"--events={events}",
        )
        have = size
        subprocess.run(["redis-cli", "-u", args.redis, "flushdb"], check=True, capture_output=True)
        with gunicorn(env, args.workers):
            sections.append((size, measure_all(env, args)))
    table = render(sections, args)
    Path(args.output).write_text(table, encoding="utf-8")
    print(table)


def production_env(database_url, redis_url):
    """Production settings on loopback: DEBUG off, a fresh secret, PostgreSQL and Redis."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "VESTNIK_BENCHMARK": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_USE_TLS": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),
        "DJANGO_STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
        "DJANGO_SERVE_MEDIA": "0",
    }


def manage(env, *command):
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)


def last_line(command, **options):
    """The last line a command prints: where the benchmark's scripts put their answer."""
    run = subprocess.run(command, check=True, capture_output=True, text=True, **options)
    return run.stdout.strip().splitlines()[-1]


def shell(env, code):
    """The last line ``code`` prints, run by ``manage.py shell`` with the settings of ``env``."""
    return last_line([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env)


def recreate_database(pg, name):
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


class gunicorn:
    """A gunicorn on loopback for the ``with`` block: on ``PORT`` unless ``port`` says
    another, at the niceness ``nice`` (0: the same priority as everything else)."""

    def __init__(self, env, workers, port=None, nice=0):
        self.port = port or PORT
        self.command = [
            *(["nice", "-n", str(nice)] if nice else []),
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{self.port}",
            "--log-level=warning",
            "--timeout=60",
        ]
        self.env = env

    def __enter__(self):
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/robots.txt", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def pages(env):
    """The pages to measure, with real URLs taken from the generated data."""
    code = (
        "from news.models import Article, Rubric\n"
        "from partnerships.models import Agreement\n"
        "a = Article.objects.published().first()\n"
        "r = Rubric.objects.first()\n"
        "g = Agreement.objects.public().order_by('-signed_on').first()\n"
        "from portal.pagination import BoundedPaginator\n"
        "deepest = BoundedPaginator(Article.objects.published(), 20).num_pages\n"
        "import json; print(json.dumps([a.get_absolute_url(), r.get_absolute_url(), "
        "g.get_absolute_url(), deepest]))\n"
    )
    article, rubric, agreement, deepest = json.loads(shell(env, code))
    return [
        ("home", "/"),
        ("news list", "/news/"),
        ("news detail", article),
        ("rubric page", rubric),
        ("RSS feed", "/news/rss/"),
        ("agreements register", "/partnerships/"),
        ("agreement page", agreement),
        ("events", "/events/"),
        ("search «побратим»", "/search/?q=%D0%BF%D0%BE%D0%B1%D1%80%D0%B0%D1%82%D0%B8%D0%BC"),
        ("search «город»", "/search/?q=%D0%B3%D0%BE%D1%80%D0%BE%D0%B4"),
        ("API articles, page 1", "/api/articles/"),
        # The deepest page the API serves: as fast as page 1 (api.pagination).
        (f"API articles, page {deepest}", f"/api/articles/?page={deepest}"),
    ]


def staff_session_cookie(env):
    """``Cookie`` header value of a real staff session: only such a session bypasses the page
    cache (portal.cache; a made-up session cookie gets the cached page)."""
    code = (
        "from django.conf import settings\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.test import Client\n"
        "client = Client()\n"
        "client.force_login(get_user_model().objects.filter(is_staff=True, is_active=True)"
        ".order_by('pk').first())\n"
        "name = settings.SESSION_COOKIE_NAME\n"
        "print(f'{name}={client.cookies[name].value}')\n"
    )
    return shell(env, code)


def static_file():
    manifest = ROOT / "var" / "bench" / "static" / "staticfiles.json"
    paths = json.loads(manifest.read_text())["paths"]
    return "/static/" + paths["css/site.css"]


# Every browser and feed reader asks for compressed answers; so does the benchmark, static
# file included (WhiteNoise serves its precompressed copy).
CLIENT_HEADERS = ("Accept-Encoding: gzip, deflate, br",)


def wrk(path, args, headers=(), connections=None):
    connections = connections or args.connections
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{args.duration}s",
        "--timeout=5s",
        f"--script={ROOT / 'bench' / 'report.lua'}",
    ]
    for header in (*CLIENT_HEADERS, *headers):
        command += ["-H", header]
    result = json.loads(last_line([*command, BASE + path]))
    result["rps"] = result["requests"] / result["seconds"]
    return result


def measure_all(env, args):
    """Every page cached and uncached; the ceiling is measured at the start, the middle and
    the end of the run and its median kept, as this machine's speed drifts over minutes."""
    ceilings = [wrk(static_file(), args)]
    rows = []
    page_list = pages(env)
    editor = f"Cookie: {staff_session_cookie(env)}"
    for number, (name, path) in enumerate(page_list):
        if number == len(page_list) // 2:
            ceilings.append(wrk(static_file(), args))
        request = urllib.request.Request(BASE + path, headers={"Accept-Encoding": "gzip"})
        urllib.request.urlopen(request, timeout=30).read()  # warm the page cache
        with urllib.request.urlopen(request, timeout=30) as answer:
            cached = answer.headers.get("X-Cache") == "hit"
        if cached:
            rows.append((name, "cached", wrk(path, args)))
        # One connection per worker: the latency of rendering, not of waiting in a queue.
        rows.append((name, "uncached", wrk(path, args, [editor], args.workers)))
    ceilings.append(wrk(static_file(), args))
    ceiling = sorted(ceilings, key=lambda result: result["rps"])[1]
    return [("static file (ceiling)", "", ceiling), *rows]


def render(sections, args):
    lines = [
        "# Benchmark results",
        "",
        f"Measured on {datetime.date.today():%Y-%m-%d} by `make bench` (`bench/run.py --sizes "
        f"{args.sizes} --duration {args.duration}`); the targets are assessed in README.md.",
        "",
        f"Machine: {os.cpu_count()} cores; gunicorn {args.workers} sync workers; PostgreSQL + "
        f"Redis; wrk 1 thread, {args.duration} s per row, `Accept-Encoding: gzip` as browsers "
        f"send. *cached*: anonymous visitors, {args.connections} connections; *uncached*: a "
        f"session cookie bypasses the page cache, {args.workers} connections (one per "
        f"worker). Search answers are never cached (private), so they have no cached row. "
        f"Static file: the median of three runs (start, middle, end).",
        "",
    ]
    for size, rows in sections:
        ceiling = rows[0][2]["rps"]
        lines += [
            f"### {size:,} articles".replace(",", " "),
            "",
            "| page | mode | req/s | % of static | p50 ms | p95 ms | p99 ms | errors |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, mode, r in rows:
            lines.append(
                f"| {name} | {mode} | {r['rps']:.0f} | {100 * r['rps'] / ceiling:.0f}% | "
                f"{r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
