"""Settings for Mentorpolku, all from the environment.

With nothing set, the app runs on the embedded default: a SQLite file, a Celery broker
on the local filesystem, and emails written to ``var/mail`` (readable at /dev/mail/ while
DEBUG is on). Production sets DATABASE_URL, CELERY_BROKER_URL, SMTP and SECRET_KEY.
"""

import importlib.util
import logging
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("MENTORPOLKU_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (for development: DEBUG=1)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's passkey list ("last used 2 days ago")
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "mentoring.core",
    "mentoring.accounts",
    "mentoring.onboarding",
    "units",
    "mentoring.programmes",
    "mentoring.pairs",
    "mentoring.agreements",
    "mentoring.meetings",
    "mentoring.evaluations",
    "mentoring.reminders",
    "mentoring.matching",
    "mentoring.site",
]
# Development tools (benchmarks, the SMTP sink): present in a checkout, left out of the image.
# Only this checkout's own tools/ folder: never another package that happens to be named so.
_tools = importlib.util.find_spec("tools")
if _tools is not None and Path(_tools.origin or "").parent.parent == BASE_DIR:
    INSTALLED_APPS.append("tools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mentoring.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mentoring.accounts.signin.middleware.MFARequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mentoring.accounts.signin.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentoring.site.context_processors.navigation",
            ],
        },
    },
]

# --- Database: SQLite file by default, Postgres through DATABASE_URL -----------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mentorpolku.sqlite3'}")
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web process read while the worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A pair page's query joins the pair, its programme and both members' sign-ups, users and
    # units (8 tables); with PostgreSQL's default collapse limits (8) the "is a member" filter
    # was planned after those joins, over every pair of the organisation (issue 13: 1 s at
    # 40,000 pairs, 1 ms with the limits at 12, still below geqo_threshold).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", "-c from_collapse_limit=12 -c join_collapse_limit=12"
    )
if env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: sign-in rate limits and spent TOTP codes live here -------------------------------
# One cache shared by every web process (e.g. redis://redis:6379/1): with the default, each
# process counts failed logins on its own. Tests and development use the local memory.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 first (issue 13: PBKDF2 at a million rounds cost 0.23 s of CPU per sign-in); PBKDF2
# stays so that older hashes still verify and are rehashed with Argon2 at the next sign-in.
PASSWORD_HASHERS = [
    "mentoring.accounts.hashers.MeasuredArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "account_login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

# --- Sign-in: django-allauth (hooks in mentoring/accounts/signin/) --------------------------
# Email and password; no usernames; no public sign-up (people arrive by invitation, see
# AccountAdapter.is_open_for_signup); the invitation has proved the address.
ACCOUNT_ADAPTER = "mentoring.accounts.signin.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# A reset request for an unknown address sends nothing (and says nothing different).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# "Your password was changed", "two-step verification turned off", ...: to the account's address.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Mentorpolku: "
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
# Failed passwords are limited per address (across accounts) and per account (across
# addresses), in a window of LOGIN_FAILURES_MINUTES; the right password is refused too while a
# limit is full, except per account from the owner's known device (signin/devices.py), so
# nobody can lock the owner out. A password reset clears the account's count. Reset emails:
# a few per account and per address an hour. The counters live in the cache (CACHES).
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=10)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
LOGIN_FAILURES_MINUTES = env.int("LOGIN_FAILURES_MINUTES", default=15)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{LOGIN_FAILURES_PER_ADDRESS}/{LOGIN_FAILURES_MINUTES}m/ip,"
    f"{LOGIN_FAILURES_PER_ACCOUNT}/{LOGIN_FAILURES_MINUTES}m/key",
    "reset_password": "10/h/ip,3/h/key",
    # "I want to take part" on a programme's public page: per address (a whole unit may share
    # one at its weekly meeting) and per programme.
    "participation_request": f"{env.int('PARTICIPATION_REQUESTS_PER_ADDRESS', default=30)}/h/ip,"
    f"{env.int('PARTICIPATION_REQUESTS_PER_PROGRAMME', default=100)}/h/key",
}

# Sessions end after this long without a request, and this long after the login in any case
# (signin/sessions.py); the cookie does not outlive the latter.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=120)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600

