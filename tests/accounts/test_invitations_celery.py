"""Many invitations at once through a real Celery worker, Redis and an SMTP server: each
pasted address gets exactly one email with its own link, and no link passes through the broker.

Run with, for example:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres TEST_DATABASE_NAME=test_invite \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/9 REQUIRE_SERVICES=1 \
    python -m pytest -q -m services tests/accounts/test_invitations_celery.py
"""

import email
import re
import time

import pytest
import redis as redis_lib

from mentoring.accounts.invitations import invitations_create_many
from mentoring.accounts.models import Invitation
from mentoring.celery import app
from tests.reminders.harness import Processes, services_or_skip, wait_until
from tools.smtp_sink import SmtpSink

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
COUNT = 120


@pytest.fixture
def broker():
    _database, broker = services_or_skip()
    client = redis_lib.Redis.from_url(broker)
    if client.connection_pool.connection_kwargs.get("db", 0) == 0:
        pytest.fail(f"{broker}: give the tests a Redis database of their own (not 0)")
    client.flushdb()
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = broker, False
    yield broker
    app.conf.broker_url, app.conf.task_always_eager = saved


def test_a_real_worker_sends_each_pasted_invitation_once(cast, tmp_path, broker):
    addresses = [f"kutsu{i}@example.test" for i in range(COUNT)]
    with SmtpSink() as sink:
        procs = Processes(tmp_path, broker=broker, smtp_port=sink.port)
        try:
            procs.worker(concurrency=2)
            invitations_create_many(by=cast.sup_a, unit=cast.unit_a, text="\n".join(addresses))
            wait_until(lambda: len(sink.snapshot()) >= COUNT, timeout=90, what="every invitation")
            time.sleep(1.5)  # nothing more may arrive
            deliveries = sink.snapshot()
        except AssertionError as error:
            raise AssertionError(f"{error}\n{procs.logs()}") from None
        finally:
            procs.stop_all()
    assert sorted(d.to for d in deliveries) == sorted(addresses)
    links = {re.search(r"/accounts/invite/([\w-]+)/", _text(d.raw)).group(1) for d in deliveries}
    assert len(links) == COUNT
    assert not Invitation.objects.filter(sent_at__isnull=True).exists()
    assert set(Invitation.objects.values_list("send_count", flat=True)) == {1}


def _text(raw: bytes) -> str:
    """The plain-text part of a message as it arrived (quoted-printable decoded)."""
    for part in email.message_from_bytes(raw).walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    return ""
