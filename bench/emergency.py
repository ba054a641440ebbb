"""«Emergency day»: the cached public pages under 64 connections while an editor publishes.

Four kinds of run of ``--duration`` seconds each on the benchmark database (``vestnik_bench``, made
by ``bench/run.py``), every one on a freshly started gunicorn (production settings,
``--workers`` sync workers: by default deploy/gunicorn.conf.py's two per core and one more)
with an empty Redis database, wrk cycling through the home page, the news list, an article
and the RSS feed:

* *no publishing*: the baseline;
* *publishing, protection off*: a chief editor publishes an article every ``--every``
  seconds through the admin (the change form's «Approve and publish», so ``news.services``
  and the page cache's invalidation run as in production), with
  ``PAGE_CACHE_STALE_SECONDS=0``: every publish makes every request render until each page
  is stored again;
* *publishing, protection on*: the same with the default stale-while-revalidate window
  (portal/cache.py): one request per page renders, the others get the previous page;
* *publishing, protection on, editors apart*: the same, with the editor's requests on a
  gunicorn of their own (``--editor-workers``, at ``nice -n --editor-nice``), as nginx's
  admin location sends them in deploy/ (``VESTNIK_ADMIN_UPSTREAMS``). On the one machine it
  shares the cores, at a lower priority: the readers' workers are never kept waiting by the
  change form.

This machine's speed drifts by more over minutes than a publish costs, so the runs come in
``--rounds`` rounds, each a baseline and the publishing runs right after it (protection off in
the first round only), and each publishing run is compared with its own round's baseline.
Prints a Markdown table (req/s, p50/p95/p99, max, errors, and how the answers came: hit,
stale, miss), each round's p99 ratios and their median, and whether the target is met: with
publishing and the protection, the median p99 ratio within 1.3, and 0 errors. The articles it publishes are deleted afterwards.

    .venv/bin/python bench/emergency.py --duration 60
"""

import argparse
import contextlib
import http.cookiejar
import json
import math
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import lxml.html
import run
from run import CLIENT_HEADERS, ROOT, gunicorn, last_line, manage, pages, production_env, shell

run.PORT = 8116  # not run.py's (8100) nor subscribers.py's (8112): they may run at once
run.BASE = BASE = f"http://127.0.0.1:{run.PORT}"

EDITOR = ("emergency-editor", "emergency-editor-password-2026")
TITLE = "Экстренное сообщение (нагрузочный тест)"
MIX = ("home", "news list", "news detail", "RSS feed")
EDITORS_PORT = 8117
BASELINE = "no publishing (baseline)"
PROTECTION_OFF = "publishing, protection off"
PROTECTED = ("publishing, protection on", "publishing, protection on, editors apart")
# (name, PAGE_CACHE_STALE_SECONDS or None for the default, publishing, editors apart)
RUNS = (
    (BASELINE, None, False, False),
    (PROTECTION_OFF, "0", True, False),
    (PROTECTED[0], None, True, False),
    (PROTECTED[1], None, True, True),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per run")
    parser.add_argument("--every", type=float, default=5, help="seconds between publishes")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3, help="baseline and publishing runs")
    parser.add_argument("--workers", type=int, default=2 * os.cpu_count() + 1)
    parser.add_argument("--editor-workers", type=int, default=2, help="the editors' own server")
    parser.add_argument("--editor-nice", type=int, default=10, help="its niceness")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="vestnik_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--output", help="also append the table to this file")
    args = parser.parse_args()
    env = production_env(f"{args.pg}/{args.database}", args.redis)
    if not (ROOT / "var" / "bench" / "static" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "-v0")
    paths = [path for name, path in pages(env) if name in MIX]
    script = write_mix_script(paths)
    publishes = math.ceil(args.duration / args.every)
    rows = []  # (round, name, result)
    try:
        for number in range(1, args.rounds + 1):
            for name, stale_seconds, publishing, editors_apart in RUNS:
                if name == PROTECTION_OFF and number > 1:
                    continue
                drafts = prepare(env, publishes if publishing else 0)
                run_env = dict(env)
                if stale_seconds is not None:
                    run_env["PAGE_CACHE_STALE_SECONDS"] = stale_seconds
                result = measure(run_env, args, script, paths, drafts, editors_apart)
                rows.append((number, name, result))
    finally:
        clean_up(env)
    table = render(rows, args, paths)
    print(table)
    if args.output:
        with Path(args.output).open("a", encoding="utf-8") as output:
            output.write("\n" + table)


def prepare(env, count):
    """A chief editor account, and ``count`` articles waiting in review for them."""
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from django.utils import timezone\n"
        "from news.models import Article\n"
        f"u, _ = get_user_model().objects.get_or_create(username={EDITOR[0]!r})\n"
        f"u.is_staff = u.is_superuser = True; u.set_password({EDITOR[1]!r}); u.save()\n"
        "model = Article.objects.published().order_by('-publish_at').first()\n"
        "ids = [Article.objects.create(\n"
        f"    title=f'{TITLE} {{n + 1}}', lead=model.lead, body=model.body,\n"
        "    rubric=model.rubric, department=model.department, created_by=u,\n"
        "    status=Article.Status.REVIEW, publish_at=timezone.now()).pk\n"
        f"  for n in range({count})]\n"
        "import json; print(json.dumps(ids))\n"
    )
    drafts = json.loads(shell(env, code))
    manage(env, "axes_reset")
    return drafts


def clean_up(env):
    shell(
        env,
        "from news.models import Article\n"
        f"print(Article.objects.filter(title__startswith={TITLE!r}).delete())\n",
    )