# Two-step verification: an authenticator app (TOTP) with recovery codes, and passkeys.
# Required for supervisors, organisation admins and site staff (signin/middleware.py).
MFA_ADAPTER = "mentoring.accounts.signin.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_FORMS = {
    "activate_totp": "mentoring.accounts.signin.forms.ActivateTOTPVerifyingForm",
    "add_webauthn": "mentoring.accounts.signin.forms.AddWebAuthnVerifyingForm",
}
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Mentorpolku"
# Passkeys need HTTPS, except on the developer's own http://127.0.0.1.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Single sign-on: OpenID Connect, one provider per organisation, set up by its admin in the
# app (accounts.SingleSignOn, read by signin/sso.py). SSO signs in only people who were
# invited (matched by a verified email); it never creates an account or a membership itself.
# No tokens are stored, and of the claims only the subject and issuer are kept.
SOCIALACCOUNT_ADAPTER = "mentoring.accounts.signin.sso.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5
# The organisation's button is a link straight to its provider: a form could not leave for
# another site under our Content-Security-Policy (form-action 'self' covers its redirect).
# The state parameter and PKCE still tie the callback to the browser that started it.
SOCIALACCOUNT_LOGIN_ON_GET = True

# django-axes: a short cool-off for one account from one address (tighter than the limits
# above), never a permanent lock-out, and the sign-in records (accounts/retention.py). The
# owner's known device is spared it as well.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "mentoring.accounts.views.locked_out"
# allauth hands the backends the address as "email".
AXES_USERNAME_FORM_FIELD = "email"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_CLIENT_IP_CALLABLE = "mentoring.core.client_address.client_ip"
AXES_WHITELIST_CALLABLE = "mentoring.accounts.signin.devices.axes_known_device"

# How many proxies of our own stand in front of the app (the TLS proxy: 1). The client's
# address is read from X-Forwarded-For through exactly that many (core/client_address.py);
# 0 ignores the header, which a client could otherwise write anything into.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Languages and time ----------------------------------------------------------------------
DEFAULT_LANGUAGE = "fi"  # new accounts and invitations; LANGUAGE_CODE follows it
LANGUAGE_CODE = DEFAULT_LANGUAGE
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["mentoring.formats"]
LANGUAGE_COOKIE_NAME = "mentorpolku_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not env.bool("TESTING", default=False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Email ------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Mentorpolku <mentorpolku@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = VAR_DIR / "mail"
if env.str("EMAIL_HOST", default=""):
    # Django's SMTP backend, waiting up to EMAIL_DATA_REPLY_TIMEOUT for the reply to the end
    # of DATA (RFC 1047: giving up earlier can deliver a message twice).
    EMAIL_BACKEND = "mentoring.core.smtp.PatientEmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
    EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
    EMAIL_DATA_REPLY_TIMEOUT = env.int("EMAIL_DATA_REPLY_TIMEOUT", default=600)
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
    )
# The local mail folder is readable in the browser only while DEBUG is on.
# It shows password-reset and invitation links without a login: never without DEBUG.
MAILBOX_VIEWER = DEBUG and env.bool("MAILBOX_VIEWER", default=True)

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=env.str("REDIS_URL", default=""))
EMBEDDED_BROKER = not CELERY_BROKER_URL
if EMBEDDED_BROKER:
    CELERY_BROKER_URL = "filesystem://"
    _queue = VAR_DIR / "broker"
    # kombu's filesystem transport does not create its folders; the worker dies without them.
    for _folder in ("queue", "processed", "control"):
        (_queue / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "queue"),
        "data_folder_out": str(_queue / "queue"),
        "processed_folder": str(_queue / "processed"),
        # The exchange tables (worker pidbox); left unset, kombu writes them into the
        # current directory.
        "control_folder": str(_queue / "control"),
        "store_processed": False,
    }
    logging.getLogger(__name__).warning(
        "Celery uses the embedded filesystem broker: for development only. "
        "Set CELERY_BROKER_URL to a Redis server in production."
    )
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than the slowest task: an unacknowledged task returns to the queue
        # after this long, so a worker killed mid-task loses nothing.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
REMINDER_SWEEP_MINUTES = env.int("REMINDER_SWEEP_MINUTES", default=5)
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {
        "task": "mentoring.reminders.tasks.sweep",
        "schedule": timedelta(minutes=REMINDER_SWEEP_MINUTES),
    },
    "reminders-weekly-digest": {
        "task": "mentoring.reminders.tasks.weekly_digest",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
    # Personal data kept long enough is erased or deleted (RETENTION_*, site/retention.py).
    "retention-nightly": {
        "task": "mentoring.site.tasks.retention",
        "schedule": crontab(hour=3, minute=30),
    },
    # The organisation report's figures, recomputed for data written outside the services.
    "programme-figures-nightly": {
        "task": "mentoring.evaluations.tasks.recount_programmes",
        "schedule": crontab(hour=3, minute=0),
    },
}

# --- Forms ------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ---------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own default gives "django" a console handler of its own (with DEBUG on) on
        # top of propagating to the root's: every line would be written twice. One handler,
        # the root's. ("django.server", runserver's access log, keeps its own and does not
        # propagate.)
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
    },
}
