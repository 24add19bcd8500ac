"""Times the reminders on 50,000 active pairs in Postgres: one sweep, then sending to a
local SMTP sink, each against a naive baseline measured in the same run.

Everything runs in one transaction that is rolled back at the end: nothing stays behind.
Needs aiosmtpd (a development dependency).
"""

import datetime as dt
import multiprocessing
import smtplib
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from mentoring.core.working_time import iso_week
from mentoring.reminders import conf
from mentoring.reminders.models import DigestRun, Reminder
from mentoring.reminders.render import build_message
from mentoring.reminders.selectors import send_batch
from mentoring.reminders.sending import reminders_send
from mentoring.reminders.sweep import reminders_sweep
from tools import reminders_benchmark as benchmark
from tools.smtp_sink import serve_in_child

# The targets of issue 13 (printed beside the figures; no test asserts a time).
FIRST_SWEEP_TARGET = 10_000  # pairs/s
USUAL_SWEEP_TARGET = 0.5  # s at 50,000 pairs with nothing due
SENDING_TARGET = 500  # emails/s per worker process


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark the reminder sweep and sending (50,000 pairs; rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--pairs", type=int, default=50_000)
        parser.add_argument("--send", type=int, default=5_000, help="emails to send and time")
        parser.add_argument("--sample", type=int, default=500, help="pairs for the baseline")

    def handle(self, *args, pairs, send, sample, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Run the benchmark on Postgres: set DATABASE_URL=postgres://…")
        try:
            # Everything is due at once: the benchmark may run at any hour.
            with transaction.atomic(), override_settings(REMINDER_RESPECT_WORKING_HOURS=False):
                self._run(pairs=pairs, send=send, sample=sample)
                raise _Rollback
        except _Rollback:
            self.stdout.write("(all benchmark data rolled back)")

    def _run(self, *, pairs, send, sample):
        out = self.stdout.write
        now = timezone.now()
        started = time.perf_counter()
        world = benchmark.build(pairs=pairs, now=now)
        # The ordinary sweep (every few minutes), not Monday's one that also writes digests.
        DigestRun.objects.get_or_create(week=iso_week(now))
        with connection.cursor() as cursor:  # the planner's statistics, as a live database has
            cursor.execute("ANALYZE")
        out(f"built {pairs} active pairs in {time.perf_counter() - started:.1f} s")

        # Baseline first (its rows are rolled back to a savepoint), on a sample of pairs.
        sid = transaction.savepoint()
        naive = benchmark.naive_sweep(pair_ids=world.pair_ids[:sample], now=now)
        transaction.savepoint_rollback(sid)
        naive_rate = sample / naive

        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            result = reminders_sweep(now=now, queue=False)
            swept = time.perf_counter() - started
        rate = result.pairs / swept
        per_batch = len(ctx.captured_queries) / max(result.batches, 1)
        out(
            f"first sweep: {result.pairs} pairs in {swept:.2f} s = {rate:,.0f} pairs/s "
            f"({rate / FIRST_SWEEP_TARGET:.2f}x the target of {FIRST_SWEEP_TARGET:,}); "
            f"{result.written} reminders written; {len(ctx.captured_queries)} queries for "
            f"{result.batches} batches of {conf.sweep_batch()} = {per_batch:.1f} queries/batch"
        )
        out(
            f"baseline (per-pair query loop, {sample} pairs): {naive_rate:,.0f} pairs/s; "
            f"sweep is {rate / naive_rate:.0f}x faster"
        )
        # The usual sweep: the next one, five minutes later, with nothing new.
        started = time.perf_counter()
        again = reminders_sweep(now=now + dt.timedelta(minutes=5), queue=False)
        usual = time.perf_counter() - started
        out(
            f"usual sweep (5 minutes later, nothing new): {usual:.3f} s for {pairs} pairs "
            f"({again.pairs} read, {again.written} new); target {USUAL_SWEEP_TARGET} s: "
            f"{usual / USUAL_SWEEP_TARGET:.2f}x the budget"
        )
        self._send(send=send, now=now)

    def _send(self, *, send, now):
        out = self.stdout.write
        ids = list(
            Reminder.objects.filter(state="pending", next_try_at__lte=now)
            .order_by("id")
            .values_list("id", flat=True)[: send + send // 10]
        )
        main, base = ids[:send], ids[send:]
        ctx = multiprocessing.get_context("spawn")
        ports, stop, delivered = ctx.Queue(), ctx.Event(), ctx.Value("i", 0)
        sink = ctx.Process(target=serve_in_child, args=(ports, stop, delivered), daemon=True)
        sink.start()
        try:
            port = ports.get(timeout=30)
            mail = {
                "EMAIL_BACKEND": "mentoring.core.smtp.PatientEmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": port,
                "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": False,
            }
            chunk = conf.send_chunk()
            with override_settings(**mail):
                started = time.perf_counter()
                sent = sum(
                    len(reminders_send(ids=main[i : i + chunk]).sent)
                    for i in range(0, len(main), chunk)
                )
                elapsed = time.perf_counter() - started
                started = time.perf_counter()
                base_sent = sum(len(reminders_send(ids=[i]).sent) for i in base)
                base_elapsed = time.perf_counter() - started
                wire, wire_elapsed = _transport_alone(ids=main[: max(len(base), 100)], port=port)
        finally:
            stop.set()
            sink.join(timeout=10)
        out(
            f"sending: {sent} emails in {elapsed:.2f} s = {sent / elapsed:,.0f} emails/s "
            f"({sent / elapsed / SENDING_TARGET:.2f}x the target of {SENDING_TARGET}; {chunk} "
            f"per task, claim and SMTP connection; the sink got {delivered.value} in all three runs)"
        )
        if base_sent:
            base_rate = base_sent / base_elapsed
            out(
                f"baseline (one SMTP connection per email, {base_sent} emails): "
                f"{base_rate:,.0f} emails/s; chunked sending is {sent / elapsed / base_rate:.1f}x"
            )
        if wire:
            wire_rate = wire / wire_elapsed
            out(
                f"ceiling (the same messages' bytes, already rendered, sent by bare smtplib over "
                f"one connection to the same sink, {wire} emails): {wire_rate:,.0f} emails/s; "
                f"sending reaches {sent / elapsed / wire_rate:.2f} of it"
            )


def _transport_alone(*, ids: list[int], port: int) -> tuple[int, float]:
    """What the mail transport alone takes on this machine: the messages of ``ids``,
    rendered and encoded beforehand (not timed), sent over one connection with nothing else
    to do — neither the database, nor rendering, nor the exactly-once bookkeeping."""
    batch = send_batch(ids=ids)
    messages = []
    for reminder in batch.reminders.values():
        if reminder.kind == "digest" or reminder.pair_id not in batch.pairs:
            continue
        message = build_message(reminder, batch=batch)
        messages.append(
            (message.from_email, message.recipients(), message.message().as_bytes(linesep="\r\n"))
        )
    client = smtplib.SMTP("127.0.0.1", port)
    try:
        started = time.perf_counter()
        for sender, recipients, raw in messages:
            client.sendmail(sender, recipients, raw)
        elapsed = time.perf_counter() - started
    finally:
        client.quit()
    return len(messages), elapsed
