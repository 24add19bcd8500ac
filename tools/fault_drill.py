"""Fault drill: how long reminders take to drain after a fault ends, end to end, with the
production timings (a sweep every 5 minutes, a 60 s lease, a requeue after 240 s).

Development only. Starts its own PostgreSQL cluster (initdb in a temporary folder, a free
port), its own redis-server, an SMTP sink (``tools.smtp_sink``), a Celery worker
(concurrency 2) and beat with the production settings and schedule, working hours off so
that it runs at any hour. Builds N active pairs once (``tools.reminders_benchmark``) and,
for each scenario, a copy of that database; then runs one sweep at the start (as beat's
tick would: beat's own ticks follow every 5 minutes) and injects the fault early in the
drain:

- ``none``: no fault;
- ``worker``: ``kill -9`` of the worker's process group, restarted at once;
- ``redis``: redis-server killed (nothing persisted: the queue is lost) for 2 minutes;
- ``postgres``: the private cluster stopped (``pg_ctl stop -m fast``) for 1 minute.

Each scenario prints one line: reminders due at the start, sent (distinct keys that reached
the sink), duplicated (deliveries of a key beyond the first, by ``X-Mentorpolku-Reminder``),
lost, the seconds from the start and from the fault's end until every due reminder was
delivered, and a verdict against "fault end → drained ≤ one sweep interval + the no-fault
drain time".

    .venv/bin/python tools/fault_drill.py --pairs 2000 --scenarios none,worker,redis,postgres

Never touches the machine's PostgreSQL or Redis. ``--keep`` leaves the logs (worker, beat,
PostgreSQL, progress) in the temporary folder, whose name it prints.
"""

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.processes import (  # noqa: E402
    CeleryProcesses,
    PrivateCluster,
    PrivateRedis,
    wait_until,
)
from tools.smtp_sink import SmtpSink, free_port  # noqa: E402

SCENARIOS = ("none", "worker", "redis", "postgres")
SWEEP_SECONDS = 5 * 60  # the production schedule (REMINDER_SWEEP_MINUTES)
REDIS_DOWN = 120
POSTGRES_DOWN = 60


def log(line: str, file=None) -> None:
    text = f"{time.strftime('%H:%M:%S', time.gmtime())} {line}"
    print(text, file=sys.stderr, flush=True)
    if file is not None:
        with open(file, "a") as out:
            out.write(text + "\n")


