"""A generated organisation for the page benchmarks and load tests (issue 13).

Every unit has the same shape, so an organisation of one unit and one of a thousand differ only
in how much else is in the database: a page shown to one unit's supervisor, one worker or the
organisation admin should cost the same in both. Per unit: a supervisor and 99 workers, two
programmes (every tenth one shared with the next unit), 40 pairs (draft, published, running and
concluded), and for each running or concluded pair an agreement with two goals and about two
dozen meetings every fortnight, nearly all held and logged; a concluded pair has answered its
evaluation meeting. At 100,000 people: 1,000 units, 2,000 programmes, 40,000 pairs, ~900,000
meetings and logs, like the county the issue measured.

Rows are written with ``bulk_create`` one unit at a time, so memory stays flat.
"""

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from mentoring.agreements.models import Agreement, Goal
from mentoring.evaluations.models import BENEFIT_KEYS, Evaluation
from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme, SignUp
from units.models import Membership, Organisation, OrganisationAdmin, Unit

NAME_PREFIX = "Generated county"
# Every generated person signs in with this password; supervisors and the admin also give the
# code of an authenticator app with this secret (pyotp.TOTP(GENERATED_TOTP_SECRET).now()).
GENERATED_PASSWORD = "generated-county-password"
GENERATED_TOTP_SECRET = "GENERATEDCOUNTYGENERATEDCOUNTY22"
PEOPLE_PER_UNIT = 100  # one supervisor and 99 workers
PAIRS_PER_PROGRAMME = 20
PROGRAMMES_PER_UNIT = 2
BATCH = 5000
D = dt.timedelta(days=1)
H = dt.timedelta(hours=1)


def organisation_name(users: int) -> str:
    return f"{NAME_PREFIX} {users}"


def units_for(users: int) -> int:
    return max(1, users // PEOPLE_PER_UNIT)


@dataclass
class Rows:
    """Rows waiting for their bulk insert, in the order the foreign keys need."""

    tables: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)

    def add(self, model, *rows) -> None:
        self.tables.setdefault(model, []).extend(rows)

    def flush(self) -> None:
        for model, rows in self.tables.items():
            for start in range(0, len(rows), BATCH):
                model.objects.bulk_create(rows[start : start + BATCH])
            self.written[model.__name__] = self.written.get(model.__name__, 0) + len(rows)
        self.tables = {}


@dataclass
class Context:
    org: Organisation
    tag: str
    now: dt.datetime
    password: str
    meetings_per_pair: int
    rng: random.Random
    rows: Rows = field(default_factory=Rows)
    people: int = 0

    def person(self, *, kind: str):
        self.people += 1
        user = get_user_model()(
            email=f"{kind}{self.people}.{self.tag}@generated.invalid",
            name=f"{kind.title()} {self.people}",
            password=self.password,
        )
        self.rows.add(get_user_model(), user)
        return user


def _enrol_totp(users) -> None:
    secret = encrypt(GENERATED_TOTP_SECRET)
    Authenticator.objects.bulk_create(
        [
            Authenticator(user=u, type=Authenticator.Type.TOTP, data={"secret": secret})
            for u in users
        ]
    )


def _programme(ctx: Context, n: int) -> Programme:
    today = ctx.now.date()
    return Programme(
        organisation=ctx.org,
        name=f"Programme {n:05d}",
        starts_on=today - 400 * D,
        ends_on=today + 330 * D,
        approval_required=n % 4 == 0,
        planned_meetings=ctx.meetings_per_pair,
        short_code=f"g{ctx.tag[:4]}{n:07d}",
    )


def _meeting(pair, start, *, status="held", kind="regular", **extra) -> Meeting:
    return Meeting(
        pair=pair,
        kind=kind,
        status=status,
        starts_at=start,
        ends_at=start + H,
        held_minutes=60 if status == "held" else None,
        **extra,
    )


def _held(ctx: Context, pair: Pair, count: int, *, last: dt.datetime) -> list[Meeting]:
    """``count`` meetings held a fortnight apart up to ``last``, each with its log."""
    meetings = [
        _meeting(pair, last - 14 * D * k, kind="first" if k == count - 1 else "regular")
        for k in range(count)
    ]
    ctx.rows.add(Meeting, *meetings)
    ctx.rows.add(
        MeetingLog,
        *[MeetingLog(meeting=m, progress="Went through the week's cases.") for m in meetings],
    )
    return meetings


def _agreement(ctx: Context, pair: Pair, accepted: dt.datetime) -> None:
    agreement = Agreement(
        pair=pair,
        version=1,
        status=Agreement.Status.ACCEPTED,
        cadence_days=14,
        moving_practice="A message the day before.",
        confidentiality="What we say stays with us.",
        planned_meetings=ctx.meetings_per_pair,
        evaluation_date=(ctx.now + 60 * D).date(),
        mentor_accepted_at=accepted,
        actor_accepted_at=accepted,
    )
    ctx.rows.add(Agreement, agreement)
    ctx.rows.add(
        Goal,
        Goal(agreement=agreement, position=0, text="Medication rounds with confidence"),
        Goal(agreement=agreement, position=1, text="Talking with relatives"),
    )


