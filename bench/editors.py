"""The editors' admin at 100,000 articles: sequential requests as a chief editor.

Run after ``bench/run.py`` (or ``generate_content``): it reuses the benchmark database
``vestnik_bench`` as it is, applies pending migrations, makes (or updates) a chief editor
``bench-chief`` with a fresh password, starts gunicorn with production settings (as run.py,
on its own port), logs in through the admin's login form and requests each admin page
``--requests`` times one after another, in rounds that ask every page once (after a few
unmeasured rounds that warm every worker).
Prints median, p95 and max per page beside the figures measured before the admin was built
for this size, and puts the table into ``bench/results.md`` in place of its previous one.

    .venv/bin/python bench/editors.py --requests 30
"""

import argparse
import datetime
import http.cookiejar
import json
import math
import os
import secrets
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import quote

import lxml.html
import run
from run import CLIENT_HEADERS, ROOT, gunicorn, manage, production_env, shell

run.PORT = 8114  # not run.py's (8100) or subscribers.py's (8112) port: they may run at once
run.BASE = BASE = f"http://127.0.0.1:{run.PORT}"
EDITOR = "bench-chief"
TARGET_P95_MS = 150
SECTION = "## The editors' admin"
# Medians measured before (sequential requests, 100,000 articles, a chief editor logged in).
BEFORE_MS = {
    "article list": 379,
    "filtered by status": 266,
    "search «город»": 3300,
    "page 500": 801,
    "change form": 87,
    "agreements list": 96,
    "events list": 215,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page")
    parser.add_argument("--warm-up", type=int, default=4, help="unmeasured requests per page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--database", default="vestnik_bench")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--no-output", action="store_true", help="print the table only")
    args = parser.parse_args()

    env = production_env(f"{args.pg}/{args.database}", args.redis)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    password = secrets.token_urlsafe(24)
    facts = prepare(env, password)
    with gunicorn(env, args.workers):
        opener = log_in(password)
        rows = measure(opener, admin_pages(facts["article"]), args)
    table = render(rows, facts, args)
    print(table)
    if not args.no_output:
        replace_section(Path(args.output), table)


def prepare(env, password):
    """The chief editor (created or brought up to date), the article whose change form is
    measured (the 1000th newest) and the size of the database."""
    code = (
        "import json\n"
        "from news.models import Article\n"
        "from partnerships.models import Agreement, Event\n"
        f"{chief_editor_code(password)}"
        "article = Article.objects.order_by('-publish_at', '-id').values_list('pk', flat=True)"
        "[999]\n"
        "print(json.dumps({'article': article, 'articles': Article.objects.count(), "
        "'agreements': Agreement.objects.count(), 'events': Event.objects.count()}))\n"
    )
    facts = json.loads(shell(env, code))
    manage(env, "axes_reset")
    return facts


def chief_editor_code(password):
    """Code for ``manage.py shell`` that makes (or brings up to date) the chief editor
    ``EDITOR`` with ``password``, as ``user``."""
    return (
        "from django.contrib.auth import get_user_model\n"
        "from portal import roles\n"
        f"user, _ = get_user_model().objects.get_or_create(username={EDITOR!r})\n"
        "user.is_staff, user.is_superuser, user.is_active = True, False, True\n"
        f"user.set_password({password!r}); user.save()\n"
        "user.groups.set([roles.sync_roles()[roles.CHIEF_EDITOR]])\n"
    )


def admin_pages(article_id):
    articles = "/admin/news/article/"
    return [
        ("article list", articles),
        ("filtered by status: drafts", f"{articles}?status__exact=draft"),
        ("filtered by status: published", f"{articles}?status__exact=published"),
        ("search «город»", f"{articles}?q={quote('город')}"),
        ("search «побратимы»", f"{articles}?q={quote('побратимы')}"),
        ("page 500", f"{articles}?p=500"),
        ("change form", f"{articles}{article_id}/change/"),
        ("agreements list", "/admin/partnerships/agreement/"),
        ("events list", "/admin/partnerships/event/"),
    ]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def log_in(password):
    """An opener holding the session of the chief editor, logged in through the form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    login_url = BASE + "/admin/login/"
    form = lxml.html.fromstring(opener.open(login_url, timeout=30).read().decode()).forms[0]
    fields = dict(form.form_values())
    fields.update(username=EDITOR, password=password)
    request = urllib.request.Request(
        login_url, data=urllib.parse.urlencode(fields).encode(), headers={"Referer": login_url}
    )
    try:
        status = opener.open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 302:
        sys.exit(f"the chief editor could not log in (HTTP {status})")
    return opener


def measure(opener, page_list, args):
    """``[(name, {"times": [ms…], "failures": n, "statuses": {code…}})]``: ``args.requests`` rounds of sequential
    requests, each round asking every page once (a change of the machine's load then falls
    on every page alike), after ``args.warm_up`` unmeasured rounds."""
    headers = dict(header.split(": ", 1) for header in CLIENT_HEADERS)
    results = {name: {"times": [], "failures": 0, "statuses": set()} for name, _path in page_list}
    for round_number in range(args.warm_up + args.requests):
        for name, path in page_list:
            request = urllib.request.Request(BASE + path, headers=headers)
            start = time.perf_counter()
            try:
                with opener.open(request, timeout=60) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            elapsed = (time.perf_counter() - start) * 1000
            if round_number >= args.warm_up:
                results[name]["times"].append(elapsed)
                results[name]["failures"] += status != 200
                results[name]["statuses"].add(status)
    return list(results.items())


def percentile(values, share):
    """The nearest-rank percentile: the value ``share`` of the requests did not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def thousands(number):
    return f"{number:,}".replace(",", " ")


def before_of(name):
    return BEFORE_MS.get(name.split(":")[0])


def render(rows, facts, args):
    load = os.getloadavg()[0]
    lines = [
        SECTION,
        "",
        f"Measured on {datetime.date.today():%Y-%m-%d} by `bench/editors.py --requests "
        f"{args.requests}` on `{args.database}`: {thousands(facts['articles'])} articles, "
        f"{thousands(facts['agreements'])} agreements, {thousands(facts['events'])} events. "
        "A chief editor "
        f"logged in through the login form; {args.requests} rounds of sequential requests, each "
        f"asking every page once, after {args.warm_up} unmeasured rounds; gunicorn {args.workers} sync workers, PostgreSQL + "
        f"Redis, `Accept-Encoding: gzip`. Load average at the end: {load:.1f} on "
        f"{os.cpu_count()} cores. *Before*: the median measured before the admin was built for "
        f"this size. Target: p95 < {TARGET_P95_MS} ms.",
        "",
        "| admin page | before, median ms | median ms | p95 ms | max ms | failures | p95 target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, result in rows:
        times = result["times"]
        p95 = percentile(times, 0.95)
        before = before_of(name)
        lines.append(
            f"| {name} | {before if before is not None else '—'} | "
            f"{statistics.median(times):.0f} | {p95:.0f} | {max(times):.0f} | "
            f"{result['failures']} | {'met' if p95 < TARGET_P95_MS else 'not met'} |"
        )
    lines.append("")
    return "\n".join(lines)


def replace_section(path, table):
    """``path`` with its admin section (from ``SECTION`` to the next ``## `` heading) replaced
    by ``table``, or with ``table`` appended."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + table
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + table + (text[end + 1 :] if end != -1 else "")
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
