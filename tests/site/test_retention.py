"""The nightly retention run erases exactly what has been kept long enough, and nothing else.

Frozen at 15 June 2026, noon in Helsinki, with the default periods: a pair's texts go the
day after its concluding day plus 12 months; reminders 90 days after sending; invitations
30 days after use or expiry; sign-in records after 90 days.
"""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from mentoring.accounts.models import Invitation
from mentoring.agreements.models import Agreement, Goal
from mentoring.agreements.retention import ERASED_GOAL
from mentoring.core.models import AuditEntry
from mentoring.evaluations.models import Evaluation
from mentoring.matching.models import SuggestionRun
from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair
from mentoring.path.kinds import Kind
from mentoring.reminders.models import Reminder
from mentoring.site import retention
from mentoring.site.tasks import retention as retention_task
from tests import factories as f

HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=HELSINKI)
SECRETS = ("NOTE-TEXT", "PROGRESS-TEXT", "GOAL-TEXT", "PLACE-TEXT", "OWN-WORK", "NEW-GOAL")

pytestmark = pytest.mark.django_db


def _pair_with_texts(*, concluded_at=None, tag="") -> Pair:
    """A pair with an accepted agreement (two versions), a logged meeting and an evaluation,
    every text carrying ``tag`` so a test sees whose texts survived."""
    status = {"concluded": True} if concluded_at else {"active": True}
    pair = f.PairFactory(**status, concluded_at=concluded_at, published_days_ago=200)
    f.AgreementFactory(pair=pair, superseded=True, goals=[f"GOAL-TEXT old {tag}"])
    f.AgreementFactory(
        pair=pair,
        accepted=True,
        usual_place=f"PLACE-TEXT {tag}",
        usual_time=f"Tuesdays {tag}",
        moving_practice=f"Call {tag}",
        confidentiality=f"Ours {tag}",
        goals=[f"GOAL-TEXT one {tag}", f"GOAL-TEXT two {tag}"],
    )
    f.MeetingFactory(
        pair=pair,
        held=True,
        days=-150,
        minutes=45,
        log__notes=f"NOTE-TEXT {tag}",
        log__progress=f"PROGRESS-TEXT {tag}",
    )
    meeting = f.MeetingFactory(pair=pair, held=True, evaluation=True, days=-140)
    f.EvaluationFactory(
        meeting=meeting,
        own_work=f"OWN-WORK {tag}",
        unit_work=f"Unit {tag}",
        new_goals=[f"NEW-GOAL {tag}"],
    )
    return pair


def _texts(pair: Pair) -> str:
    """Every text the pair wrote, in one string."""
    parts = []
    for a in Agreement.objects.filter(pair=pair):
        parts += [a.usual_place, a.usual_time, a.moving_practice, a.confidentiality]
    parts += Goal.objects.filter(agreement__pair=pair).values_list("text", flat=True)
    for log in MeetingLog.objects.filter(meeting__pair=pair):
        parts += [log.notes, log.progress]
    for e in Evaluation.objects.filter(pair=pair):
        parts += [e.own_work, e.unit_work, *e.new_goals]
    return " | ".join(parts)


def _facts(pair: Pair) -> list:
    """What must survive the erasure: counts, hours, versions, dates, ratings, decisions."""
    return [
        list(
            Meeting.objects.filter(pair=pair)
            .order_by("starts_at")
            .values_list("kind", "status", "starts_at", "held_minutes")
        ),
        list(
            Agreement.objects.filter(pair=pair)
            .order_by("version")
            .values_list(
                "version",
                "status",
                "cadence_days",
                "planned_meetings",
                "evaluation_date",
                "mentor_accepted_at",
                "actor_accepted_at",
            )
        ),
        Goal.objects.filter(agreement__pair=pair).count(),
        MeetingLog.objects.filter(meeting__pair=pair).count(),
        list(Evaluation.objects.filter(pair=pair).values_list("learning", "decision", "author")),
    ]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_pair_texts_are_erased_the_day_after_the_concluding_day_plus_twelve_months(frozen):
    # Concluded 14 June 2025: erased on 15 June 2026, today.
    old = _pair_with_texts(concluded_at=dt.datetime(2025, 6, 14, 23, 0, tzinfo=HELSINKI), tag="o")
    # Concluded 15 June 2025 at 00:30: erased tomorrow, not today.
    edge = _pair_with_texts(concluded_at=dt.datetime(2025, 6, 15, 0, 30, tzinfo=HELSINKI), tag="e")
    recent = _pair_with_texts(concluded_at=NOW - dt.timedelta(days=30), tag="r")
    running = _pair_with_texts(tag="a")
    assert retention.pair_texts_erased_on(old) == dt.date(2026, 6, 15)
    assert retention.pair_texts_erased_on(edge) == dt.date(2026, 6, 16)
    assert retention.pair_texts_erased_on(running) is None
    before = {p.pk: (_texts(p), _facts(p)) for p in (old, edge, recent, running)}

    run = retention.retention_run()

    assert run.pair_texts == {"meeting_logs": 1, "agreements": 2, "goals": 3, "evaluations": 1}
    assert not any(secret in _texts(old) for secret in SECRETS)
    assert set(Goal.objects.filter(agreement__pair=old).values_list("text", flat=True)) == {
        ERASED_GOAL
    }
    evaluation = Evaluation.objects.get(pair=old)
    assert (evaluation.own_work, evaluation.unit_work, evaluation.new_goals) == ("", "", [])
    for pair in (old, edge, recent, running):
        assert _facts(pair) == before[pair.pk][1], "counts, hours and dates stay"
    for pair in (edge, recent, running):
        assert _texts(pair) == before[pair.pk][0], "nobody else's texts are touched"

    with time_machine.travel(dt.datetime(2026, 6, 16, 3, 30, tzinfo=HELSINKI), tick=False):
        assert retention.retention_run().pair_texts["meeting_logs"] == 1
    assert "NOTE-TEXT" not in _texts(edge)
    assert _texts(recent) == before[recent.pk][0]


