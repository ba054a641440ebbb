"""Vestnik settings: one module, every value from the environment with a safe default.

The embedded default is a SQLite file under ``var/`` and a local-memory cache; production
sets ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` and a real ``DJANGO_SECRET_KEY``.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# A key that is only good for development: refused whenever DEBUG is off.
INSECURE_DEV_KEY = "insecure-development-key-never-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=INSECURE_DEV_KEY)
if not DEBUG and (SECRET_KEY == INSECURE_DEV_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters "
        "when DJANGO_DEBUG is off. For local development set DJANGO_DEBUG=1 "
        "(make demo does this for you)."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin's default site asks staff who have a TOTP device for their one-time code.
    "portal.admin_config.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_ckeditor_5",
    "django_filters",
    "imagekit",
    "solo",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes for staff who lose their phone
    "reversion",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "portal",
    "media",
    "news",
    "partnerships",
    "channels",
    "alerts",
    "documents",
    "opendata",
    "press",
    "pages",
    # The open data API (django-ninja, whose static files include Swagger UI for /api/docs/).
    "ninja",
    "corsheaders",
    "api",
]
# The benchmark's data generator (bench/) is a development tool: never installed in production.
if DEBUG or env.bool("VESTNIK_BENCHMARK", default=False):
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache and WhiteNoise, so every answer carries these headers: cached
    # pages, static files, errors, even a failure in the middleware below.
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Outside the page cache too: cached API answers get the CORS headers of each request.
    "corsheaders.middleware.CorsMiddleware",
    # Outside the page cache, so it reads the query string as sent: a 404 whose address has a
    # redirect (portal.redirects) becomes a 301.
    "portal.redirects.middleware.RedirectFallbackMiddleware",
    # Early, so a hit skips the rest of the stack: it stores pages with the headers, the
    # compression and the ETag that the middleware below gave them.
    "portal.cache.PublicPageCacheMiddleware",
    "portal.faults.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'vestnik.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that accepts connections but never answers must not hold every request until
# gunicorn kills the worker: connecting gives up after DATABASE_CONNECT_TIMEOUT seconds (the
# reader gets the 503 page) and a statement after DATABASE_STATEMENT_TIMEOUT seconds. Commands
# run through manage.py (migrations, imports, content generation) have no statement limit.
DATABASE_CONNECT_TIMEOUT = env.int("DJANGO_DB_CONNECT_TIMEOUT", default=3)
DATABASE_STATEMENT_TIMEOUT = env.float("DJANGO_DB_STATEMENT_TIMEOUT", default=15)
_database_options = DATABASES["default"].setdefault("OPTIONS", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _database_options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    # A server that vanishes from the network is noticed too, not waited for.
    _database_options.setdefault("keepalives_idle", 10)
    _database_options.setdefault("keepalives_interval", 5)
    _database_options.setdefault("keepalives_count", 2)
    _database_options.setdefault("tcp_user_timeout", 20_000)
    _database_options["options"] = " ".join(
        filter(
            None,
            [
                _database_options.get("options", ""),
                f"-c statement_timeout={round(DATABASE_STATEMENT_TIMEOUT * 1000)}",
            ],
        )
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # How long a statement waits for another connection's write lock.
    _database_options.setdefault("timeout", DATABASE_CONNECT_TIMEOUT)

# A streaming replica of the PostgreSQL primary: anonymous readers' queries go there while it
# is current (portal/replica.py); given up on quickly when it does not answer.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs PostgreSQL as DATABASE_URL")
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            **_database_options,
            "connect_timeout": env.int("DJANGO_DB_REPLICA_CONNECT_TIMEOUT", default=1),
        },
        # Tests of a process with a replica read the test database through it.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["portal.replica.ReplicaRouter"]
    # Before the page cache: the pages it renders for anonymous readers read the replica.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("portal.cache.PublicPageCacheMiddleware"),
        "portal.replica.ReplicaReadsMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL: every statement of one search is cancelled after this many seconds (the reader is
# asked to narrow the query); a search is never a reason to hold a worker for long.
SEARCH_STATEMENT_TIMEOUT = env.float("DJANGO_SEARCH_TIMEOUT", default=3)

REDIS_URL = env.str("REDIS_URL", default="") or env.str("CACHE_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="vestnik"),
            "OPTIONS": {
                "PARSER_CLASS": "redis.connection._HiredisParser",
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
                "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT", default=1.0),
                # Redis down must not take the site down: errors are logged and read as
                # misses, and a failed Redis is left alone for a few seconds.
                "IGNORE_EXCEPTIONS": True,
                "REDIS_CLIENT_CLASS": "portal.redis_breaker.RedisLeftAloneAfterFailure",
            },
        }
    }
    # Every ignored error is logged with its traceback (portal.redis_breaker logs the outage
    # once, and its end); a deployment may keep only those.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = env.bool(
        "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS", default=True
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The site settings singleton is read on every page: keep it in the cache.
SOLO_CACHE = "default"
SOLO_CACHE_TIMEOUT = 300

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes must come first: it refuses a login for a locked-out user and IP before any
# password is checked. It needs the request, which the admin login passes; tests log in
# with client.force_login() or client.login(request=HttpRequest(), ...).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Another origin when media lives elsewhere (S3-compatible storage): the CSP allows its images.
MEDIA_URL = env.str("DJANGO_MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
# Uploads of a form the admin refused, kept until it is saved again (portal.kept_uploads).
# Never under MEDIA_ROOT: they are not public.
KEPT_UPLOADS_ROOT = env.path("DJANGO_KEPT_UPLOADS_ROOT", default=VAR_DIR / "kept-uploads")
# Files of records that can be unpublished (agreement documents), served only by views that
# check the record (portal.private_files). Never under MEDIA_ROOT, which is served to anyone.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private-media")
# Documents uploaded in the admin for an import (news.importing.uploads), until it has run;
# never under MEDIA_ROOT, and shared with the workers when they run on other machines.
IMPORT_UPLOADS_ROOT = env.path("DJANGO_IMPORT_UPLOADS_ROOT", default=VAR_DIR / "import-uploads")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "portal.private_files.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Media in an S3-compatible bucket (the city's MinIO, Yandex Object Storage, VK Cloud...)
# when DJANGO_S3_BUCKET is set, so that several app servers share it (config.media,
# portal.media_storage): uploads and renditions under DJANGO_S3_MEDIA_PREFIX, readable by
# anyone at MEDIA_URL (derived from the endpoint, or DJANGO_S3_CUSTOM_DOMAIN, unless
# DJANGO_MEDIA_URL is set); the private storage under DJANGO_S3_PRIVATE_PREFIX (of
# DJANGO_S3_PRIVATE_BUCKET if set), private objects read only by the site. Unset: the disk.
S3_BUCKET = env.str("DJANGO_S3_BUCKET", default="")
if S3_BUCKET:
    from config.media import bucket_storages

    _bucket_media = bucket_storages(
        bucket=S3_BUCKET,
        endpoint_url=env.str("DJANGO_S3_ENDPOINT_URL", default=""),
        access_key=env.str("DJANGO_S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("DJANGO_S3_SECRET_ACCESS_KEY", default=""),
        region=env.str("DJANGO_S3_REGION", default="us-east-1"),
        media_prefix=env.str("DJANGO_S3_MEDIA_PREFIX", default="media"),
        private_bucket=env.str("DJANGO_S3_PRIVATE_BUCKET", default=""),
        private_prefix=env.str("DJANGO_S3_PRIVATE_PREFIX", default="private"),
        custom_domain=env.str("DJANGO_S3_CUSTOM_DOMAIN", default=""),
        addressing_style=env.str("DJANGO_S3_ADDRESSING_STYLE", default="path"),
        # "" for a service that grants reading by a bucket policy instead of object ACLs.
        public_acl=env.str("DJANGO_S3_PUBLIC_ACL", default="public-read"),
        private_acl=env.str("DJANGO_S3_PRIVATE_ACL", default="private"),
        media_url=env.str("DJANGO_MEDIA_URL", default=""),
    )
    MEDIA_URL = _bucket_media.media_url
    STORAGES.update(_bucket_media.storages)
# Serve media through Django only where no reverse proxy does it (development, demo), and
# never from the disk when it is in a bucket.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG) and not S3_BUCKET
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# Uploads: the limits every image field and the rich-text editor enforce.
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=15 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env.int("IMAGE_UPLOAD_MAX_PIXELS", default=40_000_000)
# All frames of a GIF animation together: re-encoding 10 megapixels of noise takes a second.
IMAGE_UPLOAD_MAX_ANIMATION_PIXELS = env.int(
    "IMAGE_UPLOAD_MAX_ANIMATION_PIXELS", default=10_000_000
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# manage.py import_news: the limits of one document and of one item, and where it may fetch
# from (public addresses on these ports only, unless a network is listed, e.g. an intranet).
IMPORT_SOURCE_MAX_BYTES = env.int("IMPORT_SOURCE_MAX_BYTES", default=64 * 1024 * 1024)
IMPORT_ITEM_MAX_BYTES = env.int("IMPORT_ITEM_MAX_BYTES", default=1024 * 1024)
IMPORT_FETCH_ALLOWED_PORTS = env.list("IMPORT_FETCH_ALLOWED_PORTS", cast=int, default=[80, 443])
IMPORT_FETCH_ALLOWED_NETWORKS = env.list("IMPORT_FETCH_ALLOWED_NETWORKS", default=[])
FILE_UPLOAD_PERMISSIONS = 0o644

IMAGEKIT_CACHEFILE_DIR = "renditions"
# Renditions are made by a task after the source image is saved (portal.renditions), never
# in a request.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "portal.renditions.Deferred"
IMAGEKIT_SPEC_CACHEFILE_NAMER = "imagekit.cachefiles.namers.source_name_as_path"

CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "portal:editor-image-upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "webp", "gif"]
# The editing area in the public site's type styles (headings larger than the text, lists, quotes).
CKEDITOR_5_CUSTOM_CSS = "css/editor.css"
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "ru",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "insertImage",
                "insertTable",
                "mediaEmbed",
                "|",
                "undo",
                "redo",
            ],
            "shouldNotGroupWhenFull": True,
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraph", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Heading 2",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "Heading 3",
                    "class": "ck-heading_heading3",
                },
                {
                    "model": "heading4",
                    "view": "h4",
                    "title": "Heading 4",
                    "class": "ck-heading_heading4",
                },
            ]
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "toggleImageCaption",
                "|",
                "imageStyle:inline",
                "imageStyle:block",
                "imageStyle:side",
            ],
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        # Videos by their link, from VK Video and Rutube only (portal.embeds turns them into
        # players on save). One pattern a provider: django-ckeditor-5 makes a RegExp of a
        # string written /…/, but would join a list of them into one.
        "mediaEmbed": {
            "previewsInData": False,
            "providers": [
                {"name": "rutube", "url": r"/^rutube\.ru\/(?:video|play\/embed)\/[0-9a-f]{32}/"},
                {
                    "name": "vkvideo",
                    "url": r"/^(?:m\.)?(?:vk\.com|vkvideo\.ru)\/(?:(?:video|clip)-?\d+_\d+"
                    r"|video_ext\.php\?|[\w\/.-]*\?(?:[^#]*&)?z=(?:video|clip)-?\d+_\d+)/",
                },
            ],
        },
    },
}

LOGIN_URL = "admin:login"
# An editor's session lasts one working day at most and ends when the browser closes
# (office computers are shared).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # CKEditor reads the token to upload images.
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Production behind a TLS-terminating reverse proxy.
USE_TLS = env.bool("DJANGO_USE_TLS", default=not DEBUG)
if USE_TLS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix: the browser keeps these cookies only for this exact host over HTTPS.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"


# Content-Security-Policy (django-csp): public pages have no inline scripts or styles and load
# nothing from other origins, except images from MEDIA_URL's origin when media lives elsewhere
# and the players of VK Video and Rutube in frames (the only frames rich text keeps:
# portal.embeds.FRAME_HOSTS). The admin also allows style attributes and frames of its own
# (the live preview: portal.middleware). Scripts are never inline.
VIDEO_FRAME_HOSTS = ["https://rutube.ru", "https://vk.com", "https://vkvideo.ru"]
_media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "://" in MEDIA_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [_media_origin])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "frame-src": VIDEO_FRAME_HOSTS,
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": USE_TLS,
    }
}
# Permissions-Policy (django-permissions-policy): no page needs any of these features.
_UNUSED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
)
PERMISSIONS_POLICY = {feature: [] for feature in _UNUSED_FEATURES}


def _site_url_from_hosts(hosts: list[str], tls: bool) -> str:
    """The site's address from the first host it answers to (``.example.ru`` → example.ru)."""
    host = next((host.lstrip(".") for host in hosts if host.lstrip(".") not in ("", "*")), "")
    if not host or host in ("localhost", "127.0.0.1", "[::1]"):
        return "http://127.0.0.1:8000"
    return f"{'https' if tls else 'http'}://{host}"


