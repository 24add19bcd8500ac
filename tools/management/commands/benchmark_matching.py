"""Time suggestion runs on generated programmes (not a test: prints figures).

    manage.py benchmark_matching [--sizes 1000x250x4,2000x500x4,5000x1250x4] [--repeat 3]

A size is actors × mentors × places per mentor. For each, creates an organisation, two
units, a programme spanning both and its sign-ups in bulk in the configured database
(SQLite by default, Postgres through DATABASE_URL), then reports: the whole suggestion
(load from the database, score, solve, the chosen pairs' points), the bare ``scipy`` solver
(``linear_sum_assignment``) on a random matrix of the same shape as the assignment, their
ratio (the target is at most 1.5), the total score against a greedy matching, the SQL
queries used, saving (``suggestions_run``), the suggestions page's explaining of every card
(made when the page shows them, from the day's data), and accepting them all as draft pairs.
Whole runs and bare runs take turns, so that a busy machine slows both. Everything
generated is deleted afterwards unless --keep is given.
"""

import random
import statistics
import time
import uuid

import numpy as np
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from scipy.optimize import linear_sum_assignment

from mentoring.accounts.models import User
from mentoring.matching import solver
from mentoring.matching.engine import suggest
from mentoring.matching.pool import load_pool
from mentoring.matching.selectors import suggestions_board
from mentoring.matching.services import suggestions_accept_all, suggestions_run
from mentoring.pairs.models import Pair
from mentoring.programmes.models import BUILTIN_THEMES, Programme, SignUp, Theme
from units.models import Membership, Organisation, Unit

SHIFT_CHOICES = [["day"], ["evening"], ["night"], ["day", "evening"], ["rotating"]]


def _languages(rng):
    roll = rng.random()
    return (
        ["fi"] if roll < 0.75 else ["sv", "fi"] if roll < 0.9 else ["sv"] if roll < 0.95 else ["en"]
    )


def build_programme(*, actors: int, mentors: int, capacity: int, seed: int):
    """A programme with ``actors`` actors and ``mentors`` mentors, created in bulk."""
    rng = random.Random(seed)
    tag = uuid.uuid4().hex[:8]
    org = Organisation.objects.create(name=f"Benchmark {tag}")
    units = [Unit.objects.create(organisation=org, name=f"Unit {k}") for k in (1, 2)]
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"bench-{tag}-{n}@example.invalid", name=f"Worker {n}", password=password)
        for n in range(actors + mentors + 1)
    )
    supervisor = users[-1]
    Membership.objects.bulk_create(
        [Membership(user=supervisor, unit=u, role=Membership.Role.SUPERVISOR) for u in units]
    )
    programme = Programme.objects.create(
        organisation=org,
        name=f"Benchmark {tag}",
        starts_on="2026-01-01",
        ends_on="2026-12-31",
        short_code=Programme.new_short_code(),
    )
    programme.units.set(units)
    signups = []
    for n, user in enumerate(users[:-1]):
        is_mentor = n >= actors
        signups.append(
            SignUp(
                programme=programme,
                user=user,
                unit=rng.choice(units),
                role=SignUp.Role.MENTOR if is_mentor else SignUp.Role.ACTOR,
                experience_years=rng.randint(3, 35) if is_mentor else rng.randint(0, 6),
                shifts=rng.choice(SHIFT_CHOICES),
                languages=_languages(rng),
                capacity=capacity if is_mentor else None,
            )
        )
    SignUp.objects.bulk_create(signups)
    theme_ids = list(
        Theme.objects.filter(organisation__isnull=True, key__in=BUILTIN_THEMES).values_list(
            "id", flat=True
        )
    )
    through = SignUp.themes.through
    links = []
    for s in signups:
        k = rng.randint(2, 6) if s.role == SignUp.Role.MENTOR else rng.randint(1, 3)
        links += [through(signup_id=s.pk, theme_id=t) for t in rng.sample(theme_ids, k)]
    through.objects.bulk_create(links)
    return org, programme, supervisor


def _size(text: str) -> tuple[int, int, int]:
    actors, mentors, places = (int(v) for v in text.lower().split("x"))
    return actors, mentors, places


