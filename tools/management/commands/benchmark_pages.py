"""Each main page at a small and a large generated organisation, in the same run: the median
server time through Django's test client (the real middleware), its SQL queries and the ratio
large ÷ small (issue 13's target: ≤ 1.3). Build the organisations first, e.g.
``generate_organisation --small`` and ``generate_organisation --users 100000``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from tools import page_benchmark as bench

TARGET = 1.3


class Command(BaseCommand):
    help = "Page times and queries, small vs large generated organisation, as a table."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=15, help="timed requests per page")
        parser.add_argument("--page", action="append", help="only pages whose name has this")

    def handle(self, *args, repeat, page, **options):
        orgs = sorted(bench.generated_organisations(), key=bench.people)
        if len(orgs) < 2:
            raise CommandError("Generate a small and a large organisation first (README, Scale).")
        small, large = orgs[0], orgs[-1]
        out = self.stdout.write
        out(f"small: {small.name}   large: {large.name}   median of {repeat} requests")
        out(f"{'page':<26}{'small ms':>9}{'large ms':>9}{'ratio':>7}{'SQL':>9}{'KB':>13}")
        worst = 0.0
        with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
            rows = zip(
                bench.pages(bench.cast_of(small)), bench.pages(bench.cast_of(large)), strict=True
            )
            clients: dict = {}
            for (name, s_user, s_url), (_, l_user, l_url) in rows:
                if page and not any(p in name for p in page):
                    continue
                s_client = clients.setdefault(s_user.pk, bench.signed_in(s_user))
                l_client = clients.setdefault(l_user.pk, bench.signed_in(l_user))
                a, b = bench.measure_pair((s_client, s_url), (l_client, l_url), repeat=repeat)
                ratio = b.median_ms / a.median_ms
                worst = max(worst, ratio)
                flag = "" if ratio <= TARGET else "  over"
                bad = "" if a.status == b.status == 200 else f"  HTTP {a.status}/{b.status}"
                out(
                    f"{name:<26}{a.median_ms:>9.1f}{b.median_ms:>9.1f}{ratio:>7.2f}"
                    f"{f'{a.queries}→{b.queries}':>9}{f'{a.kilobytes:.0f}→{b.kilobytes:.0f}':>13}"
                    f"{flag}{bad}"
                )
        out(f"worst ratio {worst:.2f} (target ≤ {TARGET})")
