"""Real Celery worker and beat processes against Postgres and Redis, mail to a local SMTP sink.

Run with, for example:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres TEST_DATABASE_NAME=test_reminders \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 REQUIRE_SERVICES=1 \
    python -m pytest -q -m services tests/reminders

The worker connects to pytest-django's test database (its name goes into the subprocess's
DATABASE_URL), so these tests commit their data (transaction=True). Each fault test ends by
printing "reminders due N, sent N, duplicated 0, lost 0".
"""

import datetime as dt
import re
import threading
import time

import psycopg2
import pytest
import redis as redis_lib
from django.db import connection
from django.db.models import DateTimeField, ExpressionWrapper
from django.db.models.functions import Now
from django.utils import timezone

from mentoring.celery import app
from mentoring.pairs.services import pair_publish
from mentoring.reminders.models import MailPause, Reminder
from mentoring.reminders.queueing import reminders_queue
from mentoring.reminders.sweep import reminders_sweep
from tests import factories as f
from tools.smtp_sink import SmtpSink, free_port

from .harness import PrivateRedis, Processes, exactly_once, services_or_skip, wait_until
from .scenario import Scenario, build_scenario, published_pairs

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker():
    _database, broker = services_or_skip()
    client = redis_lib.Redis.from_url(broker)
    if client.connection_pool.connection_kwargs.get("db", 0) == 0:
        pytest.fail(
            f"{broker}: give the tests a Redis database of their own (not 0): they flush it"
        )
    client.flushdb()
    return broker


@pytest.fixture
def sink():
    with SmtpSink() as s:
        yield s


@pytest.fixture
def procs(tmp_path, broker, sink):
    p = Processes(tmp_path, broker=broker, smtp_port=sink.port)
    yield p
    p.stop_all()


def received(sink) -> set:
    return {(d.key.split(":", 1)[0], d.to) for d in sink.snapshot()}


def deliver_all(expected: set, sink, procs, *, timeout=60.0) -> None:
    try:
        wait_until(lambda: expected <= received(sink), timeout=timeout, what="every reminder")
    except AssertionError as error:
        missing = sorted(expected - received(sink))[:10]
        raise AssertionError(f"{error}; missing {missing}\n{procs.logs()}") from None


def settle_and_check(expected: set, sink, capsys, *, settle=2.5) -> None:
    time.sleep(settle)  # a few more sweeps run: nothing may arrive twice
    line = exactly_once(expected, sink, capsys=capsys)
    n = len(expected)
    assert line == f"reminders due {n}, sent {n}, duplicated 0, lost 0"
    states = set(Reminder.objects.values_list("state", flat=True))
    assert states == {"sent"}, states
    assert Reminder.objects.count() == n


def merge(*scenarios: Scenario) -> set:
    return set().union(*(s.expected for s in scenarios))


def test_worker_and_beat_send_every_kind_once(cast, procs, sink, capsys):
    scenario = build_scenario(cast, timezone.now())
    procs.worker()
    procs.beat()
    deliver_all(scenario.expected, sink, procs)
    settle_and_check(scenario.expected, sink, capsys)
    raw = {d.key.split(":", 1)[0]: d.raw for d in sink.snapshot()}
    assert b"text/calendar" in raw["upcoming"] and b"meeting.ics" in raw["upcoming"]
    assert all(b"text/html" in body and b"text/plain" in body for body in raw.values())
    assert not any(b"SECRET" in body for body in raw.values())


def test_kill_9_worker_in_the_middle_of_a_batch(cast, procs, sink, capsys):
    sink.rcpt_delay = 0.1  # messages in flight long enough to die in the middle of them
    scenario = published_pairs(cast, timezone.now(), 40)
    procs.worker("worker-1", concurrency=2)
    procs.beat()

    def mid_batch():
        # Both worker processes are inside an SMTP conversation that began just now.
        return sink.all_waiting_since(2, 0.03) and (
            Reminder.objects.filter(state="sent").count() >= 20
        )

    wait_until(mid_batch, timeout=60, interval=0.005, what="the middle of the batch")
    procs.kill9("worker-1")
    claimed = Reminder.objects.filter(state="sending").count()
    left = Reminder.objects.exclude(state="sent").count()
    assert claimed >= 1 and left > claimed  # it died holding claims, with work left
    procs.worker("worker-2", concurrency=2)
    deliver_all(scenario.expected, sink, procs)
    settle_and_check(scenario.expected, sink, capsys)


