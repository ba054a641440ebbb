"""Two app servers behind nginx, as deploy/ describes them, sharing PostgreSQL, Redis and an
S3 bucket: whatever one server does, the other sees at once, and nginx in front keeps
serving when one of them stops.

Real processes on loopback: moto's S3 server, two gunicorns started with
deploy/gunicorn.conf.py and the production settings, and Debian's nginx running
deploy/nginx/vestnik.conf.template rendered as its header says, with a self-signed
certificate. The gunicorns use the test database (hence PostgreSQL and a transactional test).
"""

import datetime
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import lxml.html
import pytest
import requests
import urllib3
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from PIL import Image

from news.models import Article
from tests.storage.conftest import new_bucket, s3_endpoint, storage_environment  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
PASSWORD = "correct-horse-battery"
FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10"}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.s3,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres")
        or not os.environ.get("REDIS_URL"),
        reason="two app servers share PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
    ),
]


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    """Not here: the app servers run with production settings, whose hashers must verify the
    editor's password (tests/conftest.py hashes passwords fast everywhere else)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answers(url: str, process: subprocess.Popen, what: str) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            requests.get(url, timeout=1, verify=False, allow_redirects=False)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not start")


def static_root(folder: Path) -> tuple[Path, str]:
    """What collectstatic would leave, without its minutes of compressing: every static file
    linked under its name, a manifest naming each as itself, and one fingerprinted name."""
    folder.mkdir()
    paths = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            target = folder / path
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(Path(storage.path(path)))
            paths[path] = path
    fingerprinted = "css/site.0123456789ab.css"
    (folder / fingerprinted).symlink_to(Path(finders.find("css/site.css")))
    paths["css/site.css"] = fingerprinted
    manifest = {"paths": paths, "version": "1.1", "hash": "0"}
    (folder / "staticfiles.json").write_text(json.dumps(manifest))
    return folder, fingerprinted


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "tls.crt", folder / "tls.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def render_site(values: dict[str, str]) -> str:
    """``envsubst`` with the variable list of the template's header: only ${VESTNIK_…}."""
    template = (DEPLOY / "nginx" / "vestnik.conf.template").read_text()
    named = set(re.findall(r"\$\{(VESTNIK_[A-Z_]+)\}", template))
    assert named == set(values), named ^ set(values)
    return re.sub(r"\$\{(VESTNIK_[A-Z_]+)\}", lambda match: values[match[1]], template)


class Site:
    def __init__(self, https: str, http: str, servers: dict[str, str], processes: dict):
        self.https, self.http, self.servers, self.processes = https, http, servers, processes


