"""The audit log says what happened and to which object, never what anyone wrote or decided.

A pair goes through every service that takes private text — agreement, meetings (propose,
move, decline, cancel, log), evaluation, sign-up — with a SECRET marker in every text; no
marker, and no one person's decision, reaches the audit table.
"""

import datetime as dt
import json

import pytest
from django.utils import timezone

from mentoring.agreements.services import (
    AgreementTerms,
    agreement_accept,
    agreement_new_version,
    agreement_save_draft,
)
from mentoring.core.audit import audit_log
from mentoring.core.models import AuditEntry
from mentoring.evaluations.models import BENEFIT_KEYS
from mentoring.evaluations.services import evaluation_submit
from mentoring.meetings import services as meetings
from mentoring.programmes.services.signups import signup_create, signup_update
from tests import factories as f
from tests.authz.world import build_world

pytestmark = pytest.mark.django_db


def _at(days: int, hour: int = 12) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _walk_the_path_with_secrets(cast):
    world = build_world(cast)
    pair, mentor, actor = world.pair, cast.worker_a, cast.worker_a2
    # The agreement: a new version with secret terms and goals, accepted by both.
    draft = agreement_new_version(pair=pair, by=mentor, goals=["SECRET-goal-new"])
    terms = AgreementTerms(
        cadence_days=14,
        usual_place="SECRET-usual-place",
        usual_time="SECRET-usual-time",
        moving_practice="SECRET-moving",
        confidentiality="SECRET-confidential",
        planned_meetings=4,
        evaluation_date=timezone.localdate() + dt.timedelta(days=90),
    )
    draft = agreement_save_draft(
        pair=pair,
        by=mentor,
        terms=terms,
        goals=["SECRET-goal-edited"],
        based_on_revision=draft.revision,
    )
    agreement_accept(agreement=draft, by=mentor, revision=draft.revision)
    agreement_accept(agreement=draft, by=actor, revision=draft.revision)
    # Meetings: proposed somewhere secret, moved for a secret reason, cancelled likewise.
    meeting = meetings.meeting_propose(
        pair=pair,
        kind="regular",
        starts_at=_at(10),
        ends_at=_at(10) + dt.timedelta(hours=1),
        place="SECRET-place",
        by=mentor,
    )
    meetings.meeting_move(
        meeting=meeting,
        starts_at=_at(11),
        ends_at=_at(11) + dt.timedelta(hours=1),
        place="SECRET-new-place",
        reason="SECRET-move-reason",
        by=actor,
    )
    meeting.refresh_from_db()
    meetings.meeting_cancel(meeting=meeting, reason="SECRET-cancel-reason", by=mentor)
    pending = f.MeetingFactory(pair=pair, pending=True, days=12)
    meetings.meeting_decline(meeting=pending, comment="SECRET-decline-comment", by=cast.sup_a)
    approved = f.MeetingFactory(pair=pair, pending=True, days=14)
    meetings.meeting_approve(meeting=approved, comment="SECRET-approve-comment", by=cast.sup_a)
    meetings.meeting_log(
        meeting=world.first_meeting,
        minutes=50,
        goals=list(draft.goals.all()),
        progress="SECRET-progress",
        notes="SECRET-notes",
        by=mentor,
    )
    # The evaluation: both answer with secret texts and goals, deciding to continue.
    goals = list(draft.goals.all())
    for who in (mentor, actor):
        evaluation_submit(
            meeting=world.evaluation_meeting,
            by=who,
            ratings=dict.fromkeys(BENEFIT_KEYS, 2),
            own_work="SECRET-own-work",
            unit_work="SECRET-unit-work",
            outcomes={goal.pk: "partly" for goal in goals},
            decision="continue",
            new_goals=[f"SECRET-next-goal-{who.pk}"],
        )
    # A sign-up's own words.
    worker = f.WorkerFactory(unit=cast.unit_a)
    details = {
        "role": "actor",
        "experience_years": 1,
        "shifts": ["day"],
        "languages": ["fi"],
        "themes": [],
        "capacity": None,
    }
    signup = signup_create(
        programme=world.programme, user=worker, by=worker, themes_text="SECRET-themes", **details
    )
    signup_update(signup=signup, by=worker, themes_text="SECRET-themes-2", **details)
    return world


def test_no_private_text_or_decision_reaches_the_audit_log(cast):
    _walk_the_path_with_secrets(cast)
    entries = list(AuditEntry.objects.all())
    actions = {entry.action for entry in entries}
    # The walk reached every service that takes private text (the test proves something).
    assert {
        "agreement.amend",
        "agreement.edit",
        "agreement.in_force",
        "meeting.propose",
        "meeting.move",
        "meeting.cancel",
        "meeting.declined",
        "meeting.approved",
        "meeting.log_update",
        "evaluation.submit",
        "pair.continue",
        "signup.create",
        "signup.update",
    } <= actions, actions
    stored = json.dumps([[e.action, e.object_id, e.data] for e in entries])
    assert "SECRET" not in stored
    for entry in entries:
        if entry.action == "evaluation.submit":
            assert entry.data == {}  # who answered, never how
    # What changed may be named, not its value.
    update = next(e for e in entries if e.action == "signup.update")
    assert update.data == {"changed": ["themes_text"]}


def test_a_private_value_is_refused_by_the_audit_log_itself(cast):
    with pytest.raises(ValueError, match="decision"):
        audit_log(actor=cast.worker_a, action="x", obj=cast.worker_a, decision="conclude")
    with pytest.raises(ValueError, match="reason"):
        audit_log(actor=cast.worker_a, action="x", obj=cast.worker_a, reason="…")
    assert not AuditEntry.objects.filter(action="x").exists()
