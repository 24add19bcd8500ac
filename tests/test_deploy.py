"""Production settings (mentoring.settings with DEBUG off), checked in a clean subprocess so
nothing of tests/settings.py leaks in."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
# Set by tests/settings.py in this process; a production process has none of them.
TEST_ONLY = {
    "DJANGO_SETTINGS_MODULE",
    "TESTING",
    "SECURE_SSL_REDIRECT",
    "ALLOWED_HOSTS",
    "SECRET_KEY",
    "DEBUG",
    "MAILBOX_VIEWER",
    "EMAIL_BACKEND",
    "CELERY_TASK_ALWAYS_EAGER",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
HOST = "mentorpolku.example.fi"


def production_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(
        DJANGO_SETTINGS_MODULE="mentoring.settings",
        SECRET_KEY=secrets.token_urlsafe(48),  # 64 random characters
        ALLOWED_HOSTS=HOST,
        MENTORPOLKU_VAR_DIR=str(tmp_path / "var"),
        **extra,
    )
    return env


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_a_warning(tmp_path):
    env = production_env(tmp_path)
    assert len(env["SECRET_KEY"]) >= 50
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


HEADERS_SCRIPT = r"""
import json, django
django.setup()
from django.conf import settings
from django.test import Client
c = Client(HTTP_HOST="%(host)s")
secure = c.get("/accounts/login/", secure=True)
plain = c.get("/accounts/login/")
health = c.get("/health/")
print(json.dumps({
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "cookies": {k: {"secure": bool(v["secure"]), "path": v["path"], "domain": v["domain"]}
                for k, v in secure.cookies.items()},
    "session_cookie": settings.SESSION_COOKIE_NAME,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "health_status": health.status_code,
}))
"""


@pytest.fixture(scope="module")
def production_response(tmp_path_factory):
    env = production_env(tmp_path_factory.mktemp("prod"))
    # As on start-up in production (Dockerfile): the database migrated (the login page lists
    # the organisations' sign-in buttons), and the pages need the static files' manifest.
    migrated = run(["manage.py", "migrate", "--no-input", "-v", "0"], env)
    assert migrated.returncode == 0, migrated.stderr
    collected = run(["manage.py", "collectstatic", "--no-input", "-v", "0"], env)
    assert collected.returncode == 0, collected.stderr
    result = run(["-c", HEADERS_SCRIPT % {"host": HOST}], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_response_headers(production_response):
    r = production_response
    assert r["status"] == 200
    headers = {k.lower(): v for k, v in r["headers"].items()}
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["strict-transport-security"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-content-type-options"] == "nosniff"
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp


def test_production_cookies_are_host_only_and_secure(production_response):
    r = production_response
    assert r["session_cookie"] == "__Host-sessionid" and r["session_secure"]
    csrf = r["cookies"]["__Host-csrftoken"]
    # The __Host- prefix is honoured by browsers only with Secure, Path=/ and no Domain.
    assert csrf == {"secure": True, "path": "/", "domain": ""}


def test_production_redirects_http_to_https_except_health(production_response):
    r = production_response
    assert r["plain_status"] == 301
    assert r["plain_location"] == f"https://{HOST}/accounts/login/"
    # Load balancers probe over plain HTTP inside the network.
    assert r["health_status"] in (200, 503)


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


BROKER_WARNING = "Celery uses the embedded filesystem broker: for development only"


def test_embedded_default_logs_the_broker_warning(tmp_path):
    env = {k: v for k, v in production_env(tmp_path).items() if k not in {"SECRET_KEY"}}
    env.pop("DATABASE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    env.pop("REDIS_URL", None)
    env["DEBUG"] = "1"
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CELERY_BROKER_URL, s.DATABASES['default']['ENGINE'], s.EMAIL_BACKEND)"
    )
    result = run(["-c", script], env)
    assert result.returncode == 0, result.stderr
    assert BROKER_WARNING in result.stderr
    broker, engine, email = result.stdout.split()
    assert broker == "filesystem://"
    assert engine == "django.db.backends.sqlite3"
    assert email == "django.core.mail.backends.filebased.EmailBackend"


def test_the_embedded_broker_keeps_all_its_folders_under_the_var_dir(tmp_path):
    """Unset, kombu's control_folder is ./control: pidbox files in whatever directory the
    worker was started from."""
    env = {k: v for k, v in production_env(tmp_path).items() if k not in {"SECRET_KEY"}}
    env.pop("CELERY_BROKER_URL", None)
    env.pop("REDIS_URL", None)
    env["DEBUG"] = "1"
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.CELERY_BROKER_TRANSPORT_OPTIONS))"
    )
    result = run(["-c", script], env)
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout.strip().splitlines()[-1])
    var_dir = (tmp_path / "var").resolve()
    folders = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")
    for name in folders:
        folder = Path(options[name]).resolve()
        assert folder.is_relative_to(var_dir), name
        assert folder.is_dir(), name


def test_a_real_broker_logs_no_warning(tmp_path):
    env = production_env(tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    result = run(["-c", "import django; django.setup()"], env)
    assert result.returncode == 0, result.stderr
    assert BROKER_WARNING not in result.stderr


def test_the_mail_viewer_cannot_be_turned_on_without_debug(tmp_path):
    """It shows password-reset links without a login: production must never serve it."""
    env = production_env(tmp_path, MAILBOX_VIEWER="1")
    script = "import django; django.setup(); from django.conf import settings as s; print(s.MAILBOX_VIEWER)"
    result = run(["-c", script], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_project_runs_without_the_development_tools(tmp_path):
    """The production image leaves tools/ out (.dockerignore): settings install it only when
    it is there, and nothing else needs it."""
    script = (
        "import sys; sys.modules['tools'] = None\n"  # as if the folder were not there
        "import django; django.setup()\n"
        "from django.conf import settings; from django.core.management import call_command\n"
        "from django.core.management import get_commands\n"
        "call_command('check')\n"
        "print('tools' in settings.INSTALLED_APPS, 'benchmark_reminders' in get_commands())"
    )
    result = run(["-c", script], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["False", "False"]
