"""Time the staff import's reading and preview (not a test: prints figures).

    manage.py benchmark_import [--sizes 1000 10000] [--repeat 3]

For each size, builds a CSV file of that many rows in an organisation of three units where
half of the file's people already work (so the preview compares as much as it adds), then
times reading the file (tablib) and computing the preview plan, and counts the plan's SQL
queries. Prints rows per second per size and the ratio of the per-row cost of the largest
size to the smallest's (1.0: the cost grows linearly). Everything runs in a transaction that
is rolled back.
"""

import statistics
import time
import uuid

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from mentoring.accounts.models import User
from mentoring.onboarding.plan import import_plan
from mentoring.onboarding.reading import read_staff_file
from units.models import Membership, Organisation, OrganisationAdmin, Unit

HEADER = "nimi;sähköposti;puhelin;yksikkö;rooli;ammattinimike;alalla vuodesta;vuorot;kieli"


class Rollback(Exception):
    pass


def build_world(size: int):
    """An organisation, its admin, three units, and half of ``size`` people as members."""
    tag = uuid.uuid4().hex[:8]
    org = Organisation.objects.create(name=f"Benchmark {tag}")
    units = [Unit.objects.create(organisation=org, name=f"Yksikkö {k}") for k in range(3)]
    password = make_password(None)
    admin = User.objects.create(email=f"admin-{tag}@example.invalid", name="Admin")
    OrganisationAdmin.objects.create(organisation=org, user=admin)
    members = User.objects.bulk_create(
        User(email=f"w{n}-{tag}@example.invalid", name=f"Worker {n}", password=password)
        for n in range(size // 2)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            unit=units[n % 3],
            job_title="lähihoitaja",
            started_in_field=2010,
            shifts=["day", "evening"],
        )
        for n, user in enumerate(members)
    )
    return org, admin, tag


def staff_csv(size: int, tag: str) -> bytes:
    """Half the rows are the members (every tenth with a new job title), half new people."""
    lines = [HEADER]
    for n in range(size):
        title = "sairaanhoitaja" if n % 10 == 0 else "lähihoitaja"
        lines.append(
            f"Worker {n};w{n}-{tag}@example.invalid;040 {n};Yksikkö {n % 3};työntekijä;"
            f"{title};2010;aamu, ilta;fi"
        )
    return ("\n".join(lines) + "\n").encode()


class Command(BaseCommand):
    help = "Time reading a staff file and computing its preview at several sizes."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, sizes, repeat, **options):
        results = {}
        for size in sizes:
            try:
                with transaction.atomic():
                    results[size] = self._measure(size, repeat)
                    raise Rollback
            except Rollback:
                pass
        smallest, largest = min(results), max(results)
        self.stdout.write(f"database: {connection.vendor}")
        for size, (read, plan, queries, counts) in sorted(results.items()):
            total = read + plan
            self.stdout.write(
                f"{size:>6} rows: read {read:.2f} s, preview {plan:.2f} s, "
                f"total {total:.2f} s = {size / total:,.0f} rows/s; "
                f"{queries} queries; {counts}"
            )
        per_row = {size: (r + p) / size for size, (r, p, _q, _c) in results.items()}
        self.stdout.write(
            f"per-row cost at {largest:,} rows / at {smallest:,} rows: "
            f"{per_row[largest] / per_row[smallest]:.2f}"
        )

    def _measure(self, size: int, repeat: int):
        org, admin, tag = build_world(size)
        content = staff_csv(size, tag)
        reads, plans = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            rows = read_staff_file(name="staff.csv", content=content)
            middle = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                plan = import_plan(organisation=org, by=admin, rows=rows, create_units=False)
            reads.append(middle - start)
            plans.append(time.perf_counter() - middle)
        return statistics.median(reads), statistics.median(plans), len(queries), plan.counts
