"""Django settings for Hadir, read from the environment.

Every setting a deployment may change is listed in docs/configuration.md; a test fails when a
``HADIR_*`` variable read here is missing from that page.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


DATA_DIR = Path(os.environ.get("HADIR_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)
DEBUG = env_bool("HADIR_DEBUG", False)
# A development key is only acceptable when DEBUG is on; production must set HADIR_SECRET_KEY.
SECRET_KEY = os.environ.get("HADIR_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("HADIR_ALLOW_INSECURE_KEY", False):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "HADIR_SECRET_KEY is not set. Set it (50+ random characters), "
            "or set HADIR_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
# Earlier keys, comma-separated, after a key change (docs/configuration.md): sessions, signed
# links and sealed face embeddings made with them still open; `hadir faces reseal` moves the
# embeddings to the current key, after which the old key can be removed.
SECRET_KEY_FALLBACKS = [
    k.strip() for k in os.environ.get("HADIR_SECRET_KEY_FALLBACKS", "").split(",") if k.strip()
]

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("HADIR_ALLOWED_HOSTS", "").split(",") if h.strip()
]
if not ALLOWED_HOSTS:
    # Local runs (DEBUG, or the development key of `make demo`, tests and benchmarks) answer
    # any host name; a production server must say which names are its own.
    if not DEBUG and not env_bool("HADIR_ALLOW_INSECURE_KEY", False):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "HADIR_ALLOWED_HOSTS is not set. Set it to the name(s) this server answers to, "
            "comma-separated (e.g. HADIR_ALLOWED_HOSTS=presensi.example.go.id). "
            "For local development set HADIR_DEBUG=1."
        )
    ALLOWED_HOSTS = ["*"]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("HADIR_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "hadir",
    "hadir.audit",
    "hadir.org",
    "hadir.people",
    "hadir.accounts",
    "hadir.imports",
    "hadir.jobs",
    "hadir.schedules",
    "hadir.devices",
    "hadir.agents",
    "hadir.punches",
    "hadir.attendance",
    "hadir.mobile",
    "hadir.events",
    "hadir.requests",
    "hadir.reporting",
    "hadir.faces",
    "hadir.backup",
    "hadir.web",
]

MIDDLEWARE = [
    # First, so that it measures (and logs) every answer, redirects and refusals included.
    "hadir.monitoring.latency.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the session, user and messages (its page is in the normal layout); before views.
    "hadir.web.nul_guard.NulInFormMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hadir.org.middleware.RegionTimezoneMiddleware",
    "axes.middleware.AxesMiddleware",
    "hadir.web.security.SecurityHeadersMiddleware",
]
# Hadir's own error pages (hadir.web.errors; handler400/403/404/500 in urls.py).
CSRF_FAILURE_VIEW = "hadir.web.errors.csrf_failure"

ROOT_URLCONF = "hadir.urls"
WSGI_APPLICATION = "hadir.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hadir.web.context.navigation",
            ],
            "builtins": ["hadir.web.templatetags.words"],
        },
    }
]

# Database: SQLite in HADIR_DATA_DIR unless DATABASE_URL says otherwise.
DEFAULT_SQLITE_URL = f"sqlite:///{DATA_DIR / 'hadir.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept (conn_max_age above): opening one and running the PRAGMAs took
    # ~0.8 ms, more than a whole machine poll takes once connected.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while the worker writes; IMMEDIATE avoids deadlocks on upgrade.
        # A checkpoint (copying the write-ahead log back into the database, with two fsyncs)
        # every 10,000 pages (40 MB) rather than SQLite's 1,000: the pages a morning of
        # uploads or a month's recompute keep rewriting (the ends of the ledger's and the
        # results' indexes) are copied back once per checkpoint, not ten times (issue 15:
        # PUSH uploads +17 to 23 %, a cold month -0.6 s). The log is cut back to 64 MB after.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=15000;"
            " PRAGMA wal_autocheckpoint=10000; PRAGMA journal_size_limit=67108864;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("HADIR_TEST_SQLITE_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "hadir.accounts.backends.NipOrUsernameBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: per account AND source address (NIP and username map to the same account key).
# Keyed by account alone, anyone could lock a colleague out by typing their NIP five times;
# by address alone, a whole unit behind one NAT address would be locked by one person's typos
# (docs/decisions.md). Behind a reverse proxy, HADIR_PROXY_COUNT says how many proxies add
# themselves to X-Forwarded-For, so the real address is used, not the proxy's.
AXES_FAILURE_LIMIT = env_int("HADIR_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("HADIR_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "hadir.accounts.backends.lockout_key"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
HADIR_PROXY_COUNT = env_int("HADIR_PROXY_COUNT", 0)
if HADIR_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = HADIR_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
# Served over HTTPS (HADIR_HTTPS=1): cookies only over HTTPS, HSTS, and plain HTTP redirected.
# Behind a proxy that ends TLS, it must set X-Forwarded-Proto (docs/configuration.md).
HADIR_HTTPS = env_bool("HADIR_HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("HADIR_SECURE_COOKIES", HADIR_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if HADIR_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("HADIR_SSL_REDIRECT", True)
    # Fingerprint machines push over plain HTTP and do not follow redirects (docs/devices.md).
    SECURE_REDIRECT_EXEMPT = [r"^iclock/"]
    SECURE_HSTS_SECONDS = env_int("HADIR_HSTS_SECONDS", 60 * 60 * 24 * 365)
    # HSTS covers names *under* Hadir's own (presensi.example.go.id), never the kabupaten's
    # other sites, so including subdomains is safe; preloading needs a submission to the
    # browsers' list and is left to the operator.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HADIR_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HADIR_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # The preload list takes whole registrable domains (kabupaten.go.id and every site
        # under it): the kabupaten's decision, not Hadir's, so `check --deploy` does not ask.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# "4 Desember 2026" and "07:12" instead of Django's "4 Des. 2026, 7.12" (hadir/formats/id).
FORMAT_MODULE_PATH = ["hadir.formats"]
USE_I18N = True
USE_TZ = True
# Until the region is configured, times are shown in WIB; RegionTimezoneMiddleware then
# activates the region's own zone (WIB, WITA or WIT) for every request.
TIME_ZONE = os.environ.get("HADIR_TIME_ZONE", "Asia/Jakarta")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "files"
MEDIA_URL = "/files/"
# The guides (/panduan/) are the Markdown files of the source tree's docs/panduan/.
PANDUAN_DIR = BASE_DIR.parent.parent / "docs" / "panduan"

# Uploads: imports are small tables; anything larger is refused with a clear message.
HADIR_IMPORT_MAX_BYTES = env_int("HADIR_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("HADIR_UPLOAD_MAX_MEMORY_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Every uploaded table (imports, flashdisk files) is read as a stream under these limits, so
# one upload uses little, fixed memory whatever it claims about itself (docs/configuration.md).
HADIR_UPLOAD_MAX_ROWS = env_int("HADIR_UPLOAD_MAX_ROWS", 200_000)
HADIR_UPLOAD_MAX_COLUMNS = env_int("HADIR_UPLOAD_MAX_COLUMNS", 50)
HADIR_UPLOAD_MAX_CELL_CHARS = env_int("HADIR_UPLOAD_MAX_CELL_CHARS", 1_000)
HADIR_UPLOAD_MAX_UNPACKED_BYTES = env_int("HADIR_UPLOAD_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)
HADIR_UPLOAD_MAX_COMPRESSION_RATIO = env_int("HADIR_UPLOAD_MAX_COMPRESSION_RATIO", 200)
HADIR_UPLOAD_MAX_ZIP_ENTRIES = env_int("HADIR_UPLOAD_MAX_ZIP_ENTRIES", 200)

# Requests and evidence (docs/requests.md): largest evidence file (a phone video of the face),
# how long evidence is kept, how long a request may wait for the head of unit before it is
# escalated to BKD or rejected, which kinds BKD verifies after the head, and leave quotas.
HADIR_EVIDENCE_MAX_BYTES = env_int("HADIR_EVIDENCE_MAX_BYTES", 50 * 1024 * 1024)
HADIR_EVIDENCE_RETENTION_DAYS = env_int("HADIR_EVIDENCE_RETENTION_DAYS", 730)
# Face match of phone captures against reference faces (docs/faces.md).
HADIR_FACE_MATCH = env_bool("HADIR_FACE_MATCH", True)
_face_threshold = os.environ.get("HADIR_FACE_THRESHOLD", "0.5")
try:
    HADIR_FACE_THRESHOLD = float(_face_threshold)
except ValueError:
    HADIR_FACE_THRESHOLD = float("nan")
if not 0.2 <= HADIR_FACE_THRESHOLD <= 0.9:  # also refuses NaN
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"HADIR_FACE_THRESHOLD must be a number from 0.2 to 0.9, not {_face_threshold!r}"
    )
HADIR_REQUEST_PENDING_DAYS = env_int("HADIR_REQUEST_PENDING_DAYS", 3)
HADIR_REQUEST_PENDING_ACTION = os.environ.get("HADIR_REQUEST_PENDING_ACTION", "escalate")
HADIR_REQUEST_VERIFY_KINDS = [
    k.strip() for k in os.environ.get("HADIR_REQUEST_VERIFY_KINDS", "").split(",") if k.strip()
]
HADIR_LEAVE_ANNUAL_DAYS = env_int("HADIR_LEAVE_ANNUAL_DAYS", 12)
HADIR_LEAVE_ANNUAL_DAYS_PPPK = env_int("HADIR_LEAVE_ANNUAL_DAYS_PPPK", 12)
HADIR_LEAVE_CARRY_OVER_DAYS = env_int("HADIR_LEAVE_CARRY_OVER_DAYS", 6)

# Phone attendance (docs/mobile.md): worst GPS accuracy accepted, largest difference between
# the phone's clock and the server's, fastest believable travel between two captures.
HADIR_APP_MAX_ACCURACY_M = env_int("HADIR_APP_MAX_ACCURACY_M", 100)
HADIR_APP_MAX_CLOCK_SKEW_SECONDS = env_int("HADIR_APP_MAX_CLOCK_SKEW_SECONDS", 300)
HADIR_APP_MAX_SPEED_KMH = env_int("HADIR_APP_MAX_SPEED_KMH", 200)

# Validation at the edge (src/hadir/edge, docs/configuration.md "Limits"): the years a month,
# year or date from outside may name.
HADIR_EARLIEST_YEAR = env_int("HADIR_EARLIEST_YEAR", 2000)
HADIR_FUTURE_YEARS = env_int("HADIR_FUTURE_YEARS", 1)

# The punch ledger is K hash chains ("shards", docs/security.md "Hash chains"): an upload
# goes to the shard of its source (machine serial, file, phone), so uploads to different
# shards never wait on one another's chain head. Changing K later is safe: every shard that
# holds a batch is verified whatever K says now.
HADIR_LEDGER_SHARDS = max(1, env_int("HADIR_LEDGER_SHARDS", 16))

# Background work: seconds between worker polls when idle.
HADIR_WORKER_IDLE_SECONDS = float(os.environ.get("HADIR_WORKER_IDLE_SECONDS", "2"))
# The worker's heartbeat row (docs/operations.md): written at most this often, and /health/
# calls the worker stale (503) when the last beat is older than HADIR_WORKER_STALE_SECONDS.
HADIR_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("HADIR_WORKER_HEARTBEAT_SECONDS", "10"))
HADIR_WORKER_STALE_SECONDS = float(os.environ.get("HADIR_WORKER_STALE_SECONDS", "300"))

# Backups (docs/operations.md): the worker writes one every HADIR_BACKUP_INTERVAL_HOURS
# (0 = only by hand, `hadir backup`) into HADIR_BACKUP_DIR and keeps the newest
# HADIR_BACKUP_KEEP; with HADIR_BACKUP_PASSPHRASE_FILE set they are encrypted.
HADIR_BACKUP_DIR = Path(os.environ.get("HADIR_BACKUP_DIR", DATA_DIR / "backups")).resolve()
HADIR_BACKUP_INTERVAL_HOURS = float(os.environ.get("HADIR_BACKUP_INTERVAL_HOURS", "0"))
HADIR_BACKUP_KEEP = env_int("HADIR_BACKUP_KEEP", 7)
HADIR_BACKUP_PASSPHRASE_FILE = os.environ.get("HADIR_BACKUP_PASSPHRASE_FILE", "")

# Fingerprint machines (docs/devices.md): a machine not heard from for this many hours is
# shown as offline; a clock further off than this many seconds is corrected; a command sent
# but not answered is sent again after this many minutes.
HADIR_DEVICE_OFFLINE_HOURS = float(os.environ.get("HADIR_DEVICE_OFFLINE_HOURS", "2"))
HADIR_DEVICE_CLOCK_DRIFT_SECONDS = env_int("HADIR_DEVICE_CLOCK_DRIFT_SECONDS", 120)
HADIR_DEVICE_COMMAND_TIMEOUT_MINUTES = env_int("HADIR_DEVICE_COMMAND_TIMEOUT_MINUTES", 10)
# Flashdisk files: largest accepted, and how old a punch in one may be (older lines are kept
# in quarantine, not counted: the policy window for late data).
HADIR_USB_MAX_BYTES = env_int("HADIR_USB_MAX_BYTES", 20 * 1024 * 1024)
HADIR_USB_MAX_AGE_DAYS = env_int("HADIR_USB_MAX_AGE_DAYS", 35)
# PUSH trust and limits (docs/security.md): proxies whose X-Forwarded-For is believed
# (comma-separated addresses or CIDR ranges; empty = REMOTE_ADDR only), the largest upload
# body, lines in one upload, refused lines kept per machine per hour, new serial numbers
# accepted per source address per hour, and how long a registration window stays open.
HADIR_TRUSTED_PROXIES = os.environ.get("HADIR_TRUSTED_PROXIES", "")
HADIR_PUSH_MAX_BODY_BYTES = env_int("HADIR_PUSH_MAX_BODY_BYTES", 1024 * 1024)
HADIR_PUSH_MAX_LINES = env_int("HADIR_PUSH_MAX_LINES", 2000)
HADIR_PUSH_QUARANTINE_PER_HOUR = env_int("HADIR_PUSH_QUARANTINE_PER_HOUR", 1000)
HADIR_PUSH_NEW_MACHINES_PER_HOUR = env_int("HADIR_PUSH_NEW_MACHINES_PER_HOUR", 10)
HADIR_PUSH_REGISTRY_WINDOW_MINUTES = env_int("HADIR_PUSH_REGISTRY_WINDOW_MINUTES", 60)
# Punches later than now plus this are quarantined on every channel (punches/gate.py).
HADIR_PUNCH_FUTURE_TOLERANCE_MINUTES = env_int("HADIR_PUNCH_FUTURE_TOLERANCE_MINUTES", 10)
# Tests only: the PUSH upload view exits the process after storing a batch, before the commit.
HADIR_TEST_DIE_BEFORE_COMMIT = env_bool("HADIR_TEST_DIE_BEFORE_COMMIT", False)

NINJA_PAGINATION_PER_PAGE = 100

# Monitoring (docs/deploy.md): /metrics answers a bearer token or callers from these ranges
# (comma-separated addresses or CIDRs; behind nginx the address comes from
# HADIR_TRUSTED_PROXIES); with neither set it does not exist (404). /health/ turns 503 when
# the data directory's disk has less free space than HADIR_HEALTH_MIN_FREE_MB.
HADIR_METRICS_TOKEN = os.environ.get("HADIR_METRICS_TOKEN", "")
HADIR_METRICS_ALLOW = os.environ.get("HADIR_METRICS_ALLOW", "")
HADIR_HEALTH_MIN_FREE_MB = env_int("HADIR_HEALTH_MIN_FREE_MB", 1024)
# Log lines as plain text (default) or one JSON object per line (HADIR_LOG_FORMAT=json).
HADIR_LOG_FORMAT = os.environ.get("HADIR_LOG_FORMAT", "plain").strip().lower()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "hadir.monitoring.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if HADIR_LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("HADIR_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.server": {"level": "WARNING"},
        # Its lines name the path, and paths carry NIPs; every 500 is logged by
        # hadir.errors instead, with the route pattern and the page's reference number.
        "django.request": {"level": "CRITICAL"},
    },
}
