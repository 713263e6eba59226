"""Django settings, read from the environment (see dotenv-sample).

Defaults give a working development/demo set-up on SQLite; `SOTAY_DEBUG=0` plus a real
`SECRET_KEY`, `ALLOWED_HOSTS` and `DATABASE_URL` give a production set-up that passes
`manage.py check --deploy`.
"""

import os
from pathlib import Path

from django.utils.csp import CSP

from sotay.dbconfig import PostgresTuning, database_from_url
from sotay.env import ConfigError, envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
_data_dir = os.environ.get("SOTAY_DATA_DIR")
if _data_dir is not None and not _data_dir.strip():
    # Path("") is the current directory: the database would land wherever the command was started.
    raise ConfigError(
        "SOTAY_DATA_DIR is set but empty: name a folder (e.g. /var/lib/sotay) or remove the line "
        "to use var/ in the project."
    )
DATA_DIR = Path(_data_dir.strip()) if _data_dir else BASE_DIR / "var"

# The demo (`make demo`) runs as a visitor would see the product: no debug pages (the Vietnamese error
# pages instead), yet served over plain HTTP on this machine with the development key.
DEMO = envbool("SOTAY_DEMO", False)
DEBUG = envbool("SOTAY_DEBUG", not DEMO)
# Served from this machine (development or demo): development key, local hosts, static files from the apps.
LOCAL = DEBUG or DEMO
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdefghij"
# An empty SECRET_KEY= line (as in dotenv-sample) counts as unset: the development key in debug mode.
SECRET_KEY = envstr("SECRET_KEY", "").strip() or (DEV_SECRET_KEY if LOCAL else "")
if not SECRET_KEY:
    raise ConfigError(
        "SECRET_KEY is empty and SOTAY_DEBUG=0: production needs a long random key (50+ characters), "
        "e.g. from `python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if LOCAL else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin with our site: root system administrators only, every change audited.
    "sotay.accounts.admin_apps.SotayAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "sotay.core",
    "sotay.orgs",
    "sotay.members",
    "sotay.accounts",
    "sotay.audit",
    "sotay.handbook",
    "sotay.corrections",
    "sotay.campaign",
    "sotay.meetings",
    # The document library and its Vietnamese search (docs/adr/0011-content-and-search.md).
    "sotay.library",
    # A member's private notes (on documents, later meetings).
    "sotay.notes",
    # Members' questions to their committees, answers published as Q&A.
    "sotay.questions",
    # News with an editorial board (draft, review, scheduled publishing) and a feed for members.
    "sotay.news",
    # Resolution study: a committee opens a study of documents, members hand in reflections.
    "sotay.study",
    # Operations dashboard at /dieu-hanh/: per-branch daily facts, funnel, league table, drill-down.
    "sotay.dashboard",
    "sotay.site",
    # Background tasks and the schedule (`sotay worker`; docs/adr/0010-background-tasks.md).
    "django_tasks_db",
    "sotay.jobs",
    "sotay.notifications",
    "sotay.usage",
    # The API at /api/v1/ (tokens, members, orgs): docs/api.md.
    "sotay.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Refuses an oversized API body (413 problem) before anything reads it (SOTAY_API_MAX_BODY_BYTES).
    "sotay.api.middleware.ApiBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The account itself as request.user from here on, not two lazy wrappers around it (cheaper reads).
    "sotay.accounts.middleware.ResolvedUserMiddleware",
    # A NUL character in a query string, form field or JSON body: 400 (422 from the API), before any view.
    "sotay.core.nul.NulCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Unit staff and system administrators confirm a TOTP code before any page (SOTAY_STAFF_2FA).
    "sotay.accounts.middleware.StaffTwoFactorMiddleware",
    # A form sent after the session ended: back to its page after signing in, not to a POST-only address.
    "sotay.accounts.middleware.StalePostSignInMiddleware",
    "sotay.audit.middleware.RequestContextMiddleware",
    # Counts a signed-in account's use once a day and platform (the dashboard's "active" figures).
    "sotay.usage.middleware.UsageMiddleware",
    # Last, so that it sees the authenticated user and the final response.
    "axes.middleware.AxesMiddleware",
]