def _lock_waiters() -> int:
    """Database sessions of the workers waiting for a row lock right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_two_workers_and_a_mail_server_slower_than_the_lease(cast, procs, sink, capsys):
    """Every send outlasts its lease (2 s at RCPT, lease 1 s), the sweep rings again for
    the rows in flight and the other worker tries to retake them: its claim skips the row
    locked by the sending transaction (or, retaken before the mark, the first worker's
    mark matches no row), so every row is sent once."""
    sink.rcpt_delay = 2.0
    procs.env.update(
        REMINDER_CLAIM_LEASE_SECONDS="1",
        REMINDER_REQUEUE_AFTER_SECONDS="1",
        REMINDER_SEND_CHUNK="2",
    )
    scenario = published_pairs(cast, timezone.now(), 5)
    seen = {"expired_in_flight": 0, "lock_waits": 0}
    done = threading.Event()
    lease_over = ExpressionWrapper(Now() - dt.timedelta(seconds=1), output_field=DateTimeField())

    def watch():
        from django.db import connection as own

        try:
            while not done.is_set():
                if Reminder.objects.filter(state="sending", claimed_at__lt=lease_over).exists():
                    seen["expired_in_flight"] += 1
                seen["lock_waits"] = max(seen["lock_waits"], _lock_waiters())
                time.sleep(0.1)
        finally:
            own.close()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        procs.worker("worker-1", concurrency=1)
        procs.worker("worker-2", concurrency=1)
        procs.beat()
        deliver_all(scenario.expected, sink, procs, timeout=90)
        time.sleep(2.5)  # the retakes still queued run and find the rows sent
    finally:
        done.set()
        watcher.join()
    with capsys.disabled():
        print(f"\nslow mail server: {seen}")
    settle_and_check(scenario.expected, sink, capsys, settle=0)
    assert seen["expired_in_flight"] > 0  # sends did outlast their lease
    # … and a worker did try to take rows another one held, and took none of them
    logs = "".join((procs.tmp / f"{n}.log").read_text() for n in ("worker-1", "worker-2"))
    assert re.search(r"'busy': [1-9]", logs), logs[-3000:]


def test_two_beats_send_nothing_twice(cast, procs, sink, capsys):
    now = timezone.now()
    expected = merge(build_scenario(cast, now), published_pairs(cast, now, 20))
    procs.worker(concurrency=2)
    procs.beat("beat-1")
    procs.beat("beat-2")
    deliver_all(expected, sink, procs)
    settle_and_check(expected, sink, capsys, settle=3)
    for name in ("beat-1", "beat-2"):
        log = (procs.tmp / f"{name}.log").read_text()
        assert log.count("Sending due task reminders-sweep") >= 2, name


@pytest.fixture
def private_redis(tmp_path, broker):
    port = 6391
    try:
        redis_lib.Redis(port=port, socket_connect_timeout=0.3).ping()
        port = free_port()  # 6391 is taken by someone else: leave it alone
    except redis_lib.RedisError:
        pass
    server = PrivateRedis(tmp_path, port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def in_process_app_on(private_redis, monkeypatch):
    """Point this test process's Celery app at our Redis, not eager (like the web app)."""
    monkeypatch.setenv("CELERY_BROKER_URL", private_redis.url)  # Celery reads it first
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = private_redis.url, False
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = None
    app.amqp._producer_pool = None


