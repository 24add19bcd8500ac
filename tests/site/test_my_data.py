"""My data: a person sees and downloads everything about them, and nothing of anyone else's
private text."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from mentoring.accounts.services import calendar_feed_renew, profile_update
from mentoring.agreements.models import Agreement
from mentoring.evaluations.models import Evaluation
from mentoring.meetings.models import Meeting, MeetingChange, MeetingLog
from mentoring.pairs.models import Pair
from mentoring.programmes.models import SignUp
from mentoring.reminders.models import Reminder
from mentoring.site import demo
from mentoring.site.my_data import my_data_json
from tests import factories as f
from tests.utils import count_queries, sign_in

pytestmark = pytest.mark.django_db

PIRJO = "pirjo.hamalainen@demo.mentorpolku.fi"
OSKARI = "oskari.lehtonen@demo.mentorpolku.fi"


@pytest.fixture
def demo_world(django_user_model):
    """The demo, with every private text of anyone but Pirjo's pair marked SECRET, the partner's
    own evaluation answer marked SECRET too, and Pirjo's own texts marked MINE / OURS."""
    demo.build()
    pirjo = django_user_model.objects.get(email=PIRJO)
    pair = Pair.objects.get(mentor__user=pirjo)
    others = Pair.objects.exclude(pk=pair.pk)
    MeetingLog.objects.filter(meeting__pair__in=others).update(
        notes="SECRET-LOG-NOTES", progress="SECRET-LOG-PROGRESS"
    )
    Meeting.objects.filter(pair__in=others).update(place="SECRET-PLACE")
    Agreement.objects.filter(pair__in=others).update(
        confidentiality="SECRET-AGREEMENT", usual_place="SECRET-USUAL-PLACE"
    )
    Evaluation.objects.exclude(author=pirjo).update(
        own_work="SECRET-EVALUATION", unit_work="SECRET-UNIT-WORK", new_goals=["SECRET-GOAL"]
    )
    SignUp.objects.exclude(user=pirjo).update(themes_text="SECRET-SIGNUP")
    Evaluation.objects.filter(author=pirjo).update(own_work="MINE-EVALUATION")
    SignUp.objects.filter(user=pirjo).update(themes_text="MINE-SIGNUP")
    MeetingLog.objects.filter(meeting__pair=pair).update(notes="OURS-LOG-NOTES")
    Agreement.objects.filter(pair=pair).update(confidentiality="OURS-AGREEMENT")
    meeting = Meeting.objects.filter(pair=pair).first()
    MeetingChange.objects.create(
        meeting=meeting,
        old_starts_at=meeting.starts_at,
        old_ends_at=meeting.ends_at,
        new_starts_at=meeting.starts_at,
        new_ends_at=meeting.ends_at,
        reason="OURS-MOVE-REASON",
        changed_by=pair.actor.user,
    )
    Reminder.objects.create(
        kind="meeting_changed",
        recipient=pirjo,
        pair=pair,
        dedupe_key="test:pirjo",
        due_at=meeting.starts_at,
        next_try_at=meeting.starts_at,
        state=Reminder.State.SENT,
        sent_at=meeting.starts_at,
    )
    profile_update(user=pirjo, name=pirjo.name, phone="040 123 4567", language="fi")
    calendar_feed_renew(user=pirjo, by=pirjo)
    Evaluation.objects.filter(author=pirjo).update(share_unit_work=True)
    f.TOTPFactory(user=pirjo, data={"secret": "SECRET-TOTP"})
    f.TOTPFactory(
        user=pair.actor.user, type=Authenticator.Type.WEBAUTHN, data={"name": "SECRET-KEY"}
    )
    return pirjo, pair


