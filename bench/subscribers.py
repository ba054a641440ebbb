"""Subscriptions under load: 10,000 confirmed subscribers, an article published in the admin
by a chief editor (the response time the editor waits), then one task worker mailing them
all to a local SMTP sink (mails/s) while the public pages are measured again: in pairs, each
page with the worker stopped and then at once with it mailing, since this machine's speed
drifts more over minutes than the mailing costs.

Its own scratch database (``vestnik_bench_subs``) and port, so it can run beside run.py.
Prints a Markdown table in the layout of ``bench/results.md`` (and writes it to ``--output``
if given); with ``--json`` the raw figures instead. Exits non-zero when the publishing POST
took 300 ms or more or not every mail arrived.

    .venv/bin/python bench/subscribers.py --subscribers 10000 --duration 10
    make bench-subscribers   # the same, the table written to bench/subscribers.md
"""

import argparse
import datetime
import http.cookiejar
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import lxml.html
import run
from aiosmtpd.controller import Controller
from run import PYTHON, ROOT, gunicorn, manage, production_env, recreate_database, wrk
from stress import NoRedirect

BASE = ""  # set by main() from --port (not run.py's port: both may run at once)
CHIEF = ("bench-chief", "bench-chief-password-2026")
PAGES = [("home", "/"), ("news list", "/news/"), ("RSS feed", "/news/rss/")]
SUBSCRIBER_PREFIX = "reader"  # the subscribers' addresses: reader<n>@example.ru
PUBLISH_TARGET_MS = 300
P95_TOLERANCE = 0.10  # the public pages' p95 while mailing: within 10 % of before


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page measured")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--database", default="vestnik_bench_subs", help="scratch, recreated")
    parser.add_argument("--port", type=int, default=8112)
    parser.add_argument(
        "--worker-policy",
        choices=["idle", "nice", "normal"],
        default="idle",
        help="the worker's CPU scheduling: idle (as the systemd unit in README), nice 10, none",
    )
    parser.add_argument(
        "--mail-rate",
        type=float,
        default=20,
        help="SUBSCRIPTIONS_MAIL_RATE: mails a second the worker sends at most (0: no limit)",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--rounds", type=int, default=3, help="pairs (worker stopped, mailing) per page"
    )
    parser.add_argument("--output", help="also write the Markdown table to this file")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument(
        "--results",
        default=str(ROOT / "bench" / "results.md"),
        help="run.py's table, whose p95 of the same pages is shown beside",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database of the last run (a new draft)"
    )
    args = parser.parse_args()
    global BASE
    run.PORT = args.port
    run.BASE = BASE = f"http://127.0.0.1:{args.port}"

    sink = Sink()
    sink.start()
    env = production_env(f"{args.pg}/{args.database}", args.redis)
    env["EMAIL_URL"] = f"smtp://127.0.0.1:{sink.port}"
    env["SITE_URL"] = BASE
    env["DAILY_TASKS_HOUR"] = "-1"  # the worker mails the subscribers only
    env["SUBSCRIPTIONS_MAIL_RATE"] = str(args.mail_rate)
    article_id = prepare(env, args)
    subprocess.run(["redis-cli", "-u", args.redis, "flushdb"], check=True, capture_output=True)

    with gunicorn(env, args.workers):
        for _name, path in PAGES:  # warm the page cache
            urllib.request.urlopen(BASE + path, timeout=30).read()
        before = {name: wrk(path, args) for name, path in PAGES}
        publish_ms = publish(article_id, warm_up=2 * args.workers)
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "run_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            preexec_fn=lambda: yield_cpu(args.worker_policy),
        )
        started = time.monotonic()
        try:
            # Measured while the mails go out: from the first one on, not while the worker
            # process is starting.
            sink.wait_for(1, timeout=600)
            paused, during, mailed_during, stopped_for = paired_rounds(worker, sink, args)
            sink.wait_for(args.subscribers, timeout=1800)
            worker_cpu = cpu_seconds(worker.pid)
        finally:
            worker.send_signal(signal.SIGCONT)
            worker.terminate()
            worker.wait(timeout=60)
    sink.stop()
    first, last = sink.first_at, sink.last_at
    report = {
        "subscribers": args.subscribers,
        "publish_response_ms": round(publish_ms, 1),
        "mails_received": sink.count,
        # The minutes the worker was stopped for the measurements are left out.
        "mails_per_s": (
            round(sink.count / (last - first - stopped_for), 1) if sink.count > 1 else None
        ),
        "first_mail_after_s": round(first - started, 1) if first else None,
        "rounds": args.rounds,
        "p95_ms_before": {name: r["p95"] for name, r in before.items()},
        "p95_ms_worker_paused": median_of(paused, "p95"),
        "p95_ms_while_mailing": median_of(during, "p95"),
        "rps_before": {name: round(r["rps"]) for name, r in before.items()},
        "rps_worker_paused": median_of(paused, "rps"),
        "rps_while_mailing": median_of(during, "rps"),
        "worker_cpu_ms_per_mail": round(1000 * worker_cpu / max(sink.count, 1), 2),
        "mails_during_measurement": mailed_during,
        "p95_ms_in_results": table_p95(args.results, args.articles),
        "load_average": [round(load, 1) for load in os.getloadavg()],
    }
    table = report if args.json else markdown(report, args)
    output = json.dumps(table, ensure_ascii=False, indent=2) if args.json else table
    if args.output:
        Path(args.output).write_text(output + "\n", encoding="utf-8")
    print(output)
    met = publish_ms < PUBLISH_TARGET_MS and sink.count >= args.subscribers
    sys.exit(0 if met else 1)


