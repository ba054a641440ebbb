"""The register's staff pages at 1,000 agreements, 5,000 events and 200 plans with 4,000
items: the yearly report for one year (its page, the XLSX and the DOCX) and the plans
dashboard, requested one after another by a chief editor.

Builds its own scratch database (``vestnik_bench_partnerships``; ``--reuse`` keeps the one
there), fills it with the demo and ``generate_content``, counts each page's queries in-process
(Django's test client, the same settings), then starts gunicorn with production settings and
measures sequential requests (median, p95), writing ``bench/partnerships.md``.

    .venv/bin/python bench/partnerships.py --requests 20
"""

import argparse
import datetime
import json
import os
import secrets
import statistics
import sys
from pathlib import Path

import editors
import run
from run import ROOT, gunicorn, manage, production_env, recreate_database, shell

run.PORT = 8118  # apart from run.py's (8100), subscribers.py's (8112), editors.py's (8114), emergency.py's (8116)
run.BASE = editors.BASE = BASE = f"http://127.0.0.1:{run.PORT}"
TARGET_MS = 500
SIZES = {"agreements": 1000, "events": 5000, "plans": 200, "plan-items": 4000}
DASHBOARD = "/admin/partnerships/cooperationplan/dashboard/"


def pages(year):
    report = "/admin/partnerships/agreement/yearly-report/"
    return [
        (f"yearly report {year}, page", f"{report}?year={year}"),
        (f"yearly report {year}, XLSX", f"{report}xlsx/?year={year}"),
        (f"yearly report {year}, DOCX", f"{report}docx/?year={year}"),
        ("plans dashboard", DASHBOARD),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="measured requests per page")
    parser.add_argument("--warm-up", type=int, default=3, help="unmeasured requests per page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--year", type=int, default=datetime.date.today().year - 1)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--database", default="vestnik_bench_partnerships")
    parser.add_argument("--reuse", action="store_true", help="measure the database as it is")
    parser.add_argument("--output", default=str(ROOT / "bench" / "partnerships.md"))
    args = parser.parse_args()

    env = production_env(f"{args.pg}/{args.database}", args.redis)
    if not args.reuse:
        recreate_database(args.pg, args.database)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    if not args.reuse:
        manage(env, "demo_content")
        manage(env, "generate_content", "--articles=0", *(f"--{k}={v}" for k, v in SIZES.items()))
    password = secrets.token_urlsafe(24)
    page_list = pages(args.year)
    facts = prepare(env, password, page_list)
    with gunicorn(env, args.workers):
        opener = editors.log_in(password)
        rows = editors.measure(opener, page_list, args)
    table = render(rows, facts, args)
    print(table)
    Path(args.output).write_text(table, encoding="utf-8")


def prepare(env, password, page_list):
    """The chief editor (created or brought up to date), the size of the register, and each
    page's status and number of queries, counted in-process."""
    code = (
        "import json\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from partnerships.models import Agreement, CooperationPlan, Event, PlanItem\n"
        f"{editors.chief_editor_code(password)}"
        "client = Client(HTTP_HOST='127.0.0.1')\n"
        "client.force_login(user)\n"
        "queries = {}\n"
        f"for name, path in {page_list!r}:\n"
        "    with CaptureQueriesContext(connection) as captured:\n"
        "        status = client.get(path).status_code\n"
        "    queries[name] = [status, len(captured)]\n"
        "print(json.dumps({'queries': queries, 'agreements': Agreement.objects.count(), "
        "'events': Event.objects.count(), 'plans': CooperationPlan.objects.count(), "
        "'items': PlanItem.objects.count()}))\n"
    )
    facts = json.loads(shell(env, code))
    manage(env, "axes_reset")
    return facts


def render(rows, facts, args):
    load = os.getloadavg()[0]
    lines = [
        "# The register's staff pages at 1,000 agreements",
        "",
        f"Measured on {datetime.date.today():%Y-%m-%d} by `make bench-partnerships` "
        f"(`bench/partnerships.py --requests {args.requests}`) on `{args.database}`: "
        f"{editors.thousands(facts['agreements'])} agreements, "
        f"{editors.thousands(facts['events'])} events, {editors.thousands(facts['plans'])} "
        f"plans with {editors.thousands(facts['items'])} items (the demo and "
        "`generate_content`). A chief editor logged in through the login form; "
        f"{args.requests} rounds of sequential requests, each asking every page once, after "
        f"{args.warm_up} unmeasured rounds; gunicorn {args.workers} sync workers, PostgreSQL + "
        f"Redis, `Accept-Encoding: gzip`. Load average at the end: {load:.1f} on "
        f"{os.cpu_count()} cores (a machine shared with other work: the figures are an upper "
        "bound). Queries: counted in-process by Django's test client for the same page. "
        f"Target: p95 < {TARGET_MS} ms with a number of queries that does not grow with the "
        "register.",
        "",
        "| page | status | queries | median ms | p95 ms | max ms | target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for name, result in rows:
        status, queries = facts["queries"][name]
        times = result["times"]
        if status != 200:
            lines.append(f"| {name} | {status}: not built in this branch | — | — | — | — | — |")
            continue
        p95 = editors.percentile(times, 0.95)
        statuses = ", ".join(str(code) for code in sorted(result["statuses"]))
        lines.append(
            f"| {name} | {statuses} | {queries} | {statistics.median(times):.0f} | "
            f"{p95:.0f} | {max(times):.0f} | {'met' if p95 < TARGET_MS else 'not met'} |"
        )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