class Command(BaseCommand):
    help = "Time pair suggestions on generated programmes and compare with the bare solver."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            default="1000x250x4,2000x500x4,5000x1250x4",
            help="actors x mentors x places, comma-separated",
        )
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--keep", action="store_true", help="keep the generated data")

    def handle(self, *args, **opts):
        out = self.stdout.write
        out(f"database: {connection.vendor}")
        rows = [self._one(*_size(text), opts) for text in opts["sizes"].split(",")]
        out("")
        out("size (actors × mentors × places) | bare solver, random | whole | whole / bare")
        for (a, m, c), bare, whole in rows:
            out(f"{a} × {m} × {c} | {bare:.3f} s | {whole:.3f} s | {whole / bare:.2f}")

    def _one(self, actors: int, mentors: int, capacity: int, opts) -> tuple:
        out = self.stdout.write
        t = time.perf_counter()
        with transaction.atomic():
            org, programme, supervisor = build_programme(
                actors=actors, mentors=mentors, capacity=capacity, seed=opts["seed"]
            )
        out(
            f"\n== {actors} actors and {mentors} mentors × {capacity} places "
            f"(generated in {time.perf_counter() - t:.1f} s)"
        )
        try:
            return (actors, mentors, capacity), *self._measure(
                programme, supervisor, opts["repeat"], opts["seed"]
            )
        finally:
            if not opts["keep"]:
                with transaction.atomic():
                    Pair.objects.filter(programme=programme).delete()
                    programme.delete()
                    User.objects.filter(
                        email__startswith=supervisor.email.rsplit("-", 1)[0]
                    ).delete()
                    org.delete()

    def _measure(self, programme, supervisor, repeat: int, seed: int) -> tuple[float, float]:
        """Whole runs and bare solver runs take turns, so that a busy machine slows both."""
        out = self.stdout.write
        rng = np.random.default_rng(seed)
        suggest(programme)  # warm up: imports, translations, connection
        whole, bare, steps = [], [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                proposal = suggest(programme)
                whole.append(time.perf_counter() - t)
            steps.append(proposal.seconds)
            # The bare solver, on a random matrix of the shape the run handed to its solver.
            problem = proposal.problem
            start = solver._fix(problem)
            rows = solver._free_rows(problem, start.mentor_of)
            shape = (len(rows), int(np.maximum(start.places, 0).sum()))
            random_matrix = rng.random(shape)
            t = time.perf_counter()
            linear_sum_assignment(random_matrix)
            bare.append(time.perf_counter() - t)
        greedy = solver.solve_greedy(problem)
        best, hand = proposal.total, greedy.total(problem.score)
        w, b = statistics.median(whole), statistics.median(bare)
        step = {k: statistics.median(s[k] for s in steps) for k in steps[0]}
        out(f"matrix: {shape[0]} actors × {shape[1]} mentor places")
        out(
            f"whole suggestion (load, score, solve, points): {w:.3f} s "
            f"(load {step['load']:.3f}, score {step['score']:.3f}, solve {step['solve']:.3f}, "
            f"points {step['parts']:.3f}); median of {repeat}"
        )
        out(
            f"bare solver (scipy linear_sum_assignment, random matrix of the same shape): "
            f"{b:.3f} s; median of {repeat}"
        )
        out(f"ratio whole / bare solver: {w / b:.2f}")
        out(
            f"total score: optimal {best:.1f} for {proposal.solution.count} pairs; greedy "
            f"{hand:.1f} for {greedy.count} pairs; optimal / greedy = {best / hand:.4f}"
        )
        out(f"SQL queries in one suggestion: {len(queries.captured_queries)}")
        for label, action in (
            ("storing the suggestions (suggestions_run)", suggestions_run),
            ("the suggestions page's cards, each explained (suggestions_board)", _board),
            ("accepting them all as draft pairs (suggestions_accept_all)", suggestions_accept_all),
        ):
            with CaptureQueriesContext(connection) as stored:
                t = time.perf_counter()
                action(programme=programme, by=supervisor)
                saved = time.perf_counter() - t
            out(f"{label}: {saved:.3f} s, {len(stored.captured_queries)} queries")
        return b, w


def _board(*, programme, by) -> None:
    """What the suggestions page reads and explains for its cards (the supervisor's view)."""
    suggestions_board(pool=load_pool(programme))
