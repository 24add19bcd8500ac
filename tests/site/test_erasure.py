"""Erasure by anonymisation: after a demo person's data is removed, their name and email appear
nowhere (pages, CSV, .ics, calendar feed, exports, emails sent afterwards), they cannot log in,
and their partner's own texts, the counts and the hours stay."""

import datetime as dt
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mentoring.accounts.calendar_feed import feed_token
from mentoring.accounts.models import CalendarFeed, Invitation
from mentoring.accounts.services import calendar_feed_renew
from mentoring.agreements.models import Agreement, Goal
from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.evaluations.models import Evaluation
from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme, SignUp
from mentoring.reminders.models import Reminder
from mentoring.site import demo
from mentoring.site.demo_path import PROGRAMME_NAME
from mentoring.site.erasure import person_erase
from tests import factories as f
from tests.utils import sign_in
from units.models import Membership

pytestmark = pytest.mark.django_db

D = "@demo.mentorpolku.fi"


def person(email):
    return get_user_model().objects.get(email=email)


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def assert_nowhere(texts: list[tuple[str, str]], *needles: str) -> None:
    for where, text in texts:
        for needle in needles:
            assert needle.lower() not in text.lower(), f"{needle!r} still in {where}"


def every_page(pair: Pair) -> list[tuple[str, str]]:
    """What the partner, the supervisor and the admin see of the demo, as (where, text)."""
    programme = Programme.objects.get(name=PROGRAMME_NAME)
    aino_or_partner = pair.mentor.user if pair.mentor.user.is_active else pair.actor.user
    supervisor = person(f"esihenkilo.kotihoito{D}")
    admin = person(f"admin{D}")
    meeting = pair.meetings.order_by("starts_at").last()
    feed = calendar_feed_renew(user=aino_or_partner, by=aino_or_partner)
    units = list(programme.units.all())
    urls = {
        aino_or_partner: [
            reverse("site:home"),
            reverse("pairs:detail", args=[pair.pk]),
            reverse("meetings:list", args=[pair.pk]),
            reverse("meetings:ics", args=[meeting.pk]),
            reverse("meetings:calendar_feed", kwargs={"token": feed_token(feed)}),
            reverse("my_data:page"),
            reverse("my_data:download"),
        ],
        supervisor: [
            reverse("site:home"),
            reverse("pairs:board", args=[programme.pk]),
            reverse("pairs:dashboard", args=[programme.pk]),
            reverse("pairs:hours_csv", args=[programme.pk]),
            reverse("pairs:detail", args=[pair.pk]),
            reverse("programmes:signups", args=[programme.pk]),
            reverse("evaluations:report", args=[programme.pk]),
            reverse("meetings:approvals_home"),
            reverse("meetings:calendar", args=[units[0].pk]),
            reverse("matching:suggestions", args=[programme.pk]),
        ],
        admin: [
            reverse("site:home"),
            reverse("units:organisation", args=[programme.organisation_id]),
            *[reverse("units:unit_detail", args=[unit.pk]) for unit in units],
            reverse("evaluations:reports"),
            reverse("evaluations:report", args=[programme.pk]),
            reverse("pairs:detail", args=[pair.pk]),
        ],
    }
    texts = []
    for user, paths in urls.items():
        client = client_for(user)
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code == 200, (user, path, response.status_code)
            texts.append((f"{user.name}: {path}", response.content.decode()))
    return texts