def test_a_demo_worker_downloads_everything_about_them_and_nothing_of_others(demo_world, client):
    pirjo, pair = demo_world
    sign_in(client, pirjo)
    response = client.get(reverse("my_data:download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    data = json.loads(response.content)
    text = response.content.decode()

    assert data["profile"][0]["email"] == PIRJO and data["profile"][0]["phone"] == "040 123 4567"
    assert [m["unit"] for m in data["memberships"]] == [demo.ASSISTED]
    assert [s["themes_text"] for s in data["signups"]] == ["MINE-SIGNUP"]
    [shown_pair] = data["pairs"]
    assert shown_pair["other_member"] == "Oskari Lehtonen" and shown_pair["your_role"] == "mentor"
    assert {a["confidentiality"] for a in data["agreements"]} == {"OURS-AGREEMENT"}
    assert data["agreements"][0]["goals"] == ["Oman työn arvostaminen"]
    assert len(data["meetings"]) == Meeting.objects.filter(pair=pair).count()
    assert "OURS-LOG-NOTES" in {m.get("log_notes") for m in data["meetings"]}
    assert any(c["reason"] == "OURS-MOVE-REASON" for m in data["meetings"] for c in m["changes"])
    [evaluation] = data["evaluations"]
    assert evaluation["own_work"] == "MINE-EVALUATION" and evaluation["role"] == "mentor"
    assert evaluation["goal_outcomes"] == [{"goal": "Oman työn arvostaminen", "outcome": "reached"}]
    assert evaluation["share_unit_work"] is True
    [factor] = data["second_factors"]
    assert factor["kind"] == "totp" and factor["last_used_at"] is None
    assert set(factor) == {"kind", "created_at", "last_used_at"}  # never the secret
    assert [r["state"] for r in data["reminders"]] == ["sent"]
    assert len(data["calendar_address"]) == 1 and "key" not in data["calendar_address"][0]
    assert {"profile.update", "calendar_feed.new"} <= {e["action"] for e in data["audit_log"]}

    assert "SECRET" not in text
    assert OSKARI not in text  # the partner by name only, as the pair page shows them
    assert pirjo.calendar_feed.key not in text


def test_the_readable_page_shows_the_same_in_the_persons_language(demo_world, client):
    pirjo, _pair = demo_world
    sign_in(client, pirjo)
    response = client.get(reverse("my_data:page"), HTTP_ACCEPT_LANGUAGE="fi")
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for text in ("MINE-SIGNUP", "OURS-LOG-NOTES", "OURS-AGREEMENT", "MINE-EVALUATION"):
        assert text in page
    assert "Jaettu ohjelman raportissa" in page  # the share choice of her answer
    assert "Kaksivaiheinen tunnistautuminen" in page and "Tunnistinsovellus" in page
    assert "Tässä eivät ole mukana" in page  # what the page leaves out, said plainly
    assert "Oskari Lehtonen" in page
    assert "SECRET" not in page
    assert "Omat tietoni" in page  # "My data" in Finnish: the person's language


def test_the_profile_links_to_the_data_and_to_removing_it(cast):
    page = cast.client("worker_a").get(reverse("accounts:profile")).content.decode()
    assert reverse("my_data:page") in page and reverse("my_data:erase") in page


def test_my_data_takes_the_same_number_of_queries_for_one_pair_and_for_many(client):
    mentor = f.UserFactory(email="many@example.test")
    sign_in(client, mentor)

    def grow(n):
        for _ in range(n):
            pair = f.PairFactory(active=True, mentor__user=mentor)
            agreement = f.AgreementFactory(pair=pair, accepted=True, goals=["A", "B"])
            for days in (-20, -10):
                meeting = f.MeetingFactory(pair=pair, held=True, days=days, log__notes="n")
                meeting.log.goals.set(agreement.goals.all())
                MeetingChange.objects.create(
                    meeting=meeting,
                    old_starts_at=meeting.starts_at,
                    old_ends_at=meeting.ends_at,
                    reason="r",
                    changed_by=mentor,
                )
            f.MeetingFactory(pair=pair, days=5)
            f.EvaluationFactory(meeting=f.MeetingFactory(pair=pair, held=True, evaluation=True))
            f.MembershipFactory(user=mentor)
            f.TOTPFactory(user=mentor, type=Authenticator.Type.WEBAUTHN, data={})

    for url in (reverse("my_data:page"), reverse("my_data:download")):
        counts = []
        for n in (1, 6):
            grow(n)
            count, response = count_queries(client.get, url)
            assert response.status_code == 200
            counts.append(count)
        assert counts[0] == counts[1], (url, counts)


def test_an_invitation_is_exported_with_when_it_was_made_and_when_it_went_out(cast):
    waiting = f.InvitationFactory(unit=cast.unit_a, email="odottaa@example.test", sent_at=None)
    [exported] = my_data_json(user=f.UserFactory(email=waiting.email))["invitations"]
    assert exported["created_at"] and exported["sent_at"] is None
    assert exported["send_count"] == waiting.send_count
