"""Demo programme that shows every stage of the mentoring path at once.

Built once (keyed by the programme's name) with dates relative to today, so that a fresh
demo always has: open sign-ups, an unpublished pair, a pair before its first meeting, a pair
with an agreement and held meetings, a pair due for evaluation and two concluded pairs.
"""

import datetime as dt

from django.utils import timezone

from mentoring.agreements.models import Agreement, Goal
from mentoring.evaluations.models import Evaluation, GoalOutcome
from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme, SignUp
from mentoring.programmes.services.themes import themes_ensure_builtin

PROGRAMME_NAME = "Vertaismentorointi 2026–2027"
D = "@demo.mentorpolku.fi"

# email prefix, role, years, themes (keys), capacity
SIGNUPS = [
    ("aino.virtanen", "mentor", 25, ["dementia-care", "relatives", "ergonomics"], 2),
    ("jukka.nieminen", "mentor", 17, ["medication-safety", "documentation"], 1),
    ("leena.makinen", "mentor", 28, ["palliative-care", "shift-recovery", "relatives"], 2),
    ("helena.salo", "mentor", 26, ["medication-safety", "palliative-care"], 1),
    ("pirjo.hamalainen", "mentor", 31, ["dementia-care", "career"], 1),
    ("johan.berg", "mentor", 20, ["shift-recovery", "ethics"], 1),
    ("mira.heikkinen", "actor", 2, ["dementia-care", "relatives"], None),
    ("anna.jarvinen", "actor", 3, ["medication-safety"], None),
    ("tuomas.koskinen", "actor", 1, ["palliative-care", "shift-recovery"], None),
    ("sanna.rantanen", "actor", 2, ["medication-safety", "shift-recovery"], None),
    ("oskari.lehtonen", "actor", 1, ["dementia-care", "career"], None),
    ("elin.nyberg", "actor", 3, ["ethics"], None),
    ("eveliina.lahtinen", "actor", 1, ["documentation", "ergonomics"], None),
]


def _at(days: int, hour: int = 13, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _meeting(pair, kind, days, *, held=False, by=None, notes=""):
    start = _at(days)
    meeting = Meeting.objects.create(
        pair=pair,
        kind=kind,
        status=Meeting.Status.HELD if held else Meeting.Status.PLANNED,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=60),
        place="Kotihoidon taukotila",
        proposed_by=by,
        held_minutes=55 if held else None,
        logged_at=start + dt.timedelta(hours=2) if held else None,
    )
    if held:
        log = MeetingLog.objects.create(meeting=meeting, notes=notes, written_by=by)
        log.goals.set(pair.agreements.first().goals.all() if pair.agreements.exists() else [])
    return meeting


def _agreement(pair, *, days_ago: int, goals: list[str], planned=3) -> Agreement:
    accepted = timezone.now() - dt.timedelta(days=days_ago)
    agreement = Agreement.objects.create(
        pair=pair,
        version=1,
        status=Agreement.Status.ACCEPTED,
        cadence_days=14,
        usual_place="Taukotila tai Teams",
        usual_time="Tiistaisin klo 13",
        moving_practice="Ilmoitetaan viestillä viimeistään edellisenä päivänä ja sovitaan uusi aika.",
        confidentiality="Tapaamisissa puhutut asiat jäävät meidän kahden väliin.",
        planned_meetings=planned,
        evaluation_date=timezone.localdate() + dt.timedelta(days=90 - days_ago),
        drafted_by=pair.mentor.user,
        mentor_accepted_at=accepted,
        actor_accepted_at=accepted,
    )
    for i, text in enumerate(goals, start=1):
        Goal.objects.create(agreement=agreement, position=i, text=text)
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ACTIVE, activated_at=accepted)
    pair.status = Pair.Status.ACTIVE
    return agreement


def _evaluate(pair, meeting, user, role, scores, decision):
    evaluation = Evaluation.objects.create(
        meeting=meeting,
        pair=pair,
        author=user,
        author_role=role,
        **dict(
            zip(
                ["learning", "growth", "tips", "perspectives", "valuing", "wellbeing"],
                scores,
                strict=True,
            )
        ),
        own_work="Rohkeutta kokeilla uusia tapoja.",
        unit_work="Yhteiset käytännöt selkiytyivät.",
        decision=decision,
    )
    for goal in pair.agreements.first().goals.all():
        GoalOutcome.objects.create(evaluation=evaluation, goal=goal, outcome="reached")