def test_redis_down_for_a_while_loses_nothing(
    cast, tmp_path, sink, private_redis, in_process_app_on, capsys, settings
):
    settings.EMBEDDED_BROKER = False
    settings.REMINDER_RESPECT_WORKING_HOURS = False  # as in the worker: the test runs at any hour
    procs = Processes(tmp_path, broker=private_redis.url, smtp_port=sink.port)
    try:
        now = timezone.now()
        before = published_pairs(cast, now, 10)
        procs.worker(concurrency=2)
        procs.beat()
        deliver_all(before.expected, sink, procs)

        private_redis.stop()
        # Meanwhile the web app goes on: a supervisor publishes a pair (queuing fails and is
        # logged), and more pairs become due.
        draft = f.PairFactory(
            programme__organisation=cast.organisation, programme__units=[cast.unit_a]
        )
        pair_publish(pair=draft, by=cast.sup_a)  # queuing after commit fails quietly
        rows = Reminder.objects.filter(pair=draft)
        assert set(rows.values_list("state", "queued_at")) == {("pending", None)}
        during = published_pairs(cast, timezone.now(), 10)
        time.sleep(4)
        assert not (during.expected & received(sink))  # nothing can move without the broker

        private_redis.start()  # empty: whatever was queued in Redis is gone
        expected = merge(before, during)
        expected |= {("pair_published", u.email) for u in (draft.mentor.user, draft.actor.user)}
        deliver_all(expected, sink, procs, timeout=90)
        settle_and_check(expected, sink, capsys)
    finally:
        procs.stop_all()


