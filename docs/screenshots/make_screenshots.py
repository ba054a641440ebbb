"""Screenshots of the demo for the README: ``make screenshots`` (or ``--url`` a running site).

Without ``--url`` it sets up a demo of its own: a temporary SQLite database and media folder,
``migrate``, ``demo_content``, ``collectstatic`` and one round of the task worker (the pictures'
renditions, as ``make demo``'s worker makes them), then the site on a free port as ``make
demo`` serves it (DEBUG off). Debian's Chromium, driven by Playwright, saves full-page PNGs of
the home page, the twinning press release, the Alchevsk–Torez agreement and the admin's form of
that article (logged in as the demo's chief editor), each 1366 and 375 px wide, into
docs/screenshots/, reduced to 256 colours so each stays a few hundred KB.
"""

import argparse
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {1366: 768, 375: 812}  # width: viewport height
PRESS_RELEASE = "alchevsk-stal-gorodom-pobratimom-toreza"
AGREEMENT = "/partnerships/alchevsk-torez-pobratimstvo/"
LOGIN = ("glavred", "vestnik-demo-2026")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the demo server stopped (exit code {server.returncode})")
        with contextlib.suppress(OSError), urllib.request.urlopen(url + "healthz", timeout=2):
            return
        time.sleep(0.5)
    sys.exit(f"the demo server did not answer at {url} within {seconds:.0f} s")


@contextlib.contextmanager
def demo_server():
    """The demo on a free port with its own temporary database; stopped and removed after."""
    with tempfile.TemporaryDirectory(prefix="vestnik-screenshots-") as folder:
        port = free_port()
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "CACHE_URL")
        }
        env.update(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
            DJANGO_USE_TLS="0",
            DJANGO_SERVE_MEDIA="1",
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            SITE_URL=f"http://127.0.0.1:{port}",
            DATABASE_URL=f"sqlite:///{folder}/vestnik.sqlite3",
            DJANGO_MEDIA_ROOT=f"{folder}/media",
            DJANGO_STATIC_ROOT=f"{folder}/static",
            DJANGO_KEPT_UPLOADS_ROOT=f"{folder}/kept-uploads",
        )
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (
            "migrate --noinput",
            "demo_content",
            "collectstatic --noinput -v0",
            "run_worker --once",
        ):
            subprocess.run(
                [*manage, *command.split()],
                env=env,
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            wait_until_up(url, server)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def optimised(path: Path) -> None:
    """256 colours and maximal compression: a page's flat colours survive, the file shrinks."""
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)


def shoot(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for width, height in WIDTHS.items():
            context = browser.new_context(
                base_url=url, viewport={"width": width, "height": height}, locale="ru-RU"
            )
            context.set_default_timeout(30_000)
            page = context.new_page()
            page.goto("/")
            article = page.locator(f'a[href*="{PRESS_RELEASE}"]').first.get_attribute("href")
            # The public pages as a reader sees them, then the admin's form, logged in.
            for name, address in (("home", "/"), ("article", article), ("agreement", AGREEMENT)):
                saved.append(screenshot(page, address, out / f"{name}-{width}.png"))
            form = log_in_and_find_article(page)
            saved.append(screenshot(page, form, out / f"admin-article-{width}.png"))
            context.close()
        browser.close()
    return saved


# Lazily loaded pictures below the first screen would be blank in a full-page shot, and so would
# pictures loaded but not yet decoded (``decoding="async"``) when the page is captured.
LOAD_EVERY_IMAGE = """async () => {
    const images = [...document.images];
    images.forEach((image) => { image.loading = "eager"; image.decoding = "sync"; });
    await Promise.all(images.map((image) => image.decode().catch(() => null)));
    await document.fonts.ready;
}"""


def screenshot(page, address: str, path: Path) -> Path:
    page.goto(address, wait_until="networkidle")
    page.evaluate(LOAD_EVERY_IMAGE)
    page.screenshot(path=str(path), full_page=True)
    optimised(path)
    return path


def log_in_and_find_article(page) -> str:
    """Logs in as the chief editor; the address of the press release's change form."""
    page.goto("/admin/login/")
    page.fill("#id_username", LOGIN[0])
    page.fill("#id_password", LOGIN[1])
    page.click("[type=submit]")
    page.goto("/admin/news/article/?q=" + urllib.parse.quote("побратимом"))
    return page.locator("#result_list tbody th a").first.get_attribute("href")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running demo, e.g. http://127.0.0.1:8000/")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        url = args.url or stack.enter_context(demo_server())
        for path in shoot(url.rstrip("/") + "/", args.out):
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            print(f"{shown}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
