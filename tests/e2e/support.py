"""What the browser tests share besides fixtures: where the tools are, the page checks (axe,
vnu) and the few admin widgets the editors' journeys drive (select2, CKEditor 5)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = E2E_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

# The visually impaired mode as its cookie spells it: on.<size>.<scheme>.<images>.<spacing>.
VISION_MODES = {
    "black on white": "on.1.bw.1.0",
    "white on black, large type, no images, wide spacing": "on.2.wb.0.1",
    "dark blue on light blue, largest type, wide spacing": "on.3.blue.1.1",
}


def missing_tools(*, browser=True, axe=False, vnu=False) -> str | None:
    """What is not installed of the tools a test needs, or None."""
    missing = []
    if browser:
        if not CHROMIUM.exists():
            missing.append(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing.append("the playwright package is not installed (make install)")
    if axe and not AXE_JS.exists():
        missing.append(f"axe-core is not installed: {AXE_JS} is missing (make e2e-tools)")
    if vnu:
        if not VNU_JAR.exists():
            missing.append(f"vnu-jar is not installed: {VNU_JAR} is missing (make e2e-tools)")
        if shutil.which("java") is None:
            missing.append("Java is not installed (apt-get install default-jre-headless)")
    return "; ".join(missing) or None


def axe_violations(page, include: str | list[str] | None = None) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page (or only in the elements matching the
    CSS selector or selectors ``include``, frames inside them included), one readable line each."""
    if isinstance(include, str):
        include = [include]
    result = page.evaluate(
        """([tags, include]) => axe.run(include ? {include: include.map((s) => [s])} : document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
        })""",
        [AXE_TAGS, include],
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(
            f"{' '.join(node['target'])}: {node['failureSummary']}".replace("\n", " ")
            for node in violation["nodes"][:5]
        )
        for violation in result["violations"]
    ]


def vnu_errors(vnu_jar, documents: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Run the Nu HTML Checker once over ``{name: html}``; its errors, by document name."""
    files = {}
    for number, (name, html) in enumerate(documents.items()):
        path = folder / f"{number:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    completed = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", "--stdout"]
        + [str(folder / file_name) for file_name in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(completed.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(
            f"vnu did not answer in JSON: {completed.stdout[:500]} {completed.stderr[:500]}"
        )
    errors: dict[str, list[str]] = {}
    for message in messages:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        url = message.get("url", "?")
        name = files.get(url.rsplit("/", 1)[-1], url)
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message.get('message')} "
            f"«{(message.get('extract') or '').strip()[:120]}»"
        )
    return errors


def log_in_to_admin(page, username, password):
    """Sign in on the admin's login page (no one-time code: test users have no TOTP device)."""
    page.goto(reverse("admin:login") + "?next=" + reverse("admin:index"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("#login-form [type=submit], form [type=submit]").first.click()
    page.wait_for_url("**" + reverse("admin:index"))


def choose_in_autocomplete(page, row, text):
    """Pick ``text`` in the admin's autocomplete (select2) widget of the form row ``row``."""
    page.locator(f"{row} .select2-selection").first.click()
    page.keyboard.type(text)
    page.locator(".select2-results__option:not(.loading-results)", has_text=text).first.click()


def editor_data(page) -> str:
    """What CKEditor 5 will submit: the HTML of the editor's model."""
    return page.evaluate(
        "document.querySelector('.ck-editor__editable').ckeditorInstance.getData()"
    )