def test_the_pair_page_date_and_the_run_agree_on_every_day(frozen):
    """For concluding days around month ends and a leap day, and 1 or 12 months: a run on day
    T erases a pair concluded on day C exactly when T is on or after the day shown."""
    days = [dt.date(2027, 12, 20) + dt.timedelta(days=n) for n in range(100)]
    for months in (1, 12):
        for today in days[40:]:
            cut = retention._concluded_before(today, months)
            for concluded in days:
                start = timezone.make_aware(dt.datetime.combine(concluded, dt.time(12)))
                erased = start < cut
                assert erased == (today >= retention._erased_on(concluded, months)), (
                    months,
                    today,
                    concluded,
                )


def _reminder(kind, *, pair=None, state=Reminder.State.SENT, days_ago=0, key=""):
    user = pair.mentor.user if pair else f.UserFactory()
    moment = NOW - dt.timedelta(days=days_ago)
    return Reminder.objects.create(
        kind=kind,
        recipient=user,
        pair=pair,
        dedupe_key=key or f"{kind}:{days_ago}:{state}:{pair and pair.pk}",
        state=state,
        due_at=moment,
        next_try_at=moment,
        sent_at=moment if state == Reminder.State.SENT else None,
    )


def test_reminders_go_90_days_after_sending_unless_their_situation_still_stands(frozen):
    running = f.PairFactory(active=True)
    concluded = f.PairFactory(concluded=True)
    gone = [
        _reminder(Kind.UPCOMING_MEETING, pair=running, days_ago=91),
        _reminder(Kind.DIGEST, days_ago=120),
        _reminder(Kind.MEETING_TO_LOG, pair=running, state=Reminder.State.SKIPPED, days_ago=95),
        _reminder(Kind.EVALUATION_DUE, pair=concluded, days_ago=100),
    ]
    kept = [
        _reminder(Kind.UPCOMING_MEETING, pair=running, days_ago=89),
        _reminder(Kind.DIGEST, state=Reminder.State.PENDING, days_ago=200),
        # Still standing while the pair runs: deleting it would send it again.
        _reminder(Kind.EVALUATION_DUE, pair=running, days_ago=100, key="evaluation:x"),
        _reminder(Kind.BOOK_NEXT, pair=running, days_ago=100),
        _reminder(Kind.APPROVAL_WAITING, pair=running, state=Reminder.State.FAILED, days_ago=93),
    ]

    assert retention.retention_run().reminders == 4
    remaining = set(Reminder.objects.values_list("pk", flat=True))
    assert not remaining & {r.pk for r in gone}
    assert {r.pk for r in kept} <= remaining


def _invitation(cast, *, accepted_days_ago=None, expired_days_ago=None, email="x@example.test"):
    now = timezone.now()
    expires = now - dt.timedelta(days=expired_days_ago) if expired_days_ago else now
    return Invitation.objects.create(
        email=email,
        unit=cast.unit_a,
        token_hash=Invitation.new_token()[1],
        expires_at=expires
        + (dt.timedelta(days=14) if expired_days_ago is None else dt.timedelta()),
        accepted_at=now - dt.timedelta(days=accepted_days_ago) if accepted_days_ago else None,
    )


def test_used_or_expired_invitations_go_after_30_days(frozen, cast):
    gone = [_invitation(cast, accepted_days_ago=31), _invitation(cast, expired_days_ago=31)]
    kept = [
        _invitation(cast, accepted_days_ago=29),
        _invitation(cast, expired_days_ago=10),
        _invitation(cast),  # still usable
    ]
    assert retention.retention_run().invitations == 2
    remaining = set(Invitation.objects.values_list("pk", flat=True))
    assert remaining == {i.pk for i in kept}
    assert not remaining & {i.pk for i in gone}