class Drill:
    def __init__(self, *, tmp: Path, pairs: int, timeout: float):
        self.tmp = tmp
        self.pairs = pairs
        self.timeout = timeout
        self.pg = PrivateCluster(tmp / "pg", free_port())
        self.redis_port = free_port()
        self.baseline: float | None = None

    # --- set-up -------------------------------------------------------------------------------
    def setup(self) -> None:
        self.pg.init()
        self.pg.start()
        self._sql("postgres", "CREATE DATABASE drill")
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "mentoring.settings",
                "DATABASE_URL": self.pg.url("drill"),
                "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
                "SECRET_KEY": "fault-drill-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
                "SECURE_SSL_REDIRECT": "0",
                "REMINDER_RESPECT_WORKING_HOURS": "0",  # runs at any hour
                "MENTORPOLKU_VAR_DIR": str(self.tmp / "var"),
            }
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from mentoring.core.working_time import iso_week
        from mentoring.reminders.models import DigestRun
        from tools import reminders_benchmark

        started = time.monotonic()
        call_command("migrate", verbosity=0)
        now = timezone.now()
        reminders_benchmark.build(pairs=self.pairs, now=now)
        # The ordinary sweep, not Monday's that also writes the supervisors' digests.
        DigestRun.objects.get_or_create(week=iso_week(now))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        connection.close()
        log(f"built {self.pairs} active pairs in {time.monotonic() - started:.0f} s")

    def _sql(self, database: str, statement: str) -> None:
        import psycopg2

        conn = psycopg2.connect(host="127.0.0.1", port=self.pg.port, user="postgres",
                                dbname=database)  # fmt: skip
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(statement)
        conn.close()

    def _use(self, database: str) -> None:
        from django.db import connections

        connections["default"].close()
        connections["default"].settings_dict["NAME"] = database

    # --- one scenario ------------------------------------------------------------------------
    def run(self, scenario: str) -> dict:
        from django.db import connection

        from mentoring.reminders.models import Reminder
        from mentoring.reminders.sweep import reminders_queue_due, reminders_sweep

        here = self.tmp / scenario
        here.mkdir()
        progress = here / "progress.log"
        database = f"drill_{scenario}"
        self._sql("postgres", f"CREATE DATABASE {database} TEMPLATE drill")
        self._use(database)
        redis = PrivateRedis(here, self.redis_port)
        redis.start()
        sink = SmtpSink(keep_raw=False).start()
        env = {
            **os.environ,
            "DATABASE_URL": self.pg.url(database),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "MENTORPOLKU_VAR_DIR": str(here / "var"),
            "PYTHONUNBUFFERED": "1",
        }
        procs = CeleryProcesses(here, env=env)
        try:
            procs.worker("worker", concurrency=2)
            procs.beat()
            wait_until(lambda: b" ready." in (here / "worker.log").read_bytes(), timeout=180,
                       interval=0.5, what="the worker")  # fmt: skip
            # The start: a sweep as beat's tick would run it (beat's next tick in 5 minutes).
            start = time.monotonic()
            now = dt.datetime.now(dt.UTC)
            reminders_sweep(now=now, queue=False)
            due = set(
                Reminder.objects.filter(state="pending", next_try_at__lte=now).values_list(
                    "dedupe_key", flat=True
                )
            )
            queued = reminders_queue_due(now=now)
            log(f"{scenario}: {len(due)} reminders due, {queued} queued", progress)
            fault_end = self._fault(scenario, procs, redis, sink, due, start, progress)
            drained = self._drain(sink, due, start, progress)
            time.sleep(5)  # anything still in flight arrives now: counted as a repeat
            counts = sink.counts()
            finished = self._states(due)
        finally:
            procs.stop_all()
            sink.stop()
            redis.stop()
            connection.close()
        delivered = {k for k in counts if k in due}
        settled = finished.get("skipped", set()) | finished.get("failed", set())
        result = {
            "scenario": scenario,
            "due": len(due),
            "sent": len(delivered),
            "duplicated": sum(n - 1 for k, n in counts.items() if k in due),
            "lost": len(due - delivered - settled),
            "skipped": len(finished.get("skipped", ())),
            "failed": len(finished.get("failed", ())),
            "total": None if drained is None else drained - start,
            "after_fault": None if drained is None else drained - fault_end,
        }
        log(f"{scenario}: {result}", progress)
        return result

    def _fault(self, scenario, procs, redis, sink, due, start, progress) -> float:
        """Inject the fault early in the drain; the moment it ended."""
        if scenario == "none":
            return start
        early = max(50, len(due) // 20)  # 5 % delivered
        wait_until(lambda: len(sink.counts()) >= early, timeout=self.timeout, interval=0.05,
                   what="the drain to begin")  # fmt: skip
        at = time.monotonic() - start
        if scenario == "worker":
            procs.kill9("worker")
            procs.worker("worker", concurrency=2)
            log(f"worker: kill -9 at {at:.0f} s, restarted", progress)
        elif scenario == "redis":
            redis.stop()
            log(f"redis: killed at {at:.0f} s", progress)
            time.sleep(REDIS_DOWN)
            redis.start()
            log("redis: back", progress)
        elif scenario == "postgres":
            self.pg.stop()
            log(f"postgres: stopped at {at:.0f} s", progress)
            time.sleep(POSTGRES_DOWN)
            self.pg.start()
            log("postgres: back", progress)
        else:
            raise ValueError(scenario)
        return time.monotonic()

    def _states(self, due: set) -> dict:
        """dedupe key sets by state, for the due keys; {} while the database is down."""
        from django.db import connection

        from mentoring.reminders.models import Reminder

        try:
            out: dict = {}
            for key, state in Reminder.objects.values_list("dedupe_key", "state"):
                if key in due:
                    out.setdefault(state, set()).add(key)
            return out
        except Exception:
            connection.close()
            return {}

    def _drain(self, sink, due: set, start: float, progress) -> float | None:
        """Wait until every due reminder was delivered (or skipped or failed for good);
        the moment, or None after the timeout."""
        deadline = time.monotonic() + self.timeout
        next_report = 0.0
        settled: set = set()
        while time.monotonic() < deadline:
            delivered = {k for k in sink.counts() if k in due}
            if len(delivered | settled) >= len(due):
                return time.monotonic()
            if time.monotonic() >= next_report:
                states = self._states(due)
                settled = states.get("skipped", set()) | states.get("failed", set())
                summary = {state: len(keys) for state, keys in states.items()}
                log(f"  {time.monotonic() - start:5.0f} s: delivered {len(delivered)}, "
                    f"states {summary or 'database down'}", progress)  # fmt: skip
                next_report = time.monotonic() + 15
            time.sleep(0.5)
        return None

    def close(self) -> None:
        try:
            self.pg.stop()
        except Exception as error:  # already stopped
            log(f"(stopping our PostgreSQL: {error})")


def verdict(result: dict, baseline: float | None) -> str:
    if result["after_fault"] is None:
        return "NOT DRAINED within the timeout"
    target = SWEEP_SECONDS + (baseline if baseline is not None else 0)
    ok = result["after_fault"] <= target and result["lost"] == 0
    basis = "" if baseline is not None else " (no no-fault run: sweep interval alone)"
    return f"{'meets' if ok else 'MISSES'} ≤ {target:.0f} s{basis}"


def line(result: dict) -> str:
    def seconds(value):
        return "—" if value is None else f"{value:.0f} s"

    return (
        f"{result['scenario']:<9} due {result['due']}, sent {result['sent']}, "
        f"duplicated {result['duplicated']}, lost {result['lost']}"
        f", skipped {result['skipped']}, failed {result['failed']}; "
        f"start → drained {seconds(result['total'])}, "
        f"fault end → drained {seconds(result['after_fault'])}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenarios", default=",".join(SCENARIOS),
                        help="comma-separated, of: " + ", ".join(SCENARIOS))  # fmt: skip
    parser.add_argument(
        "--pairs", type=int, default=2000, help="active pairs (≈1.8 reminders each)"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per scenario")
    parser.add_argument("--keep", action="store_true", help="keep the logs and the cluster")
    args = parser.parse_args(argv)
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if "none" in scenarios:  # the baseline of the verdict comes first
        scenarios.remove("none")
        scenarios.insert(0, "none")
    tmp = Path(tempfile.mkdtemp(prefix="fault-drill-"))
    os.chmod(tmp, 0o755)  # our PostgreSQL runs as its own user
    log(f"fault drill in {tmp}; load average {os.getloadavg()}")
    drill = Drill(tmp=tmp, pairs=args.pairs, timeout=args.timeout)
    results = []
    try:
        drill.setup()
        for scenario in scenarios:
            result = drill.run(scenario)
            if scenario == "none" and result["total"] is not None:
                drill.baseline = result["total"]
            results.append(result)
            log(f"load average {os.getloadavg()}")
    finally:
        drill.close()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"fault drill: {args.pairs} pairs, sweep every {SWEEP_SECONDS} s, lease 60 s, "
          f"requeue after 240 s")  # fmt: skip
    for result in results:
        print(f"{line(result)} — {verdict(result, drill.baseline)}")
    failed = [r for r in results if not verdict(r, drill.baseline).startswith("meets")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