def write_mix_script(paths):
    """A wrk script cycling through ``paths`` that also counts how the answers came
    (``X-Cache``) and reports the maximum latency."""
    listed = ", ".join(json.dumps(path) for path in paths)
    script = ROOT / "var" / "bench" / "emergency.lua"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(
        f"""local paths = {{{listed}}}
local i = 0
local threads = {{}}
hit, stale, miss = 0, 0, 0

setup = function(thread)
  table.insert(threads, thread)
end

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

response = function(status, headers, body)
  local outcome = headers["X-Cache"]
  if outcome == "hit" then hit = hit + 1
  elseif outcome == "stale" then stale = stale + 1
  else miss = miss + 1 end
end

done = function(summary, latency, requests)
  local counts = {{hit = 0, stale = 0, miss = 0}}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(counts) do counts[name] = counts[name] + thread:get(name) end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    '{{"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, '
    .. '"max": %.2f, "errors": %d, "non2xx": %d, "hit": %d, "stale": %d, "miss": %d}}\\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    errors, summary.errors.status, counts.hit, counts.stale, counts.miss))
end
""",
        encoding="utf-8",
    )
    return script


def measure(env, args, script, paths, drafts, editors_apart):
    subprocess.run(["redis-cli", "-u", args.redis, "flushdb"], check=True, capture_output=True)
    editors = (
        gunicorn(env, args.editor_workers, port=EDITORS_PORT, nice=args.editor_nice)
        if editors_apart
        else contextlib.nullcontext()
    )
    with gunicorn(env, args.workers), editors:
        for _ in range(args.workers * 2):  # every worker warmed up, every page cached
            for path in paths:
                request = urllib.request.Request(BASE + path, headers={"Accept-Encoding": "gzip"})
                urllib.request.urlopen(request, timeout=60).read()
        editor_base = f"http://127.0.0.1:{EDITORS_PORT}" if editors_apart else BASE
        editor = Editor(editor_base) if drafts else None
        result = {}
        load = threading.Thread(target=run_load, args=(script, args, result))
        load.start()
        started = time.monotonic()
        statuses = []
        for number, article_id in enumerate(drafts):
            time.sleep(max(0.0, started + (number + 0.5) * args.every - time.monotonic()))
            if time.monotonic() - started > args.duration - 1:
                break
            statuses.append(editor.publish(article_id))
        load.join()
    result["rps"] = result["requests"] / result["seconds"]
    result["publishes"] = f"{statuses.count(302)} of {len(statuses)}" if drafts else "–"
    return result


def run_load(script, args, result):
    command = [
        "wrk",
        "-t1",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout=10s",
        f"--script={script}",
    ]
    for header in CLIENT_HEADERS:
        command += ["-H", header]
    result.update(json.loads(last_line([*command, BASE + "/"])))


class Editor:
    """A chief editor in the admin: logged in once, approves and publishes articles in
    review with the change form's button, as a browser would post it."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        login_url = self.base + "/admin/login/"
        form = lxml.html.fromstring(self.open(login_url)).forms[0]
        fields = {**dict(form.form_values()), "username": EDITOR[0], "password": EDITOR[1]}
        assert self.post(login_url, list(fields.items())) == 302, "login failed"

    def open(self, url):
        return self.opener.open(url, timeout=60).read().decode()

    def publish(self, article_id) -> int:
        url = f"{self.base}/admin/news/article/{article_id}/change/"
        form = next(
            f for f in lxml.html.fromstring(self.open(url)).forms if f.get("id") == "article_form"
        )
        return self.post(url, [*form.form_values(), ("review_action", "approve")])

    def post(self, url, fields) -> int:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": url})
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            return error.code
        if response.status == 200:  # the form came back: say why
            tree = lxml.html.fromstring(response.read().decode())
            errors = tree.xpath(
                "//*[contains(@class, 'errornote') or contains(@class, 'errorlist')]"
            )
            print("form refused:", [e.text_content().strip() for e in errors], file=sys.stderr)
        return response.status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def p99_ratios(rows, name):
    """Each round's p99 of the run ``name`` divided by that round's baseline p99."""
    baselines = {number: result["p99"] for number, run, result in rows if run == BASELINE}
    return [
        result["p99"] / baselines[number] if baselines[number] else float("inf")
        for number, run, result in rows
        if run == name
    ]


def render(rows, args, paths):
    ratios = {name: p99_ratios(rows, name) for name in PROTECTED}
    medians = {name: statistics.median(found) for name, found in ratios.items()}
    no_errors = all(result["errors"] == 0 for _number, _name, result in rows)
    lines = [
        f"### «Emergency day» ({time.strftime('%Y-%m-%d')})",
        "",
        f"`bench/emergency.py --duration {args.duration} --every {args.every:g}` on "
        f"`{args.database}`: gunicorn {args.workers} sync workers (the editors' own: "
        f"{args.editor_workers}, at nice {args.editor_nice}), wrk 1 thread, "
        f"{args.connections} connections for {args.duration} s per row, cycling through "
        + ", ".join(f"`{path}`" for path in paths)
        + f"; the editor publishes an article every {args.every:g} s through the admin.",
        "",
        "| round | run | req/s | p50 ms | p95 ms | p99 ms | max ms | errors "
        "| hit / stale / miss | publishes |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for number, name, r in rows:
        lines.append(
            f"| {number} | {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['p99']:.1f} | {r['max']:.1f} | {r['errors']} | "
            f"{r['hit']} / {r['stale']} / {r['miss']} | {r['publishes']} |"
        )
    lines.append("")
    for name in PROTECTED:
        each = ", ".join(f"{ratio:.2f}" for ratio in ratios[name])
        met = medians[name] <= 1.3 and no_errors
        lines.append(
            f"- *{name}*: p99 ÷ the round's baseline {each}; median {medians[name]:.2f} × — "
            f"target (≤ 1.3 ×, 0 errors) {'met' if met else 'not met'}."
        )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