def test_a_demo_worker_removes_their_own_data_after_the_pair_concluded(working_hours):
    demo.build()
    oskari, pirjo = person(f"oskari.lehtonen{D}"), person(f"pirjo.hamalainen{D}")
    pair = Pair.objects.get(actor__user=oskari)
    Evaluation.objects.filter(author=pirjo).update(own_work="PIRJO-OWN-WORDS")
    Evaluation.objects.filter(author=oskari).update(own_work="OSKARI-OWN-WORDS")
    SignUp.objects.filter(user=oskari).update(themes_text="OSKARI-SIGNUP-WORDS")
    logs_before = sorted(MeetingLog.objects.filter(meeting__pair=pair).values_list("notes"))
    hours_before = sorted(Meeting.objects.filter(pair=pair).values_list("held_minutes"))
    calendar_feed_renew(user=oskari, by=oskari)
    f.TOTPFactory(user=oskari)
    client = client_for(oskari)

    page = client.get(reverse("my_data:erase"))
    assert b"I understand" in page.content
    assert client.post(reverse("my_data:erase"), {}).status_code == 200  # not ticked: nothing
    assert person(oskari.email).erased_at is None
    response = client.post(reverse("my_data:erase"), {"confirm": "on"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]

    oskari.refresh_from_db()
    assert oskari.name == "Poistettu henkilö" and oskari.email.endswith("@erased.invalid")
    assert not oskari.is_active and not oskari.has_usable_password() and oskari.phone == ""
    assert not CalendarFeed.objects.filter(user=oskari).exists()
    assert not Authenticator.objects.filter(user=oskari).exists()
    assert not Membership.objects.filter(user=oskari).exists()
    login = Client().post(
        reverse("account_login"),
        {"username": f"oskari.lehtonen{D}", "password": demo.DEMO_PASSWORD},
    )
    assert login.status_code == 200 and "_auth_user_id" not in Client().session
    assert client.get(reverse("site:home")).status_code == 302  # the old session is gone

    # The partner's own words, the pair's shared record, the counts and the hours stay.
    assert Evaluation.objects.get(author=pirjo).own_work == "PIRJO-OWN-WORDS"
    assert Evaluation.objects.get(author=oskari).own_work == ""
    assert Evaluation.objects.get(author=oskari).learning == 4  # a rating without a name
    assert SignUp.objects.get(user=oskari).themes_text == ""
    assert sorted(MeetingLog.objects.filter(meeting__pair=pair).values_list("notes")) == (
        logs_before
    )
    assert sorted(Meeting.objects.filter(pair=pair).values_list("held_minutes")) == hours_before

    [entry] = AuditEntry.objects.filter(action="person.erase")
    assert entry.actor_id == oskari.pk and entry.object_id == str(oskari.pk)
    assert "Oskari" not in json.dumps(entry.data) and "oskari" not in json.dumps(entry.data)

    assert_nowhere(every_page(pair), "Oskari", "Lehtonen", "oskari.lehtonen")


def test_the_admin_removes_a_worker_in_a_running_pair_and_no_later_email_names_them(
    working_hours,
):
    demo.build()
    sanna, helena = person(f"sanna.rantanen{D}"), person(f"helena.salo{D}")
    admin = person(f"admin{D}")
    pair = Pair.objects.get(actor__user=sanna)  # due for its evaluation meeting
    Reminder.objects.create(
        kind="meeting_changed",
        recipient=sanna,
        pair=pair,
        dedupe_key="test:sanna",
        due_at=working_hours,
        next_try_at=working_hours,
    )
    Invitation.objects.create(
        email=sanna.email,
        name="Sanna Rantanen",
        unit=sanna.memberships.get().unit,
        token_hash="x" * 64,
        expires_at=working_hours + dt.timedelta(days=3),
    )
    membership = sanna.memberships.get()
    client = client_for(admin)
    unit_page = client.get(reverse("units:unit_detail", args=[membership.unit_id]))
    assert reverse("units:person_erase", args=[membership.key]) in unit_page.content.decode()
    response = client.post(reverse("units:person_erase", args=[membership.key]), {"confirm": "on"})
    assert response.status_code == 302

    sanna.refresh_from_db()
    assert sanna.erased_at is not None and not sanna.is_active
    assert Reminder.objects.get(dedupe_key="test:sanna").state == Reminder.State.SKIPPED
    assert not Invitation.objects.filter(token_hash="x" * 64).exists()
    pair.refresh_from_db()
    assert pair.status in Pair.RUNNING  # the pair and its history stay for Helena
    # Helena's record of the pair stays while she is there.
    assert MeetingLog.objects.filter(meeting__pair=pair, notes="Hyvä keskustelu.").exists()

    mail.outbox.clear()
    call_command("reminders_sweep", here=True, verbosity=0, stdout=open("/dev/null", "w"))
    to_helena = [m for m in mail.outbox if helena.email in m.to]
    assert to_helena, "the sweep should remind Helena of the evaluation with her pair"
    assert "Poistettu henkilö" in to_helena[0].body
    assert all(sanna.email not in m.to for m in mail.outbox)
    emails = [
        (f"email to {m.to}", m.subject + m.body + "".join(str(a[0]) for a in m.alternatives))
        for m in mail.outbox
    ]
    assert_nowhere(emails, "Sanna", "Rantanen")
    assert_nowhere(every_page(pair), "Sanna", "Rantanen")


def test_the_shared_record_goes_when_both_members_are_removed():
    demo.build()
    oskari, pirjo = person(f"oskari.lehtonen{D}"), person(f"pirjo.hamalainen{D}")
    admin = person(f"admin{D}")
    pair = Pair.objects.get(actor__user=oskari)
    minutes = sum(pair.meetings.values_list("held_minutes", flat=True).exclude(held_minutes=None))

    person_erase(person=oskari, by=admin)
    assert Agreement.objects.filter(pair=pair).exclude(confidentiality="–").exists()
    person_erase(person=pirjo, by=admin)

    assert not MeetingLog.objects.filter(meeting__pair=pair).exclude(notes="").exists()
    assert not Agreement.objects.filter(pair=pair).exclude(confidentiality="–").exists()
    assert set(Goal.objects.filter(agreement__pair=pair).values_list("text", flat=True)) == {"–"}
    assert not Meeting.objects.filter(pair=pair).exclude(place="").exists()
    # Hours and counts for the reports stay.
    assert sum(pair.meetings.values_list("held_minutes", flat=True).exclude(held_minutes=None)) == (
        minutes
    )
    assert Evaluation.objects.filter(pair=pair).count() == 2


def test_who_may_remove_whom(cast):
    world_pair = f.PairFactory(published=True, actor__user=cast.worker_a2)
    # A worker in a pair that has not concluded: not yet, and nothing changes.
    client = cast.client("worker_a2")
    page = client.get(reverse("my_data:erase")).content.decode()
    assert "has not concluded yet" in page and "I understand" not in page
    client.post(reverse("my_data:erase"), {"confirm": "on"})
    cast.worker_a2.refresh_from_db()
    assert cast.worker_a2.erased_at is None and cast.worker_a2.is_active
    world_pair.delete()

    with pytest.raises(DomainError, match="role for your organisation"):
        person_erase(person=cast.sup_a, by=cast.sup_a)
    with pytest.raises(DomainError, match="own organisation"):
        person_erase(person=cast.worker_a, by=cast.sup_a)  # a supervisor is not the admin
    # Someone who also belongs to an organisation the admin does not run.
    f.MembershipFactory(user=cast.worker_b)
    with pytest.raises(DomainError, match="own organisation"):
        person_erase(person=cast.worker_b, by=cast.admin)
    staff = f.UserFactory(is_staff=True)
    with pytest.raises(DomainError, match="Site staff"):
        person_erase(person=staff, by=staff)

    person_erase(person=cast.worker_a, by=cast.admin)
    with pytest.raises(DomainError, match="already been removed"):
        person_erase(person=cast.worker_a, by=cast.admin)


def test_a_draft_pair_of_an_erased_person_is_undone_and_their_sign_ups_withdrawn(cast):
    def programme():
        return f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])

    draft = f.PairFactory(programme=programme(), actor__user=cast.worker_a2)
    waiting = f.SignUpFactory(programme=programme(), user=cast.worker_a2)
    person_erase(person=cast.worker_a2, by=cast.admin)
    assert not Pair.objects.filter(pk=draft.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == SignUp.Status.WITHDRAWN
    assert AuditEntry.objects.filter(action="pair.undo", data__erasure=True).count() == 1


def test_erasure_forgets_the_address_and_the_second_factors(cast):
    worker = cast.worker_a2
    old_email = worker.email
    EmailAddress.objects.create(user=worker, email=old_email, verified=True, primary=True)
    f.TOTPFactory(user=worker)
    Authenticator.objects.create(user=worker, type=Authenticator.Type.RECOVERY_CODES, data={})
    others = Authenticator.objects.exclude(user=worker).count()

    person_erase(person=worker, by=cast.admin)

    assert not EmailAddress.objects.filter(user=worker).exists()
    assert not EmailAddress.objects.filter(email__iexact=old_email).exists()
    assert not Authenticator.objects.filter(user=worker).exists()
    assert Authenticator.objects.count() == others  # nobody else's


def test_a_worker_in_a_draft_pair_removes_their_data_and_learns_nothing_of_the_draft(cast):
    """A draft is the supervisor's plan: the worker cannot see it, so the refusal must not
    tell them of it; the erasure undoes it like any draft of an erased person."""
    draft = f.PairFactory(actor__user=cast.worker_a2)
    assert draft.status == Pair.Status.DRAFT
    client = cast.client("worker_a2")
    page = client.get(reverse("my_data:erase")).content.decode()
    assert "has not concluded yet" not in page and "I understand" in page

    person_erase(person=cast.worker_a2, by=cast.worker_a2)

    cast.worker_a2.refresh_from_db()
    assert cast.worker_a2.erased_at is not None
    assert not Pair.objects.filter(pk=draft.pk).exists()