def _database_open(allowed: bool) -> None:
    """Open or close the test database to new connections (a restart or a failover, as the
    worker sees it); closing also ends every session but this test's own. Done from the
    server's maintenance database: a database cannot close itself."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        ours = cursor.fetchone()[0]
    s = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        user=s["USER"] or "postgres",
        password=s["PASSWORD"] or None,
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            name = connection.ops.quote_name(s["NAME"])
            cursor.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {str(allowed).lower()}")
            if not allowed:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> %s",
                    [s["NAME"], ours],
                )
    finally:
        admin.close()


def test_send_tasks_wait_out_a_database_outage(
    cast, tmp_path, sink, private_redis, in_process_app_on, capsys, settings
):
    """The worker cannot reach the database for a few seconds: its send tasks try again
    shortly instead of being done with, so the reminders go out soon after it is back.
    No beat runs here, so no sweep could queue them again."""
    settings.EMBEDDED_BROKER = False
    settings.REMINDER_RESPECT_WORKING_HOURS = False
    procs = Processes(tmp_path, broker=private_redis.url, smtp_port=sink.port)
    try:
        scenario = published_pairs(cast, timezone.now(), 10)
        reminders_sweep(queue=False)  # the rows, not yet queued
        ids = list(Reminder.objects.values_list("id", flat=True))
        assert len(ids) == len(scenario.expected)
        procs.worker(concurrency=2)
        _database_open(False)
        assert reminders_queue(ids=ids) == len(ids)
        time.sleep(5)  # the worker takes the tasks and meets the closed database
        assert not received(sink)
        _database_open(True)
        deliver_all(scenario.expected, sink, procs, timeout=120)
        settle_and_check(scenario.expected, sink, capsys)
        assert "OperationalError" in procs.logs()  # it did meet the closed database
    finally:
        _database_open(True)
        procs.stop_all()


def test_mail_server_failing_for_a_while(cast, procs, sink, capsys):
    sink.fail_for(3600)  # until the workers have met it (they start slowly on a busy machine)
    scenario = published_pairs(cast, timezone.now(), 15)
    procs.worker(concurrency=2)
    procs.beat()
    wait_until(lambda: sink.refused > 0, timeout=60, what="the mail server refusing")
    time.sleep(3)
    sink.fail_for(0)
    deliver_all(scenario.expected, sink, procs)
    settle_and_check(scenario.expected, sink, capsys)
    assert sink.refused > 0
    assert Reminder.objects.filter(attempts__gt=1).exists()


def test_a_mail_server_that_hangs_after_data_sends_nothing_twice(cast, procs, sink, capsys):
    """RFC 1047: the sink takes each message at the end of DATA and answers 250 only after
    3 s, past EMAIL_TIMEOUT (1 s). The worker waits for that reply (not EMAIL_TIMEOUT) with
    the row locked; the leases run out (1 s) and the sweep rings again, but a retaking claim
    skips the locked row: 0 repeats."""
    sink.data_reply_delay = 3.0
    procs.env.update(
        EMAIL_TIMEOUT="1",
        REMINDER_CLAIM_LEASE_SECONDS="1",
        REMINDER_REQUEUE_AFTER_SECONDS="1",
        REMINDER_SEND_CHUNK="2",
    )
    scenario = published_pairs(cast, timezone.now(), 3)
    procs.worker("worker-1", concurrency=2)
    procs.worker("worker-2", concurrency=1)
    procs.beat()
    deliver_all(scenario.expected, sink, procs, timeout=90)
    wait_until(
        lambda: set(Reminder.objects.values_list("state", flat=True)) == {"sent"},
        timeout=30,
        what="every row marked sent",
    )
    settle_and_check(scenario.expected, sink, capsys, settle=4)


def test_kill_9_while_the_server_answers_data_slowly(cast, procs, sink, capsys):
    """A relay that scans mail answers the end of DATA after 0.3 s. A worker killed in that
    window leaves a message the server took but our database did not mark: the only way to
    a repeat. Nothing is lost, and a repeat carries the same Message-ID."""
    sink.data_reply_delay = 0.3
    procs.env.update(REMINDER_CLAIM_LEASE_SECONDS="2", REMINDER_REQUEUE_AFTER_SECONDS="2")
    scenario = published_pairs(cast, timezone.now(), 20)
    procs.worker("worker-1", concurrency=2)
    procs.beat()
    wait_until(
        lambda: sink.answering >= 1 and len(received(sink)) >= 5,
        timeout=60,
        interval=0.01,
        what="a message waiting for its 250",
    )
    procs.kill9("worker-1")
    procs.worker("worker-2", concurrency=2)
    deliver_all(scenario.expected, sink, procs, timeout=90)
    time.sleep(3)
    line = exactly_once(scenario.expected, sink, capsys=capsys)
    counts = sink.counts()
    repeats = sum(n - 1 for n in counts.values())
    assert "lost 0" in line
    assert repeats <= 2  # at most the messages in flight at the kill (2 processes)
    by_key: dict = {}
    for delivery in sink.snapshot():
        by_key.setdefault(delivery.key, set()).add(delivery.message_id)
    assert all(len(ids) == 1 for ids in by_key.values())  # a repeat is the same message


@pytest.mark.parametrize("group", [True, False], ids=["process group", "main process"])
def test_a_worker_told_to_stop_finishes_the_message_in_flight(cast, procs, sink, capsys, group):
    """SIGTERM while the server takes 2 s to answer the end of DATA: the worker waits for
    the 250, marks the row, starts no other message and stops; the next worker sends the
    rest. 0 repeats."""
    sink.data_reply_delay = 2.0
    procs.env.update(REMINDER_SEND_CHUNK="10")
    scenario = published_pairs(cast, timezone.now(), 4)
    procs.worker("worker-1", concurrency=1)
    procs.beat()
    wait_until(lambda: sink.answering >= 1, timeout=60, interval=0.01, what="DATA in flight")
    started = time.monotonic()
    procs.term("worker-1", group=group)
    assert time.monotonic() - started < 15
    assert Reminder.objects.filter(state="sent").count() >= 1  # the message in flight
    assert not Reminder.objects.filter(state="sending").exists()  # the rest given back
    sink.data_reply_delay = 0
    procs.worker("worker-2", concurrency=2)
    deliver_all(scenario.expected, sink, procs)
    settle_and_check(scenario.expected, sink, capsys)


def test_a_mail_server_refusing_everyone_pauses_sending_and_loses_nothing(
    cast, procs, sink, capsys
):
    """550 for every recipient: after a few different recipients sending pauses (2 s here)
    and the reminders stay pending; once the server takes mail again, a probe resumes
    sending. None fails for good."""
    sink.reject_for(3600)
    procs.env.update(REMINDER_REQUEUE_AFTER_SECONDS="1")
    scenario = published_pairs(cast, timezone.now(), 15)
    procs.worker(concurrency=2)
    procs.beat()
    wait_until(MailPause.objects.exists, timeout=60, what="sending paused")
    time.sleep(2)  # paused: the sweep and the workers send nothing meanwhile
    assert not Reminder.objects.filter(state="failed").exists()
    rejected = sink.rejected
    assert rejected >= 5
    sink.reject_for(0)  # the server takes mail again
    deliver_all(scenario.expected, sink, procs, timeout=90)
    settle_and_check(scenario.expected, sink, capsys)
    # Two workers tripping at the same moment may each have opened one: all ended.
    assert not MailPause.objects.filter(ended_at__isnull=True).exists()
