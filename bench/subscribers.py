"""Subscriptions under load: 10,000 confirmed subscribers, an article published in the admin
by a chief editor (the response time the editor waits), then one task worker mailing them
all to a local SMTP sink (mails/s) while the public pages are measured again (p95 beside the
same pages measured before, with the worker idle).

Its own scratch database (``vestnik_bench_subs``) and port, so it can run beside run.py:

    .venv/bin/python bench/subscribers.py --subscribers 10000 --duration 10
"""

import argparse
import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

import lxml.html
import run
from aiosmtpd.controller import Controller
from run import PYTHON, ROOT, gunicorn, manage, production_env, recreate_database, wrk
from stress import NoRedirect

run.PORT = 8112  # not run.py's port: both may run at once
run.BASE = BASE = f"http://127.0.0.1:{run.PORT}"
CHIEF = ("bench-chief", "bench-chief-password-2026")
PAGES = [("home", "/"), ("news list", "/news/"), ("RSS feed", "/news/rss/")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page measured")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database of the last run (a new draft)"
    )
    args = parser.parse_args()

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = production_env(f"{args.pg}/vestnik_bench_subs", args.redis)
    env["EMAIL_URL"] = f"smtp://127.0.0.1:{controller.port}"
    env["SITE_URL"] = BASE
    article_id = prepare(env, args)
    subprocess.run(["redis-cli", "-u", args.redis, "flushdb"], check=True, capture_output=True)

    with gunicorn(env, args.workers):
        for _name, path in PAGES:  # warm the page cache
            urllib.request.urlopen(BASE + path, timeout=30).read()
        before = {name: wrk(path, args) for name, path in PAGES}
        publish_ms = publish(article_id, warm_up=2 * args.workers)
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "run_worker", "--interval", "0.2"], cwd=ROOT, env=env
        )
        started = time.monotonic()
        during = {}
        try:
            for name, path in PAGES:
                during[name] = wrk(path, args)
            sink.wait_for(args.subscribers, timeout=1800)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    controller.stop()
    first, last = sink.first_at, sink.last_at
    report = {
        "subscribers": args.subscribers,
        "publish_response_ms": round(publish_ms, 1),
        "mails_received": sink.count,
        "mails_per_s": round(sink.count / (last - first), 1) if sink.count > 1 else None,
        "first_mail_after_s": round(first - started, 1) if first else None,
        "p95_ms_before": {name: r["p95"] for name, r in before.items()},
        "p95_ms_while_mailing": {name: r["p95"] for name, r in during.items()},
        "load_average": os.getloadavg(),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    sys.exit(0 if publish_ms < 300 and sink.count >= args.subscribers else 1)


class Sink:
    """An SMTP server that only counts what it receives."""

    def __init__(self):
        self.count, self.first_at, self.last_at = 0, None, None
        self.done = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.done:
            self.count += 1
            self.last_at = time.monotonic()
            self.first_at = self.first_at or self.last_at
            self.done.notify_all()
        return "250 OK"

    def wait_for(self, count, timeout):
        with self.done:
            self.done.wait_for(lambda: self.count >= count, timeout=timeout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(env, args) -> int:
    """A fresh database with content (unless ``--reuse``), the subscribers, a chief editor
    and a draft to publish."""
    if not args.reuse:
        recreate_database(args.pg, "vestnik_bench_subs")
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