# Background tasks (Django's tasks framework): stored in the database and run by `sotay worker`;
# SOTAY_TASKS=immediate runs each task inside the request that enqueues it (tests, one-off scripts).
_TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_tasks = envstr("SOTAY_TASKS", "database").strip().lower()
if _tasks not in _TASKS_BACKENDS:
    raise ConfigError(f"SOTAY_TASKS is 'database' or 'immediate', not {_tasks!r}.")
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS[_tasks]}}
# Finished task results (their arguments may name a person) are deleted after this many days.
SOTAY_TASK_RESULT_DAYS = envint("SOTAY_TASK_RESULT_DAYS", 14, minimum=1)
# Web push to installed apps (optional): a VAPID key pair (`vapid --gen`, py-vapid) and a contact.
SOTAY_VAPID_PUBLIC_KEY = envstr("SOTAY_VAPID_PUBLIC_KEY", "").strip()
SOTAY_VAPID_PRIVATE_KEY = envstr("SOTAY_VAPID_PRIVATE_KEY", "").strip()
SOTAY_VAPID_SUBJECT = envstr("SOTAY_VAPID_SUBJECT", "mailto:quantri@localhost").strip()

ROOT_URLCONF = "sotay.urls"
WSGI_APPLICATION = "sotay.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sotay.site.context_processors.roles",
            ],
        },
    },
]

