"""Real processes for the service tests: Celery workers and beats, a private redis-server,
and the checks that every due reminder arrived exactly once."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


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


class Processes:
    """Starts workers and beats with the test's database, broker and mail sink; stops them."""

    def __init__(self, tmp_path: Path, *, broker: str, smtp_port: int):
        self.tmp = tmp_path
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reminders.service_settings",
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": broker,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "MENTORPOLKU_VAR_DIR": str(tmp_path / "var"),
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("TEST_DATABASE_NAME", None)
        self.procs: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 — closed with the process
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "mentoring", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 takes the children too
        )
        self.procs[name] = proc
        return proc

    def worker(self, name: str = "worker", concurrency: int = 2) -> subprocess.Popen:
        return self._start(
            name,
            [
                "worker",
                "-l",
                "info",
                "-c",
                str(concurrency),
                "-n",
                f"{name}-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
        )

    def beat(self, name: str = "beat") -> subprocess.Popen:
        return self._start(
            name,
            [
                "beat",
                "-l",
                "info",
                "-s",
                str(self.tmp / f"{name}-schedule"),
                "--pidfile",
                str(self.tmp / f"{name}.pid"),
            ],
        )

    def kill9(self, name: str) -> None:
        proc = self.procs.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def term(self, name: str, *, group: bool = True, timeout: float = 30) -> None:
        """SIGTERM to the worker's process group (systemd) or its main process only
        (``docker stop``); wait for it."""
        proc = self.procs.pop(name)
        if group:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=timeout)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self.procs.clear()

    def logs(self) -> str:
        parts = []
        for path in sorted(self.tmp.glob("*.log")):
            parts.append(f"--- {path.name} ---\n" + path.read_text(errors="replace")[-4000:])
        return "\n".join(parts)


class PrivateRedis:
    """A redis-server of our own (never the machine's), which the test may stop and start."""

    def __init__(self, tmp_path: Path, port: int):
        self.port = port
        self.tmp = tmp_path
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError("our redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None


def wait_until(predicate, *, timeout: float, interval: float = 0.2, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")


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