def _running(ctx: Context, pair: Pair, approval_required: bool) -> None:
    """An agreed pair: meetings held up to a few days ago, one cancelled, one planned."""
    start = ctx.now.replace(minute=0, second=0, microsecond=0) - 3 * D
    held = _held(ctx, pair, max(1, ctx.meetings_per_pair - 2), last=start)
    _agreement(ctx, pair, accepted=held[-1].starts_at)
    ctx.rows.add(
        Meeting,
        _meeting(pair, start - 7 * D, status="cancelled", cancel_reason="Sick leave."),
        _meeting(
            pair,
            start + (8 + ctx.rng.randrange(10)) * D,
            status="planned",
            approval="pending" if approval_required else "not_needed",
        ),
    )


def _concluded(ctx: Context, pair: Pair, mentor: SignUp, actor: SignUp) -> None:
    """A pair that held its meetings and its evaluation meeting, both members answered."""
    last = ctx.now.replace(minute=0, second=0, microsecond=0) - 20 * D
    held = _held(ctx, pair, max(1, ctx.meetings_per_pair - 1), last=last - 14 * D)
    _agreement(ctx, pair, accepted=held[-1].starts_at)
    evaluation = _meeting(pair, last, kind="evaluation")
    ctx.rows.add(Meeting, evaluation)
    for member in (mentor, actor):
        ratings = {key: ctx.rng.randint(3, 5) for key in BENEFIT_KEYS}
        ctx.rows.add(
            Evaluation,
            Evaluation(
                meeting=evaluation,
                pair=pair,
                author=member.user,
                author_role=member.role,
                decision="conclude",
                **ratings,
            ),
        )


# Pair i of a programme: drafts, published, concluded and running pairs in turn.
def _status(i: int) -> str:
    return {0: "draft", 1: "published", 2: "concluded", 3: "concluded"}.get(i % 20, "active")


def _signup(ctx, programme, unit, user, role) -> SignUp:
    signup = SignUp(
        programme=programme,
        user=user,
        unit=unit,
        role=role,
        experience_years=15 if role == "mentor" else 1,
        capacity=1 if role == "mentor" else None,
        shifts=["day"],
        languages=["fi"],
    )
    ctx.rows.add(SignUp, signup)
    return signup


def _pairs(ctx: Context, programme: Programme, unit: Unit, workers: list, first: int) -> None:
    for i in range(PAIRS_PER_PROGRAMME):
        mentor = _signup(ctx, programme, unit, workers[first + 2 * i], "mentor")
        actor = _signup(ctx, programme, unit, workers[first + 2 * i + 1], "actor")
        status = _status(i)
        pair = Pair(
            programme=programme,
            mentor=mentor,
            actor=actor,
            mentor_slot=1,
            status=status,
            published_at=None if status == "draft" else ctx.now - 400 * D,
            activated_at=ctx.now - 380 * D if status in ("active", "concluded") else None,
            concluded_at=ctx.now - 19 * D if status == "concluded" else None,
        )
        ctx.rows.add(Pair, pair)
        if status == "active":
            _running(ctx, pair, programme.approval_required)
        elif status == "concluded":
            _concluded(ctx, pair, mentor, actor)


def _unit(ctx: Context, n: int, previous: Unit | None) -> Unit:
    unit = Unit(organisation=ctx.org, name=f"Unit {n:05d}")
    ctx.rows.add(Unit, unit)
    supervisor = ctx.person(kind="supervisor")
    workers = [ctx.person(kind="worker") for _ in range(PEOPLE_PER_UNIT - 1)]
    ctx.rows.add(
        Membership,
        Membership(user=supervisor, unit=unit, role=Membership.Role.SUPERVISOR),
        *[Membership(user=w, unit=unit, started_in_field=2010) for w in workers],
    )
    programmes = [_programme(ctx, PROGRAMMES_PER_UNIT * n + k) for k in range(PROGRAMMES_PER_UNIT)]
    ctx.rows.add(Programme, *programmes)
    for k, programme in enumerate(programmes):
        _pairs(ctx, programme, unit, workers, first=2 * PAIRS_PER_PROGRAMME * k)
    # The workers left over sign up to the first programme and wait for a pair.
    for worker in workers[2 * PAIRS_PER_PROGRAMME * PROGRAMMES_PER_UNIT :]:
        _signup(ctx, programmes[0], unit, worker, "actor")
    ctx.rows.flush()
    for k, programme in enumerate(programmes):
        shared = previous is not None and (PROGRAMMES_PER_UNIT * n + k) % 10 == 0
        programme.units.set([unit, previous] if shared else [unit])
    _enrol_totp([supervisor])
    return unit


def generate(*, users: int, meetings_per_pair: int = 24, seed: int = 13, progress=None) -> dict:
    """Build an organisation of ``users`` people (rounded to whole units of 100, at least one
    unit) and its organisation admin. Returns how many rows of each kind were written."""
    tag = uuid.uuid4().hex[:8]
    org = Organisation.objects.create(name=organisation_name(users))
    ctx = Context(
        org=org,
        tag=tag,
        now=timezone.now(),
        password=make_password(GENERATED_PASSWORD),
        meetings_per_pair=meetings_per_pair,
        rng=random.Random(seed),
    )
    admin = ctx.person(kind="admin")
    ctx.rows.flush()
    OrganisationAdmin.objects.create(organisation=org, user=admin)
    _enrol_totp([admin])
    previous = None
    count = units_for(users)
    for n in range(count):
        previous = _unit(ctx, n, previous)
        if progress and (n + 1) % 50 == 0:
            progress(n + 1, count)
    return ctx.rows.written
