"""Real processes for the service tests (Celery workers and beats, a private redis-server:
``tools.processes``, shared with the fault drill) and the checks that every due reminder
arrived exactly once."""

import os
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tools.processes import CeleryProcesses, PrivateRedis, wait_until

__all__ = ["PrivateRedis", "Processes", "exactly_once", "services_or_skip", "wait_until"]


def services_or_skip() -> tuple[str, str]:
    """(database URL, broker URL); skip without Postgres and Redis, fail if REQUIRE_SERVICES=1."""
    strict = os.environ.get("REQUIRE_SERVICES") == "1"
    stop = pytest.fail if strict else pytest.skip
    database = os.environ.get("DATABASE_URL", "")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not database.startswith(("postgres://", "postgresql://", "pgsql://")):
        stop("needs Postgres: set DATABASE_URL=postgres://… and TEST_DATABASE_NAME")
    if not broker.startswith("redis://"):
        stop("needs Redis: set CELERY_BROKER_URL=redis://127.0.0.1:6379/<db>")
    import redis

    try:
        redis.Redis.from_url(broker, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        stop(f"Redis at {broker} does not answer: {error}")
    return database, broker


def test_database_url() -> str:
    """The URL of the database this test runs in (pytest-django's test database)."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


class Processes(CeleryProcesses):
    """Workers and beats with the test's database, broker and mail sink."""

    def __init__(self, tmp_path: Path, *, broker: str, smtp_port: int):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reminders.service_settings",
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": broker,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "MENTORPOLKU_VAR_DIR": str(tmp_path / "var"),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("TEST_DATABASE_NAME", None)
        super().__init__(tmp_path, env=env)


def exactly_once(expected: set, sink, *, capsys=None) -> str:
    """Compare what the sink received with what was due; returns the summary line.

    ``expected`` holds (key prefix, recipient) pairs. A duplicate is any reminder key that
    reached the mail server more than once.
    """
    deliveries = sink.snapshot()
    by_key = Counter(d.key for d in deliveries)
    got = {(d.key.split(":", 1)[0], d.to) for d in deliveries}
    duplicated = sum(n - 1 for n in by_key.values())
    lost = len(expected - got)
    sent = len(expected & got)
    line = f"reminders due {len(expected)}, sent {sent}, duplicated {duplicated}, lost {lost}"
    if capsys is not None:
        with capsys.disabled():
            print(f"\n{line}")
    else:
        print(line)
    return line