def build_path(context) -> list[str]:
    organisation, units, people = context["organisation"], context["units"], context["people"]
    if Programme.objects.filter(organisation=organisation, name=PROGRAMME_NAME).exists():
        return [f"Programme '{PROGRAMME_NAME}' exists; left as it is."]
    supervisor = people[f"esihenkilo.kotihoito{D}"]
    programme = Programme.objects.create(
        organisation=organisation,
        name=PROGRAMME_NAME,
        description="Kokeneet ja uudet työntekijät oppivat toisiltaan työajalla.",
        starts_on=timezone.localdate() - dt.timedelta(days=120),
        ends_on=timezone.localdate() + dt.timedelta(days=245),
        planned_meetings=3,
        short_code=Programme.new_short_code(),
        created_by=supervisor,
    )
    programme.units.set(units.values())
    themes = themes_ensure_builtin()
    signups = {}
    for prefix, role, years, theme_keys, capacity in SIGNUPS:
        user = people[prefix + D]
        membership = user.memberships.first()
        signup = SignUp.objects.create(
            programme=programme,
            user=user,
            unit=membership.unit,
            role=role,
            experience_years=years,
            shifts=membership.shifts,
            languages=[user.language] if user.language == "fi" else [user.language, "fi"],
            capacity=capacity,
        )
        signup.themes.set([themes[k] for k in theme_keys])
        signups[prefix] = signup

    def pair(mentor, actor, slot, status, days_ago):
        published = timezone.now() - dt.timedelta(days=days_ago) if status != "draft" else None
        return Pair.objects.create(
            programme=programme,
            mentor=signups[mentor],
            actor=signups[actor],
            mentor_slot=slot,
            status=status,
            created_by=supervisor,
            published_at=published,
        )

    # An unpublished pair: the supervisor is still thinking.
    pair("leena.makinen", "tuomas.koskinen", 1, "draft", 0)
    # Published, before the first meeting (planned in a few days).
    p = pair("jukka.nieminen", "anna.jarvinen", 1, "published", 3)
    _meeting(p, Meeting.Kind.FIRST, 4, by=p.mentor.user)
    # Agreement made, two meetings held, the next one planned.
    p = pair("aino.virtanen", "mira.heikkinen", 1, "published", 50)
    _agreement(
        p, days_ago=45, goals=["Muistisairaan asiakkaan kohtaaminen", "Omaisten kanssa puhuminen"]
    )
    _meeting(p, Meeting.Kind.FIRST, -31, held=True, by=p.mentor.user, notes="Sovimme tavoitteet.")
    _meeting(p, Meeting.Kind.REGULAR, -14, held=True, by=p.actor.user, notes="Omaisen soitto.")
    _meeting(p, Meeting.Kind.REGULAR, 6, by=p.actor.user)
    # Due for evaluation: all three planned meetings held.
    p = pair("helena.salo", "sanna.rantanen", 1, "published", 70)
    _agreement(p, days_ago=65, goals=["Lääkehoidon kaksoistarkastus", "Yövuorosta palautuminen"])
    for days in (-65, -45, -24):
        _meeting(
            p, Meeting.Kind.REGULAR, days, held=True, by=p.mentor.user, notes="Hyvä keskustelu."
        )
    # Two concluded pairs with evaluations from all four members.
    for mentor, actor, scores in (
        ("pirjo.hamalainen", "oskari.lehtonen", ([5, 4, 5, 4, 4, 5], [4, 4, 5, 5, 4, 4])),
        ("johan.berg", "elin.nyberg", ([4, 5, 4, 4, 5, 4], [5, 5, 4, 4, 4, 3])),
    ):
        p = pair(mentor, actor, 1, "published", 110)
        _agreement(p, days_ago=105, goals=["Oman työn arvostaminen"])
        for days in (-105, -84, -63):
            _meeting(
                p, Meeting.Kind.REGULAR, days, held=True, by=p.mentor.user, notes="Muistiinpano."
            )
        evaluation = _meeting(p, Meeting.Kind.EVALUATION, -40, held=True, by=p.mentor.user)
        _evaluate(p, evaluation, p.mentor.user, "mentor", scores[0], "conclude")
        _evaluate(p, evaluation, p.actor.user, "actor", scores[1], "conclude")
        Pair.objects.filter(pk=p.pk).update(
            status=Pair.Status.CONCLUDED, concluded_at=timezone.now() - dt.timedelta(days=40)
        )
    return [
        f"Programme '{PROGRAMME_NAME}': {len(signups)} sign-ups, "
        f"{programme.pairs.count()} pairs at every stage (short link /s/{programme.short_code}/)"
    ]