def _sign_in_record(model, days_ago):
    row = model.objects.create(
        username="someone@example.test",
        ip_address="192.0.2.1",
        user_agent=f"Browser {days_ago}",
        http_accept="*/*",
        path_info="/accounts/login/",
        **(
            {"get_data": "", "post_data": "", "failures_since_start": 1}
            if model is AccessAttempt
            else {}
        ),
    )
    model.objects.filter(pk=row.pk).update(attempt_time=NOW - dt.timedelta(days=days_ago))
    return row


def test_sign_in_records_go_after_90_days(frozen):
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        _sign_in_record(model, 91)
        _sign_in_record(model, 89)
    deleted = retention.retention_run().sign_in_records
    assert deleted == {"AccessAttempt": 1, "AccessFailureLog": 1, "AccessLog": 1}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert model.objects.count() == 1


def test_a_second_run_changes_nothing_and_the_audit_entries_hold_counts_only(frozen, cast):
    pair = _pair_with_texts(concluded_at=NOW - dt.timedelta(days=800), tag="z")
    _reminder(Kind.DIGEST, days_ago=120)
    _invitation(cast, accepted_days_ago=31)
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    first = retention.retention_run()
    texts, facts = _texts(pair), _facts(pair)
    second = retention.retention_run()

    assert first.pair_texts["meeting_logs"] == 1 and first.reminders == 1
    assert second.as_dict() == {
        "pair_texts": {"meeting_logs": 0, "agreements": 0, "goals": 0, "evaluations": 0},
        "reminders": 0,
        "invitations": 0,
        "staff_imports": 0,
        "participation_requests": 0,
        "suggestion_runs": 0,
        "sign_in_records": {"AccessAttempt": 0, "AccessFailureLog": 0, "AccessLog": 0},
        "audit_entries": 0,
    }
    assert (_texts(pair), _facts(pair)) == (texts, facts)

    entries = list(AuditEntry.objects.filter(id__gt=before).order_by("id"))  # these runs'
    assert [e.action for e in entries] == 2 * [
        "retention.pair_texts",
        "retention.reminders",
        "retention.invitations",
        "retention.staff_imports",
        "retention.participation_requests",
        "retention.suggestion_runs",
        "retention.sign_in_records",
        "audit.retention",  # the audit log's own path, which logs itself
    ]
    assert entries[0].data["meeting_logs"] == 1 and entries[0].data["months"] == 12
    assert entries[1].data == {"days": 90, "deleted": 1}
    assert all(e.actor is None for e in entries)
    dumped = json.dumps([e.data for e in entries])
    assert not any(secret in dumped for secret in SECRETS)


def test_the_periods_come_from_the_settings(frozen, settings):
    settings.RETENTION_PAIR_TEXTS_MONTHS = 1
    settings.RETENTION_INVITATIONS_DAYS = 400
    pair = _pair_with_texts(concluded_at=NOW - dt.timedelta(days=40), tag="s")
    assert retention.pair_texts_erased_on(pair) == dt.date(2026, 6, 7)  # 6 May + 1 month + 1 day
    run = retention.retention_run()
    assert run.pair_texts["meeting_logs"] == 1
    assert (
        AuditEntry.objects.filter(action="retention.invitations").latest("id").data["days"] == 400
    )


def test_the_nightly_task_runs_the_service_and_beat_schedules_it(frozen):
    _pair_with_texts(concluded_at=NOW - dt.timedelta(days=800), tag="t")
    result = retention_task.delay().get()
    assert result["pair_texts"]["meeting_logs"] == 1
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert retention_task.name in scheduled


def test_expired_sessions_are_cleared(frozen, cast):
    Session.objects.create(session_key="old", session_data="", expire_date=NOW - dt.timedelta(1))
    Session.objects.create(session_key="new", session_data="", expire_date=NOW + dt.timedelta(1))
    retention.retention_run()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]


def test_background_suggestion_runs_are_kept_a_day(frozen, cast):
    programme = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])
    old, recent = (SuggestionRun.objects.create(programme=programme, status="done") for _ in "ab")
    SuggestionRun.objects.filter(pk=old.pk).update(created_at=NOW - dt.timedelta(hours=25))
    SuggestionRun.objects.filter(pk=recent.pk).update(created_at=NOW - dt.timedelta(hours=23))
    assert retention.retention_run().suggestion_runs == 1
    assert list(SuggestionRun.objects.all()) == [recent]
    entry = AuditEntry.objects.filter(action="retention.suggestion_runs").latest("id")
    assert entry.data == {"hours": 24, "deleted": 1}