@pytest.fixture
def site(tmp_path, s3_endpoint):  # noqa: F811
    if not Path(NGINX).exists():
        if os.environ.get("VESTNIK_E2E_REQUIRED"):
            pytest.fail("nginx is missing (apt-get install nginx-light)")
        pytest.skip("nginx is missing (apt-get install nginx-light)")
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    statics, _ = static_root(tmp_path / "collected")
    https_port, http_port = free_port(), free_port()
    ports = {"a": free_port(), "b": free_port()}
    database = connection.settings_dict
    bucket = new_bucket(s3_endpoint)
    environment = {
        **os.environ,
        **storage_environment(bucket),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "two-app-servers-share-this-secret-key-" + "0123456789" * 3,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_USE_TLS": "1",
        "DJANGO_PROXY_COUNT": "1",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        ),
        "REDIS_URL": os.environ["REDIS_URL"],
        "DJANGO_STATIC_ROOT": str(statics),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "DJANGO_KEPT_UPLOADS_ROOT": str(tmp_path / "kept-uploads"),
        "GUNICORN_WORKERS": "1",
    }
    processes = {}
    try:
        for name, port in ports.items():
            processes[name] = subprocess.Popen(
                [GUNICORN, "-c", str(DEPLOY / "gunicorn.conf.py"), "config.wsgi"],
                cwd=ROOT,
                env={**environment, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            )
        certificate, key = self_signed_certificate(tmp_path)
        upstreams = "\n    ".join(
            f"server 127.0.0.1:{port} max_fails=2 fail_timeout=10s;" for port in ports.values()
        )
        conf = tmp_path / "nginx"
        conf.mkdir()
        (conf / "vestnik.conf").write_text(
            render_site(
                {
                    "VESTNIK_SERVER_NAME": "127.0.0.1",
                    "VESTNIK_HTTPS_PORT": f"127.0.0.1:{https_port}",
                    "VESTNIK_HTTP_PORT": f"127.0.0.1:{http_port}",
                    "VESTNIK_UPSTREAMS": upstreams,
                    # The editors' server: "b" only (on a real machine, one of its own).
                    "VESTNIK_ADMIN_UPSTREAMS": f"server 127.0.0.1:{ports['b']};",
                    "VESTNIK_TLS_CERTIFICATE": str(certificate),
                    "VESTNIK_TLS_KEY": str(key),
                    "VESTNIK_STATIC_ROOT": str(statics),
                    "VESTNIK_MEDIA_ROOT": str(tmp_path / "media"),
                    "VESTNIK_ADMIN_URL": settings.ADMIN_URL,
                }
            )
        )
        shutil.copy(DEPLOY / "nginx" / "vestnik-proxy.conf", conf)
        temp = {kind: conf / kind for kind in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        (conf / "nginx.conf").write_text(
            f"user root;\nworker_processes 1;\ndaemon off;\npid {conf / 'nginx.pid'};\n"
            f"error_log {conf / 'error.log'} warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            "  access_log off;\n"
            + "".join(f"  {kind}_temp_path {path};\n" for kind, path in temp.items()).replace(
                "body_temp_path", "client_body_temp_path"
            )
            + "  include vestnik.conf;\n}\n"
        )
        processes["nginx"] = subprocess.Popen(
            [NGINX, "-p", str(conf), "-c", str(conf / "nginx.conf")]
        )
        servers = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        for name, url in servers.items():
            wait_until_answers(url + "/healthz", processes[name], f"gunicorn {name}")
        https = f"https://127.0.0.1:{https_port}"
        wait_until_answers(https + "/healthz", processes["nginx"], "nginx")
        yield Site(https, f"http://127.0.0.1:{http_port}", servers, processes)
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=30)


class Browser:
    """A browser's cookies, sent to whichever server is asked (the ``__Host-`` cookies are
    Secure: an app server behind the proxy is reached over plain HTTP)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def get(self, url: str, **options) -> requests.Response:
        return self.request("GET", url, **options)

    def request(self, method: str, url: str, **options) -> requests.Response:
        headers = {**(FORWARDED if url.startswith("http:") else {}), **options.pop("headers", {})}
        response = requests.request(
            method,
            url,
            headers=headers,
            cookies=self.cookies,
            allow_redirects=False,
            verify=False,
            timeout=30,
            **options,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def submit(self, url: str, form_id: str | None, fields: dict, files=None) -> requests.Response:
        """Fill the form of the page at ``url`` as a browser would and post it there."""
        page = self.get(url)
        assert page.status_code == 200, page.status_code
        tree = lxml.html.fromstring(page.text)
        form = tree.get_element_by_id(form_id) if form_id else tree.forms[0]
        data = [(name, value) for name, value in form.form_values() if name not in fields]
        data += list(fields.items())
        origin = url.replace("http://", "https://", 1)
        return self.request("POST", url, data=data, files=files, headers={"Referer": origin})


def log_in(browser: Browser, server: str, username: str) -> None:
    answer = browser.submit(
        f"{server}/{settings.ADMIN_URL}login/", None, {"username": username, "password": PASSWORD}
    )
    assert answer.status_code == 302, answer.text[:500]


def jpeg() -> bytes:
    picture = Image.new("RGB", (1200, 800), (40, 90, 160))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def test_an_editor_logged_in_on_one_server_works_on_the_other(site, editor):
    browser = Browser()
    log_in(browser, site.servers["a"], editor.username)
    admin = browser.get(f"{site.servers['b']}/{settings.ADMIN_URL}")
    assert admin.status_code == 200
    assert "logout" in admin.text
    # And through nginx, whichever server it picks for each request.
    for _ in range(4):
        assert browser.get(f"{site.https}/{settings.ADMIN_URL}").status_code == 200


def test_what_one_server_publishes_the_other_shows_at_once(site, editor, make_article):
    draft = make_article("Подача воды восстановлена", status=Article.Status.DRAFT)
    reader = Browser()
    for server in site.servers.values():  # both have the home page cached without it
        assert "Подача воды" not in reader.get(server + "/").text
    browser = Browser()
    log_in(browser, site.servers["a"], editor.username)
    changelist = f"{site.servers['a']}/{settings.ADMIN_URL}news/article/"
    page = browser.get(changelist)
    token = lxml.html.fromstring(page.text).xpath("//input[@name='csrfmiddlewaretoken']/@value")
    published = browser.request(
        "POST",
        changelist,
        data={
            "csrfmiddlewaretoken": token[0],
            "action": "publish_selected",
            "index": 0,
            "_selected_action": draft.pk,
        },
        headers={"Referer": changelist.replace("http://", "https://")},
    )
    assert published.status_code == 302
    assert "Подача воды восстановлена" in reader.get(site.servers["b"] + "/").text
    assert "Подача воды восстановлена" in reader.get(site.https + "/").text


def test_an_image_uploaded_through_one_server_is_shown_by_the_other(site, editor, make_article):
    article = make_article("Фестиваль побратимов")
    browser = Browser()
    log_in(browser, site.servers["a"], editor.username)
    change = f"{site.servers['a']}/{settings.ADMIN_URL}news/article/{article.pk}/change/"
    saved = browser.submit(
        change,
        "article_form",
        {"lead_image_alt": "Участники фестиваля на площади", "_save": "Сохранить"},
        files={"lead_image_upload": ("festival.jpg", jpeg(), "image/jpeg")},
    )
    assert saved.status_code == 302, saved.text[:2000]
    page = Browser().get(site.servers["b"] + Article.objects.get(pk=article.pk).get_absolute_url())
    assert page.status_code == 200
    sources = lxml.html.fromstring(page.text).xpath(
        "//img[@alt='Участники фестиваля на площади']/@src"
    )
    assert sources, "the article page shows no lead image"
    image = requests.get(sources[0], timeout=10)
    assert image.status_code == 200
    assert image.headers["Content-Type"] == "image/jpeg"


def test_nginx_serves_static_files_redirects_to_https_and_limits_bodies(site):
    reader = Browser()
    _, fingerprinted = "", "css/site.0123456789ab.css"
    static = reader.get(
        f"{site.https}/static/{fingerprinted}", headers={"Accept-Encoding": "gzip"}
    )
    assert static.status_code == 200
    assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert static.headers["Content-Encoding"] == "gzip"
    assert static.headers["X-Content-Type-Options"] == "nosniff"
    plain = reader.get(f"{site.https}/static/css/site.css")
    assert plain.headers["Cache-Control"] == "public, max-age=3600"

    insecure = reader.get(f"{site.http}/news/?page=2")
    assert insecure.status_code == 301
    assert insecure.headers["Location"] == "https://127.0.0.1/news/?page=2"

    home = reader.get(site.https + "/")
    assert home.status_code == 200
    assert "max-age=31536000" in home.headers["Strict-Transport-Security"]
    assert "Server" not in home.headers or "nginx/" not in home.headers["Server"]

    too_large = reader.request("POST", site.https + "/subscribe/", data={"x": "я" * 1_000_000})
    assert too_large.status_code == 413


def test_nginx_keeps_serving_when_one_app_server_stops(site):
    site.processes["a"].terminate()
    site.processes["a"].wait(timeout=30)
    reader = Browser()
    answers = [reader.get(site.https + path).status_code for path in ("/", "/news/") * 3]
    assert answers == [200] * 6


def test_the_admin_and_the_editor_go_to_the_editors_servers_only(site):
    reader = Browser()
    login = f"{site.https}/{settings.ADMIN_URL}login/"
    assert reader.get(login).status_code == 200
    site.processes["b"].terminate()  # the editors' one server
    site.processes["b"].wait(timeout=30)
    assert [reader.get(site.https + "/").status_code for _ in range(4)] == [200] * 4
    assert reader.get(login).status_code == 502
    assert reader.get(site.https + "/editor/link-search/?q=вода").status_code == 502