def paired_rounds(worker, sink, args):
    """Each page measured ``--rounds`` times in pairs: with the worker stopped (SIGSTOP: no
    mail goes out), then at once with it running again. The machine's speed drifts by more
    over minutes than the mailing costs, so only measurements taken side by side compare."""
    paused = {name: [] for name, _path in PAGES}
    during = {name: [] for name, _path in PAGES}
    mailed, stopped_for = dict.fromkeys(paused, 0), 0.0
    for _round in range(args.rounds):
        for name, path in PAGES:
            worker.send_signal(signal.SIGSTOP)
            stopped_at = time.monotonic()
            time.sleep(0.5)  # the mail in flight, if any, is received
            paused[name].append(wrk(path, args))
            worker.send_signal(signal.SIGCONT)
            stopped_for += time.monotonic() - stopped_at
            mailed_before = sink.count
            during[name].append(wrk(path, args))
            mailed[name] += sink.count - mailed_before
    return paused, during, mailed, stopped_for


def median_of(measurements: dict, figure: str) -> dict:
    return {
        name: round(statistics.median(row[figure] for row in rows), 2)
        for name, rows in measurements.items()
    }


def table_p95(results, size) -> dict:
    """The cached p95 of ``PAGES`` in run.py's table (``results.md``), from its section
    nearest to ``size`` articles; empty if there is no table."""
    try:
        text = Path(results).read_text(encoding="utf-8")
    except OSError:
        return {}
    sections = {}
    for section in text.split("### ")[1:]:
        heading, _, body = section.partition("\n")
        count = int("".join(ch for ch in heading.split("articles")[0] if ch.isdigit()) or 0)
        rows = {}
        for line in body.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) == 8 and cells[1] == "cached":
                rows[cells[0]] = float(cells[5])
        sections[count] = rows
    if not sections:
        return {}
    nearest = min(sections, key=lambda count: abs(count - size))
    return {name: sections[nearest].get(name) for name, _path in PAGES}


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def markdown(report, args) -> str:
    """The figures as a Markdown section to set beside ``bench/results.md``."""
    subscribers = f"{report['subscribers']:,}".replace(",", " ")
    publish = report["publish_response_ms"]
    lines = [
        f"### Subscriptions: {subscribers} confirmed subscribers",
        "",
        f"Measured on {datetime.date.today():%Y-%m-%d} by `bench/subscribers.py --subscribers "
        f"{args.subscribers} --articles {args.articles} --duration {args.duration}`: "
        f"gunicorn {args.workers} sync workers, one `run_worker` ({POLICIES[args.worker_policy]}, "
        f"`SUBSCRIPTIONS_MAIL_RATE={args.mail_rate:g}`), "
        f"an aiosmtpd sink in a process of its own at the idle policy (the relay) on "
        f"loopback; wrk 1 thread, {args.connections} connections (anonymous visitors: the "
        f"cached pages), {args.duration} s per measurement. Load average at the end: "
        f"{', '.join(str(load) for load in report['load_average'])} "
        f"({os.cpu_count()} cores).",
        "",
        "| measure | value | target |",
        "|---|---:|---|",
        f"| publishing in the admin, the editor's POST | {publish:.0f} ms | "
        f"< {PUBLISH_TARGET_MS} ms: {_verdict(publish < PUBLISH_TARGET_MS)} |",
        f"| mails received by the SMTP sink | {report['mails_received']} of "
        f"{report['subscribers']} | all: {_verdict(report['mails_received'] >= report['subscribers'])} |",
        f"| mails/s, one worker (the time it was stopped left out) | "
        f"{report['mails_per_s']} | — |",
        f"| first mail after the worker starts | {report['first_mail_after_s']} s | — |",
        f"| the worker's CPU per mail, all told (start-up and fan-out included) | "
        f"{report['worker_cpu_ms_per_mail']} ms | — |",
        "",
        "| page | mode | req/s before | req/s worker stopped / mailing | "
        "p95 ms in results.md | p95 ms before | p95 ms worker stopped | p95 ms while mailing | "
        "change | mails meanwhile |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    within, counted = True, 0
    for name, _path in PAGES:
        paused = report["p95_ms_worker_paused"][name]
        during = report["p95_ms_while_mailing"][name]
        change = (during - paused) / paused if paused else 0.0
        # Only a measurement taken while mails went out says anything about them.
        if report["mails_during_measurement"][name]:
            within = within and change <= P95_TOLERANCE
            counted += 1
        in_table = report["p95_ms_in_results"].get(name)
        lines.append(
            f"| {name} | cached | {report['rps_before'][name]} | "
            f"{report['rps_worker_paused'][name]:.0f} / {report['rps_while_mailing'][name]:.0f} | "
            f"{'—' if in_table is None else f'{in_table:.1f}'} | "
            f"{report['p95_ms_before'][name]:.1f} | {paused:.1f} | {during:.1f} | "
            f"{100 * change:+.0f}% | {report['mails_during_measurement'][name]} |"
        )
    verdict = _verdict(within) if counted else "not measured (no mail went out meanwhile)"
    lines += [
        "",
        f"p95 while mailing within {100 * P95_TOLERANCE:.0f} % of the same page's with the "
        f"worker stopped (medians of {report['rounds']} pairs, each pair measured back to "
        f"back): {verdict} "
        "(rows with no mail sent meanwhile are not counted; more subscribers keep the mails "
        "going through every row).",
    ]
    return "\n".join(lines)


class Sink:
    """An SMTP server on loopback that only counts what it receives for the subscribers.

    It runs in a process of its own at the idle scheduling policy: it stands for the city's
    mail relay, which is another machine, so its work should not come out of the web
    workers' time as it would in the benchmark's own process.
    """

    def __init__(self):
        context = multiprocessing.get_context("fork")
        self.port = free_port()
        self._count = context.Value("q", 0)
        self._first = context.Value("d", 0.0)
        self._last = context.Value("d", 0.0)
        self._ready, self._stop = context.Event(), context.Event()
        self._process = context.Process(target=self._serve, daemon=True)

    def start(self):
        self._process.start()
        if not self._ready.wait(timeout=30):
            raise RuntimeError("the SMTP sink did not start")

    def stop(self):
        self._stop.set()
        self._process.join(timeout=30)

    def _serve(self):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        controller = Controller(self, hostname="127.0.0.1", port=self.port)
        controller.start()
        self._ready.set()
        self._stop.wait()
        controller.stop()

    async def handle_DATA(self, server, session, envelope):
        if not all(address.startswith(SUBSCRIBER_PREFIX) for address in envelope.rcpt_tos):
            return "250 OK"  # a staff notification, not a subscriber's mail
        now = time.monotonic()
        with self._count.get_lock():
            self._count.value += 1
            self._last.value = now
            if not self._first.value:
                self._first.value = now
        return "250 OK"

    @property
    def count(self) -> int:
        return self._count.value

    @property
    def first_at(self) -> float | None:
        return self._first.value or None

    @property
    def last_at(self) -> float | None:
        return self._last.value or None

    def wait_for(self, count, timeout):
        deadline = time.monotonic() + timeout
        while self.count < count and time.monotonic() < deadline:
            time.sleep(0.05)


POLICIES = {"idle": "the idle scheduling policy", "nice": "nice 10", "normal": "no priority"}


def yield_cpu(policy: str) -> None:
    """Run the worker as README's systemd unit does (``CPUSchedulingPolicy=idle``): it gets the
    CPU the web workers leave, and never preempts them when it wakes up."""
    if policy == "idle":
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    elif policy == "nice":
        os.nice(10)


def cpu_seconds(pid: int) -> float:
    """The user and system CPU time a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(env, args) -> int:
    """A fresh database with content (unless ``--reuse``), the subscribers, a chief editor
    and a draft to publish."""
    if not args.reuse:
        recreate_database(args.pg, args.database)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "demo_content")
        manage(
            env,
            "generate_content",
            f"--articles={args.articles}",
            "--agreements=10",
            "--events=50",
        )
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "from django.utils import timezone\n"
        "from channels.models import Subscriber, Subscription\n"
        "from news.models import Article, Rubric\n"
        "from portal import roles\n"
        "now = timezone.now()\n"
        "Subscriber.objects.all().delete()\n"
        "people = Subscriber.objects.bulk_create(Subscriber(email=f'reader{n}@example.ru', "
        "consent_text='bench', consented_at=now, confirmed_at=now) "
        f"for n in range({args.subscribers}))\n"
        "Subscription.objects.bulk_create(Subscription(subscriber=p, topic='news') "
        "for p in people)\n"
        f"u, _ = get_user_model().objects.get_or_create(username={CHIEF[0]!r})\n"
        f"u.is_staff = True; u.set_password({CHIEF[1]!r}); u.save()\n"
        "u.groups.add(Group.objects.get(name=roles.CHIEF_EDITOR))\n"
        "a = Article.objects.create(title='Новость для подписчиков', lead='Коротко.', "
        "rubric=Rubric.objects.first(), status=Article.Status.DRAFT)\n"
        "print(a.pk)\n"
    )
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    manage(env, "axes_reset")
    return int(output.strip().splitlines()[-1])


def publish(article_id, warm_up) -> float:
    """Log in as the chief editor, publish the draft with the list's action; the POST's ms.
    The article list is opened ``warm_up`` times first, so that every gunicorn worker has
    loaded the admin's code and templates, as it has on a server that has been running."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    login_url = BASE + "/admin/login/"
    form = lxml.html.fromstring(opener.open(login_url, timeout=30).read().decode()).forms[0]
    fields = {**dict(form.form_values()), "username": CHIEF[0], "password": CHIEF[1]}
    assert _post(opener, login_url, fields)[0] == 302, "login failed"
    changelist = BASE + "/admin/news/article/"
    for _ in range(warm_up):
        opener.open(changelist, timeout=30).read()
    tree = lxml.html.fromstring(opener.open(changelist, timeout=30).read().decode())
    token = tree.xpath("//input[@name='csrfmiddlewaretoken']/@value")[0]
    fields = {
        "csrfmiddlewaretoken": token,
        "action": "publish_selected",
        "index": 0,
        "_selected_action": article_id,
    }
    status, elapsed = _post(opener, changelist, fields)
    assert status == 302, f"publishing failed: {status}"
    return elapsed


def _post(opener, url, fields):
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    started = time.perf_counter()
    try:
        response = opener.open(request, timeout=60)
        status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, 1000 * (time.perf_counter() - started)


if __name__ == "__main__":
    main()