# PostgreSQL connection handling (docs/deploy.md): persistent connections or a per-process pool, a
# statement timeout (`sotay serve` sets one for web workers when this is unset), JIT off.
DB_TUNING = PostgresTuning(
    conn_max_age=envint("SOTAY_DB_CONN_MAX_AGE", 60, minimum=0),
    pool_max_size=envint("SOTAY_DB_POOL_SIZE", 0, minimum=0, maximum=200),
    statement_timeout_ms=envint("SOTAY_DB_STATEMENT_TIMEOUT_MS", 0, minimum=0),
    jit=envbool("SOTAY_DB_JIT", False),
    prepared=envbool("SOTAY_DB_PREPARED", True),
    server_side_cursors=envbool("SOTAY_DB_SERVER_SIDE_CURSORS", True),
)
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL"), default_sqlite=DATA_DIR / "sotay.sqlite3", tuning=DB_TUNING
    )
}
# A streaming read replica for dashboards and exports (docs/deploy.md); only `reporting_db()` reads it.
if envstr("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = database_from_url(
        os.environ["DATABASE_REPLICA_URL"], default_sqlite=DATA_DIR / "sotay.sqlite3", tuning=DB_TUNING
    ) | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["sotay.dbrouter.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A covering index (INCLUDE) is a PostgreSQL speed-up; on SQLite it is a plain index, which is fine.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sotay.accounts.backends.IdentifierBackend",
]
PASSWORD_HASHERS = [
    # Argon2id at 19 MiB a sign-in, not Django's 100 MiB (sotay/accounts/hashers.py); it reads the
    # hashes Django's Argon2 hasher made (same algorithm name) and upgrades them at the next sign-in.
    "sotay.accounts.hashers.Argon2idModerateMemory",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Behind a TLS proxy: the request header (as in request.META, e.g. HTTP_X_FORWARDED_FOR) to which the
# proxy appends the client's address, and how many trusted proxies append to it. Empty: REMOTE_ADDR.
# Never set a header a client can reach the app with directly (sotay/core/clientip.py).
SOTAY_TRUSTED_PROXY_HEADER = envstr("SOTAY_TRUSTED_PROXY_HEADER", "").strip().upper().replace("-", "_")
if SOTAY_TRUSTED_PROXY_HEADER and not SOTAY_TRUSTED_PROXY_HEADER.startswith("HTTP_"):
    SOTAY_TRUSTED_PROXY_HEADER = "HTTP_" + SOTAY_TRUSTED_PROXY_HEADER
SOTAY_TRUSTED_PROXY_COUNT = envint("SOTAY_TRUSTED_PROXY_COUNT", 1)
if SOTAY_TRUSTED_PROXY_COUNT < 1:
    raise ConfigError("SOTAY_TRUSTED_PROXY_COUNT must be 1 or more (the proxies in front of the app).")

# Login throttling (django-axes, sotay/accounts/throttle.py): a (username, address) pair is locked after
# SOTAY_LOGIN_FAILURE_LIMIT failures; an address after SOTAY_LOGIN_ADDRESS_FAILURE_LIMIT failures over
# any usernames (password spraying). Nobody can lock a member out from another address.
AXES_FAILURE_LIMIT = envint("SOTAY_LOGIN_FAILURE_LIMIT", 5)
SOTAY_LOGIN_ADDRESS_FAILURE_LIMIT = envint("SOTAY_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "sotay.accounts.throttle.AccountAndAddressHandler"
AXES_CLIENT_IP_CALLABLE = "sotay.core.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Staff two-factor sign-in (TOTP, sotay.accounts.twofactor): on in production; off in development and in
# the demo (`make demo` sets SOTAY_STAFF_2FA=0 so that every role can be tried with the printed password).
SOTAY_STAFF_2FA = envbool("SOTAY_STAFF_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Sổ tay"
AXES_USERNAME_CALLABLE = "sotay.accounts.backends.lockout_username"
# Submissions of the self-registration form per address and hour (sotay.accounts.registrations).
SOTAY_REGISTRATION_LIMIT = envint("SOTAY_REGISTRATION_LIMIT", 10, minimum=1)
# Activation codes (sotay.accounts.activation): days before a printed code expires; wrong dates of birth
# before a code is revoked; unknown codes per address and hour before the activation form refuses.
SOTAY_ACTIVATION_DAYS = envint("SOTAY_ACTIVATION_DAYS", 14, minimum=1, maximum=90)
# Days each step of a member's correction request may take (committee, then unit staff) before it is
# flagged overdue in the queues.
SOTAY_CORRECTION_DAYS = envint("SOTAY_CORRECTION_DAYS", 7, minimum=1, maximum=90)
SOTAY_ACTIVATION_MAX_FAILURES = envint("SOTAY_ACTIVATION_MAX_FAILURES", 5, minimum=1)
SOTAY_ACTIVATION_ADDRESS_LIMIT = envint("SOTAY_ACTIVATION_ADDRESS_LIMIT", 30, minimum=1)
# The largest document file (PDF, DOCX) the library accepts, in megabytes.
SOTAY_LIBRARY_MAX_FILE_MB = envint("SOTAY_LIBRARY_MAX_FILE_MB", 20, minimum=1, maximum=200)
# Days a committee has to answer a member's question before it is shown as overdue.
SOTAY_QUESTION_DAYS = envint("SOTAY_QUESTION_DAYS", 7, minimum=1, maximum=90)

# Retention, in days (0: keep for ever). `sotay prune_logs` (run daily) deletes older audit-log rows and
# handbook change-log rows and writes one audit row saying what it deleted. Law 91/2025: personal data
# is kept no longer than its purpose needs; five years covers an inspection cycle. A handbook consumer
# whose cursor is older than the change-log retention must resynchronise from the full list.
# The API (docs/api.md): token lifetime, and the largest request body it reads (a token request is ~300 B).
SOTAY_API_TOKEN_DAYS = envint("SOTAY_API_TOKEN_DAYS", 30, minimum=1, maximum=365)
SOTAY_API_MAX_BODY_BYTES = envint("SOTAY_API_MAX_BODY_BYTES", 64 * 1024, minimum=1024)
SOTAY_AUDIT_RETENTION_DAYS = envint("SOTAY_AUDIT_RETENTION_DAYS", 5 * 365)
# A sum of member counts over a large subtree (a province of the national registry: ~11,000
# organisations, 30–70 ms) that took at least SOTAY_COUNT_CACHE_AFTER_MS is kept for
# SOTAY_COUNT_CACHE_SECONDS in a cache file shared by the server's workers (sotay/members/counts.py);
# 0 seconds turns it off. Smaller subtrees are summed at every request and always exact.
SOTAY_COUNT_CACHE_SECONDS = envint("SOTAY_COUNT_CACHE_SECONDS", 60, minimum=0, maximum=3600)
SOTAY_COUNT_CACHE_AFTER_MS = envint("SOTAY_COUNT_CACHE_AFTER_MS", 25, minimum=0)
# The largest subtrees' counts (at least SOTAY_COUNT_ROLLUP_ROWS count rows: the nation's ~470 k) are
# summed by the task worker every minute and read from there, at most every
# SOTAY_COUNT_ROLLUP_READ_SECONDS per process; older than SOTAY_COUNT_ROLLUP_MAX_AGE (the worker is
# down), they are summed at the request again (sotay/members/rollup.py). 0 rows turns rollups off.
SOTAY_COUNT_ROLLUP_ROWS = envint("SOTAY_COUNT_ROLLUP_ROWS", 100_000, minimum=0)
SOTAY_COUNT_ROLLUP_READ_SECONDS = envint("SOTAY_COUNT_ROLLUP_READ_SECONDS", 15, minimum=0, maximum=600)
SOTAY_COUNT_ROLLUP_MAX_AGE = envint("SOTAY_COUNT_ROLLUP_MAX_AGE", 600, minimum=60)
SOTAY_PAGE_CACHE_SECONDS = envint("SOTAY_PAGE_CACHE_SECONDS", 3600, minimum=0, maximum=86_400)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "counts": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache" / "counts",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    # Rendered parts of pages that are the same for everyone allowed to see them (the dashboard's
    # body, kept per facts refresh: sotay/dashboard/views/overview.py). Each worker keeps its own, at
    # most 300 parts (the local-memory cache's default), each for SOTAY_PAGE_CACHE_SECONDS; 0 turns it off.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": SOTAY_PAGE_CACHE_SECONDS,
    }
    if SOTAY_PAGE_CACHE_SECONDS
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
SOTAY_HANDBOOK_CHANGES_RETENTION_DAYS = envint("SOTAY_HANDBOOK_CHANGES_RETENTION_DAYS", 365)
if SOTAY_AUDIT_RETENTION_DAYS < 0 or SOTAY_HANDBOOK_CHANGES_RETENTION_DAYS < 0:
    raise ConfigError(
        "SOTAY_AUDIT_RETENTION_DAYS and SOTAY_HANDBOOK_CHANGES_RETENTION_DAYS are 0 or more days."
    )

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["sotay.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if LOCAL
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
# Branch meetings' documents: outside MEDIA_ROOT, served only through the permission-checked view.
SOTAY_MEETING_FILES_DIR = DATA_DIR / "meeting-files"
# News images (resized copies only): outside MEDIA_ROOT, served only through the permission-checked view.
SOTAY_NEWS_IMAGES_DIR = DATA_DIR / "news-images"
SOTAY_NEWS_IMAGE_MAX_MB = envint("SOTAY_NEWS_IMAGE_MAX_MB", 8, minimum=1, maximum=50)
SOTAY_MEETING_FILE_MAX_MB = envint("SOTAY_MEETING_FILE_MAX_MB", 10, minimum=1, maximum=100)
# Quorum of a branch meeting: more than this percentage of the expected (probationary and official) members
# present. domain.md does not settle the rule; the meeting screens say so.
SOTAY_MEETING_QUORUM_PERCENT = envint("SOTAY_MEETING_QUORUM_PERCENT", 50, minimum=0, maximum=100)
# In development and demo the app serves static files straight from the apps; production runs collectstatic.
WHITENOISE_USE_FINDERS = LOCAL
WHITENOISE_AUTOREFRESH = LOCAL
# Files served at the site's root: /favicon.ico, which browsers ask for whatever the page links.
WHITENOISE_ROOT = BASE_DIR / "sotay" / "core" / "root"

# Strict Content-Security-Policy: everything from this server, no inline script, nothing from outside.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Django's database sessions; the read on every request is compiled once (sotay/accounts/sessions.py).
SESSION_ENGINE = "sotay.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SOTAY_SESSION_SECONDS", 8 * 3600)

if not LOCAL:
    SECURE_SSL_REDIRECT = envbool("SOTAY_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SOTAY_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SOTAY_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("SOTAY_LOG_LEVEL", "WARNING")},
}
