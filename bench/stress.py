"""Overload test: the benchmark's server at twice its saturation for 60 s, with an editor
saving an article in the admin meanwhile. Passes when no request gets a 5xx (or a socket
error) and every one of the editor's saves is stored.

Run after ``bench/run.py`` (it reuses the benchmark database ``vestnik_bench``):

    .venv/bin/python bench/stress.py --duration 60
"""

import argparse
import http.cookiejar
import json
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import lxml.html
from run import (
    BASE,
    ROOT,
    gunicorn,
    last_line,
    manage,
    pages,
    production_env,
    shell,
    staff_session_cookie,
)

EDITOR = ("stress-editor", "stress-editor-password-2026")
SATURATION_CONNECTIONS_PER_WORKER = 2  # sync workers: past this, requests only queue


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args()
    env = production_env(f"{args.pg}/vestnik_bench", args.redis)
    article_id = prepare(env)
    connections = 2 * SATURATION_CONNECTIONS_PER_WORKER * args.workers
    script = write_mixed_script(pages(env), staff_session_cookie(env))
    with gunicorn(env, args.workers):
        load = threading.Thread(target=run_load, args=(script, connections, args, result := {}))
        load.start()
        time.sleep(5)
        saves = [save_article(article_id, number) for number in range(args.saves)]
        load.join()
    stored = stored_title(env, article_id)
    report = {
        "connections": connections,
        "duration_s": args.duration,
        "requests": result["requests"],
        "requests_per_s": round(result["requests"] / result["seconds"], 1),
        "p99_ms": result["p99"],
        "errors": result["errors"],
        "non_2xx_3xx": result["non2xx"],
        "editor_saves": saves,
        "stored_title": stored,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    ok = (
        result["errors"] == 0
        and all(status == 302 for status in saves)
        and stored == f"Проверка под нагрузкой {args.saves - 1}"
    )
    sys.exit(0 if ok else 1)


def prepare(env):
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from django.db.models.functions import Length\n"
        "from news.models import Article\n"
        f"u, _ = get_user_model().objects.get_or_create(username={EDITOR[0]!r})\n"
        f"u.is_staff = u.is_superuser = True; u.set_password({EDITOR[1]!r}); u.save()\n"
        "a = Article.objects.published().alias(n=Length('lead')).filter(n__lte=600)"
        ".order_by('-publish_at')[5]\n"
        "print(a.pk)\n"
    )
    article_id = int(shell(env, code))
    manage(env, "axes_reset")
    return article_id


def write_mixed_script(page_list, cookie):
    """A wrk script cycling through every page, uncached (a real staff session's cookie)."""
    paths = ", ".join(json.dumps(path) for _name, path in page_list)
    script = Path(ROOT / "var" / "bench" / "stress.lua")
    script.write_text(
        f"local paths = {{{paths}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n"
        f'  return wrk.format("GET", paths[i], {{["Cookie"] = {json.dumps(cookie)}}})\nend\n'
        + (ROOT / "bench" / "report.lua").read_text(),
        encoding="utf-8",
    )
    return script


def run_load(script, connections, args, result):
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{args.duration}s",
        "--timeout=10s",
        f"--script={script}",
        BASE + "/",
    ]
    result.update(json.loads(last_line(command)))


def save_article(article_id, number):
    """Log in as an editor and save the article's change form as a browser would."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    login_url = BASE + "/admin/login/"
    form = lxml.html.fromstring(opener.open(login_url, timeout=30).read().decode()).forms[0]
    fields = dict(form.form_values())
    fields.update(username=EDITOR[0], password=EDITOR[1])
    status = post(opener, login_url, fields)
    assert status == 302, f"login failed: {status}"
    change_url = f"{BASE}/admin/news/article/{article_id}/change/"
    form = next(
        f
        for f in lxml.html.fromstring(opener.open(change_url, timeout=30).read().decode()).forms
        if f.get("id") == "article_form"
    )
    fields = form.form_values()
    fields = [(k, v) for k, v in fields if k != "title"] + [
        ("title", f"Проверка под нагрузкой {number}")
    ]
    return post(opener, change_url, fields, referer=change_url)


def post(opener, url, fields, referer=None):
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": referer or url})
    try:
        response = opener.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        return error.code
    if response.status == 200:  # the form came back: say why
        tree = lxml.html.fromstring(response.read().decode())
        errors = [
            e.text_content().strip()
            for e in tree.xpath(
                "//*[contains(@class, 'errornote') or contains(@class, 'errorlist')]"
            )
        ]
        print("form refused:", errors, file=sys.stderr)
    return response.status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def stored_title(env, article_id):
    code = f"from news.models import Article; print(Article.objects.get(pk={article_id}).title)"
    return shell(env, code)


if __name__ == "__main__":
    main()
