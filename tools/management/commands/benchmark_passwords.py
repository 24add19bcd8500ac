"""Measures the CPU one password check costs with each candidate hasher, beside PBKDF2 (the
former default) in the same run: the measurement behind ``MeasuredArgon2PasswordHasher``.

Argon2's cost is CPU time × memory held while it runs; a web worker checks one password at a
time, so a server of W workers holds at most W × memory at once.
"""

import time

from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher
from django.core.management.base import BaseCommand

from mentoring.accounts.hashers import MeasuredArgon2PasswordHasher

# (time_cost, memory_cost KiB, parallelism): Django's default, then smaller profiles.
CANDIDATES = [(2, 102_400, 8), (2, 65_536, 1), (2, 47_104, 1), (3, 19_456, 1), (2, 19_456, 1)]


def _argon2(time_cost: int, memory_cost: int, parallelism: int) -> Argon2PasswordHasher:
    hasher = Argon2PasswordHasher()
    hasher.time_cost, hasher.memory_cost, hasher.parallelism = time_cost, memory_cost, parallelism
    return hasher


def cpu_ms_per_check(hasher, *, checks: int) -> float:
    """Mean CPU time of ``checks`` verifications of one stored hash, in ms."""
    encoded = hasher.encode("correct horse battery staple", hasher.salt())
    started = time.process_time()
    for _ in range(checks):
        hasher.verify("correct horse battery staple", encoded)
    return (time.process_time() - started) / checks * 1000


class Command(BaseCommand):
    help = "CPU per password check for Argon2 profiles and PBKDF2, measured in one run."

    def add_arguments(self, parser):
        parser.add_argument("--checks", type=int, default=10)
        parser.add_argument("--workers", type=int, default=3, help="web workers for memory")

    def handle(self, *args, checks, workers, **options):
        out = self.stdout.write
        baseline = cpu_ms_per_check(PBKDF2PasswordHasher(), checks=checks)
        out(f"PBKDF2-SHA256 {PBKDF2PasswordHasher.iterations:,} iterations: {baseline:.0f} ms CPU")
        out(
            f"{'argon2id t × m × p':<28}{'CPU ms':>8}{'÷ PBKDF2':>10}{'memory, ' + str(workers) + ' workers':>20}"
        )
        chosen = MeasuredArgon2PasswordHasher
        for t, m, p in CANDIDATES:
            ms = cpu_ms_per_check(_argon2(t, m, p), checks=checks)
            mark = (
                "  ← chosen"
                if (t, m, p) == (chosen.time_cost, chosen.memory_cost, chosen.parallelism)
                else ""
            )
            out(
                f"{f'{t} × {m // 1024} MiB × {p}':<28}{ms:>8.0f}{ms / baseline:>10.2f}{workers * m // 1024:>16} MiB{mark}"
            )
