"""The suite runs on the real servers when REQUIRE_SERVICES=1 (see .ci/run)."""

import os

import pytest
from django.db import connection

from mentoring.core import health

required = pytest.mark.skipif(
    os.environ.get("REQUIRE_SERVICES") != "1", reason="runs with REQUIRE_SERVICES=1 (CI)"
)


@required
@pytest.mark.services
@pytest.mark.django_db
def test_the_suite_runs_on_postgres_and_redis():
    from tests.services import service_problems

    assert service_problems() == []
    assert connection.vendor == "postgresql"
    assert health.database_ok() and health.broker_ok()


def test_a_missing_or_silent_server_is_reported():
    from tests.services import postgres_problem, redis_problem

    assert "not a PostgreSQL URL" in postgres_problem({"ENGINE": "django.db.backends.sqlite3"})
    closed = {  # nothing listens on port 1
        "ENGINE": "django.db.backends.postgresql",
        **{"NAME": "x", "USER": "x", "PASSWORD": "", "HOST": "127.0.0.1", "PORT": 1},
    }
    assert "does not answer" in postgres_problem(closed)
    assert "not a Redis URL" in redis_problem("filesystem://")
    assert "does not answer" in redis_problem("redis://127.0.0.1:1/0")
