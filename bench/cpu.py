"""CPU time per request of single pages, in-process: for a machine too busy for wrk.

Wall-clock figures on a shared machine say more about the neighbours than about the code.
This asks each page through Django's test client inside this process, with the production
settings of ``bench/run.py`` (DEBUG off, PostgreSQL, Redis) on an existing database (as
``generate_content`` left it), one request after another, and prints per page the CPU
milliseconds of this process per request (``time.process_time``: Python's work, not
PostgreSQL's), the wall milliseconds beside them and the number of queries. Public pages are
asked with a staff session, which bypasses the page cache (run.py's *uncached* rows); admin
pages as the chief editor of ``bench/editors.py``. ``--profile NAME`` prints cProfile's
busiest functions for that page instead, ``--explain NAME`` each of its queries with
PostgreSQL's ``EXPLAIN ANALYZE`` (the slowest first).

    .venv/bin/python bench/cpu.py --database vestnik_bench --requests 200
    .venv/bin/python bench/cpu.py --database vestnik_bench --profile events
    .venv/bin/python bench/cpu.py --database vestnik_bench --explain "agreements register"
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
EDITOR = "bench-chief"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument("--warm-up", type=int, default=5, help="unmeasured requests per page")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="vestnik_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--pages", default="", help="comma-separated names; all by default")
    parser.add_argument("--profile", metavar="NAME", help="cProfile one page instead")
    parser.add_argument("--sort", default="tottime", help="cProfile's order (with --profile)")
    parser.add_argument("--top", type=int, default=40, help="functions shown (with --profile)")
    parser.add_argument("--explain", metavar="NAME", help="EXPLAIN ANALYZE one page's queries")
    args = parser.parse_args()

    set_up_django(f"{args.pg}/{args.database}", args.redis)
    visitor, editor = clients()
    page_list = [*public_pages(visitor), *admin_pages(editor)]
    if args.profile or args.explain:
        wanted = args.profile or args.explain
        chosen = [page for page in page_list if page[0] == wanted]
        if not chosen:
            sys.exit(f"no page {wanted!r}: {', '.join(name for name, *_ in page_list)}")
        (profile if args.profile else explain)(chosen[0], args)
        return
    if args.pages:
        wanted = set(args.pages.split(","))
        page_list = [page for page in page_list if page[0] in wanted]
    print("| page | CPU ms / request | wall ms (median) | queries | status |")
    print("|---|---:|---:|---:|---:|")
    for name, client, path in page_list:
        cpu, wall, queries, status = measure(client, path, args)
        print(f"| {name} | {cpu:.1f} | {wall:.1f} | {queries} | {status} |", flush=True)


def set_up_django(database_url, redis_url):
    """Production settings (bench/run.py's), with the test client's host allowed."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        VESTNIK_BENCHMARK="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        DJANGO_USE_TLS="0",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_MEDIA_ROOT=str(ROOT / "var" / "bench" / "media"),
        DJANGO_STATIC_ROOT=str(ROOT / "var" / "bench" / "static"),
        DJANGO_SERVE_MEDIA="0",
    )
    import django

    django.setup()


def clients():
    """A staff visitor (bypasses the page cache) and the chief editor, both logged in."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from portal import roles

    users = get_user_model().objects
    staff = users.filter(is_staff=True, is_active=True).order_by("pk").first()
    chief, _ = users.get_or_create(username=EDITOR)
    chief.is_staff, chief.is_superuser, chief.is_active = True, False, True
    chief.save()
    chief.groups.set([roles.sync_roles()[roles.CHIEF_EDITOR]])
    visitor, editor = Client(), Client()
    visitor.force_login(staff or chief)
    editor.force_login(chief)
    return visitor, editor


def public_pages(client):
    """bench/run.py's uncached pages."""
    from news.models import Article, Rubric
    from partnerships.models import Agreement
    from portal.pagination import BoundedPaginator

    article = Article.objects.published().first()
    agreement = Agreement.objects.public().order_by("-signed_on").first()
    deepest = BoundedPaginator(Article.objects.published(), 20).num_pages
    pages = [
        ("home", "/"),
        ("news list", "/news/"),
        ("news detail", article.get_absolute_url()),
        ("rubric page", Rubric.objects.first().get_absolute_url()),
        ("RSS feed", "/news/rss/"),
        ("agreements register", "/partnerships/"),
        ("agreement page", agreement.get_absolute_url()),
        ("events", "/events/"),
        ("search «побратим»", f"/search/?q={quote('побратим')}"),
        ("search «город»", f"/search/?q={quote('город')}"),
        ("API articles, page 1", "/api/articles/"),
        (f"API articles, page {deepest}", f"/api/articles/?page={deepest}"),
    ]
    return [(name, client, path) for name, path in pages]


def admin_pages(client):
    """bench/editors.py's pages."""
    from news.models import Article

    # The 1000th newest article, as editors.py (or the oldest of a smaller archive).
    newest = Article.objects.order_by("-publish_at", "-id").values_list("pk", flat=True)
    article = newest[min(999, newest.count() - 1)]
    articles = "/admin/news/article/"
    pages = [
        ("admin: article list", articles),
        ("admin: drafts", f"{articles}?status__exact=draft"),
        ("admin: published", f"{articles}?status__exact=published"),
        ("admin: search «город»", f"{articles}?q={quote('город')}"),
        ("admin: page 500", f"{articles}?p=500"),
        ("admin: change form", f"{articles}{article}/change/"),
        ("admin: agreements list", "/admin/partnerships/agreement/"),
        ("admin: events list", "/admin/partnerships/event/"),
    ]
    return [(name, client, path) for name, path in pages]


def ask(client, path):
    return client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")


def measure(client, path, args):
    """CPU ms per request, median wall ms, queries of one request and its status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(args.warm_up):
        ask(client, path)
    with CaptureQueriesContext(connection) as captured:
        status = ask(client, path).status_code
    queries = len(captured)  # now: the log is read lazily, and each request clears it
    walls = []
    started = time.process_time()
    for _ in range(args.requests):
        wall = time.perf_counter()
        ask(client, path)
        walls.append((time.perf_counter() - wall) * 1000)
    cpu = (time.process_time() - started) * 1000 / args.requests
    return cpu, statistics.median(walls), queries, status


def profile(page, args):
    name, client, path = page
    for _ in range(args.warm_up):
        ask(client, path)
    # CPU time, as the table's: a wait for PostgreSQL or Redis is not this process's work.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(args.requests):
        ask(client, path)
    profiler.disable()
    print(f"{name} ({path}), {args.requests} requests")
    pstats.Stats(profiler).strip_dirs().sort_stats(args.sort).print_stats(args.top)


def explain(page, args):
    """Each query of one request, with the plan PostgreSQL chose and its timing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    name, client, path = page
    for _ in range(args.warm_up):
        ask(client, path)
    with CaptureQueriesContext(connection) as queries:
        ask(client, path)
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            lines = [row[0] for row in cursor.fetchall()]
            took = next(
                (
                    float(line.split(":")[1].split()[0])
                    for line in lines
                    if "Execution Time" in line
                ),
                0.0,
            )
            plans.append((took, sql, lines))
    print(f"{name} ({path}): {len(queries)} queries, EXPLAIN ANALYZE of the SELECTs")
    for took, sql, lines in sorted(plans, key=lambda plan: -plan[0]):
        print(f"\n-- {took:.2f} ms\n{sql}")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