# The public base URL of links made where no request is at hand (the preview links sent to
# external approvers). Derived from DJANGO_ALLOWED_HOSTS unless set; `check --deploy` fails
# while it is a loopback address in production (portal.checks).
SITE_URL = env.str("SITE_URL", default=_site_url_from_hosts(ALLOWED_HOSTS, USE_TLS))
# How many reverse proxies append to X-Forwarded-For in front of the app (0: none, use the
# socket address). Login throttling counts attempts per client address.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)

ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured("DJANGO_ADMIN_URL must look like 'office-a1b2/': no leading slash.")

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked out for AXES_COOLOFF_TIME; after
# LOGIN_ADDRESS_FAILURE_LIMIT failures from one address, whatever the user names (a password
# sprayed over many accounts), the address is (portal.throttling).
AXES_ENABLED = env.bool("DJANGO_AXES_ENABLED", default=True)
AXES_HANDLER = "portal.throttling.LoginThrottleHandler"
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("DJANGO_AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.auth.client_ip"
AXES_COOLOFF_MESSAGE = _("Too many failed login attempts. Please try again later.")
AXES_PERMALOCK_MESSAGE = AXES_COOLOFF_MESSAGE

# Optional second factor (django-otp): staff who have set up an authenticator app must enter
# its one-time code at login; everyone else logs in with the password alone.
OTP_TOTP_ISSUER = env.str("DJANGO_OTP_ISSUER", default="Vestnik")

# Documents attached to content (agreements' PDFs): see portal.documents.
DOCUMENT_UPLOAD_MAX_BYTES = env.int("DOCUMENT_UPLOAD_MAX_BYTES", default=30 * 1024 * 1024)

# make backup / make restore: where the archives go.
BACKUP_ROOT = env.path("DJANGO_BACKUP_ROOT", default=VAR_DIR / "backups")

# Saving or deleting a model of these apps invalidates every cached public page.
CONTENT_APPS = ("news", "partnerships", "portal", "alerts", "pages", "documents", "media")
# The publisher's INN (ИНН), the first part of every open data set's identifier and address
# (/opendata/<INN>-agreements/), as the open data recommendations ask; set it before the
# section is announced, as changing it moves every set. Empty: the bare names.
OPENDATA_PUBLISHER_INN = env.str("OPENDATA_PUBLISHER_INN", default="")
# After a publish or an edit (not an unpublish or a delete), cached pages may be served as
# they were for this many seconds while one request per page renders it anew; 0: never.
PAGE_CACHE_STALE_SECONDS = env.float("PAGE_CACHE_STALE_SECONDS", default=5)
# How many of those pages may be rendered anew at once, across the app servers (0: as many
# as are asked for); the others stay stale meanwhile, within the same limit of seconds.
PAGE_CACHE_RENDERERS = env.int("PAGE_CACHE_RENDERERS", default=1)

NEWS_PAGE_SIZE = 20

# The open data API is public and read-only: any site's scripts may read it, without
# credentials. The rest of the site sends no CORS headers.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_PREFLIGHT_MAX_AGE = 86400
# How long a shared preview link of an unpublished article stays valid.
NEWS_PREVIEW_LINK_HOURS = env.int("NEWS_PREVIEW_LINK_HOURS", default=72)
FEED_ITEMS = 30

# Work outside the request (e-mail, renditions, imports): Django's tasks API, the
# tasks stored in the database, run by `manage.py run_worker` (portal.queue: retries with
# back-off, tasks of a killed worker taken up again after TASKS_LEASE_SECONDS).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASKS_MAX_ATTEMPTS = env.int("TASKS_MAX_ATTEMPTS", default=6)
TASKS_RETRY_BASE_SECONDS = env.int("TASKS_RETRY_BASE_SECONDS", default=60)
TASKS_LEASE_SECONDS = env.int("TASKS_LEASE_SECONDS", default=15 * 60)
# /healthz/queue answers 503 when the oldest task ready to run has waited longer than this.
TASKS_STALLED_AFTER_SECONDS = env.int("TASKS_STALLED_AFTER_SECONDS", default=10 * 60)
# From this hour (Moscow time) a worker enqueues the day's daily tasks (reminders, digests
# of staff and residents)
# once (portal.periodic); -1 leaves it to cron running `manage.py run_daily_checks`.
DAILY_TASKS_HOUR = env.int("DAILY_TASKS_HOUR", default=7)

# The editors' autosaved drafts (portal.desk) untouched for this many days are purged by a
# daily task; an open change form beats every DESK_HEARTBEAT_SECONDS to show who is editing.
DESK_DRAFT_DAYS = env.int("DESK_DRAFT_DAYS", default=30)
DESK_HEARTBEAT_SECONDS = env.int("DESK_HEARTBEAT_SECONDS", default=15)

# E-mail: smtp://user:password@host:587 (smtp+tls://, smtp+ssl:// too); the console backend
# by default, so `make demo` prints the mails the worker sends.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL_CONFIG.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Вестник <vestnik@localhost>")

# Residents' e-mail subscriptions (channels.subscriptions): how long a confirmation link
# works, the confirmation mails allowed per address a day and per client address an hour,
# mails per sending task, the most mails a second one worker sends them at (0: no limit; a
# steady rate leaves the CPU to the web workers and keeps under an SMTP relay's limits: at 20,
# 10,000 subscribers are mailed in about 8 minutes), and how old an article's publication time may be when it is
# published to be mailed at all (not an imported archive). Their daily digest is one of the
# daily tasks (DAILY_TASKS_HOUR).
SUBSCRIPTIONS_CONFIRM_HOURS = env.int("SUBSCRIPTIONS_CONFIRM_HOURS", default=48)
SUBSCRIPTIONS_LIMIT_PER_ADDRESS_DAY = env.int("SUBSCRIPTIONS_LIMIT_PER_ADDRESS_DAY", default=3)
SUBSCRIPTIONS_LIMIT_PER_CLIENT_HOUR = env.int("SUBSCRIPTIONS_LIMIT_PER_CLIENT_HOUR", default=10)
SUBSCRIPTIONS_BATCH = env.int("SUBSCRIPTIONS_BATCH", default=100)
SUBSCRIPTIONS_MAIL_RATE = env.float("SUBSCRIPTIONS_MAIL_RATE", default=20)
SUBSCRIPTIONS_FRESH_HOURS = env.int("SUBSCRIPTIONS_FRESH_HOURS", default=48)
# Accreditation requests of journalists (press/limits.py): per client an hour, per address a day.
PRESS_LIMIT_PER_CLIENT_HOUR = env.int("PRESS_LIMIT_PER_CLIENT_HOUR", default=5)
PRESS_LIMIT_PER_ADDRESS_DAY = env.int("PRESS_LIMIT_PER_ADDRESS_DAY", default=5)

# Cross-posting to the office's Telegram channel, VK community and OK group
# (channels/crossposting/). The API addresses are settings so the tests point the clients at
# a server on loopback; tokens given here win over those stored (encrypted) in the admin.
CROSSPOST_TELEGRAM_API_URL = env.str(
    "CROSSPOST_TELEGRAM_API_URL", default="https://api.telegram.org"
)
CROSSPOST_VK_API_URL = env.str("CROSSPOST_VK_API_URL", default="https://api.vk.com/method")
CROSSPOST_OK_API_URL = env.str("CROSSPOST_OK_API_URL", default="https://api.ok.ru/fb.do")
CROSSPOST_TOKENS = {
    "telegram": env.str("CROSSPOST_TELEGRAM_TOKEN", default=""),
    "vk": env.str("CROSSPOST_VK_TOKEN", default=""),
    "ok": env.str("CROSSPOST_OK_TOKEN", default=""),
}
CROSSPOST_OK_APP_SECRET = env.str("CROSSPOST_OK_APP_SECRET", default="")
CROSSPOST_TOKEN_KEY = env.str("CROSSPOST_TOKEN_KEY", default="")  # else derived from SECRET_KEY
CROSSPOST_TIMEOUTS = (
    env.float("CROSSPOST_CONNECT_TIMEOUT", default=5.0),
    env.float("CROSSPOST_READ_TIMEOUT", default=30.0),
)
CROSSPOST_MAX_ATTEMPTS = env.int("CROSSPOST_MAX_ATTEMPTS", default=6)
CROSSPOST_SENDING_STALE_SECONDS = env.int("CROSSPOST_SENDING_STALE_SECONDS", default=10 * 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
