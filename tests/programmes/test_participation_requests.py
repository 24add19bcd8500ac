"""The QR code works for everyone: without an account the short link shows the public
presentation and "I want to take part"; a supervisor accepts a request with one click (an
invitation to the programme) or declines it. Throttled, with a honeypot; no other data shown."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import Invitation, User
from mentoring.core.errors import DomainError
from mentoring.programmes import services
from mentoring.programmes.models import ParticipationRequest
from mentoring.site.erasure import person_erase
from mentoring.site.my_data import my_data_json
from mentoring.site.retention import retention_run
from tests import factories as f
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def ask(client, programme, **changes):
    data = {
        "name": "Kaisa Kysyjä",
        "email": "kaisa@example.test",
        "unit": programme.units.first().pk,
        "role": "actor",
        "message": "Olen ollut talossa kuukauden.",
        "website": "",
    }
    data.update(changes)
    return client.post(reverse("programmes:short", args=[programme.short_code]), data)


def test_the_public_page_shows_the_presentation_and_nothing_personal(cast, programme):
    f.SignUpFactory(programme=programme, user=cast.worker_a, unit=cast.unit_a)
    f.ParticipationRequestFactory(programme=programme, name="Salainen Kysyjä")
    f.InvitationFactory(unit=cast.unit_a, email="salainen.kutsu@example.test")
    page = cast.client("anon").get(reverse("programmes:short", args=[programme.short_code]))
    assert page.status_code == 200
    text = page.text
    assert programme.name in text and "I want to take part" in text and cast.unit_a.name in text
    for private in (
        cast.worker_a.name,
        cast.worker_a.email,
        cast.sup_a.name,
        "Salainen Kysyjä",
        "salainen.kutsu@example.test",
        cast.unit_b.name,  # a unit of the organisation outside the programme
    ):
        assert private not in text
    assert cast.client("anon").get("/s/nosuchco/").status_code == 404


def test_asking_stores_a_request_and_creates_no_account(cast, programme):
    response = ask(cast.client("anon"), programme)
    assert response.status_code == 200 and "Thank you!" in response.text
    request = ParticipationRequest.objects.get()
    assert (request.email, request.role, request.unit, request.state) == (
        "kaisa@example.test",
        "actor",
        cast.unit_a,
        "pending",
    )
    assert not User.objects.filter(email="kaisa@example.test").exists()
    assert not Invitation.objects.exists() and not mail.outbox
    # Asking again changes nothing and says the same.
    again = ask(cast.client("anon"), programme, email="KAISA@example.test")
    assert "Thank you!" in again.text and ParticipationRequest.objects.count() == 1


def test_bad_requests_are_refused_with_a_reason_and_change_nothing(cast, programme):
    client = cast.client("anon")
    for changes in (
        {"email": "not an email"},
        {"name": ""},
        {"unit": cast.unit_b.pk},  # not one of the programme's units
        {"role": "boss"},
        {"message": "x" * 501},
        {"name": "x" * 5000},
    ):
        response = ask(client, programme, **changes)
        assert response.status_code == 200 and "Thank you!" not in response.text
    assert not ParticipationRequest.objects.exists()


def test_a_closed_programme_takes_no_requests(cast, programme):
    programme.signup_open = False
    programme.save()
    response = ask(cast.client("anon"), programme)
    assert "Sign-up for this programme is closed" in response.text
    assert not ParticipationRequest.objects.exists()
    with pytest.raises(DomainError):
        services.participation_request_create(
            programme=programme,
            unit=cast.unit_a,
            name="X",
            email="x@example.test",
            role="actor",
            language="fi",
        )


def test_the_honeypot_thanks_a_robot_and_stores_nothing(cast, programme):
    response = ask(cast.client("anon"), programme, website="http://spam.example")
    assert "Thank you!" in response.text and not ParticipationRequest.objects.exists()


def test_requests_are_limited_per_address_and_per_programme(cast, programme, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "participation_request": "3/h/ip,5/h/key",
    }
    client = cast.client("anon")
    for i in range(3):
        assert ask(client, programme, email=f"a{i}@example.test").status_code == 200
    limited = ask(client, programme, email="a3@example.test")
    assert limited.status_code == 429 and "Too many requests" in limited.text
    # From other addresses the programme still takes two more, then no more.
    for i, address in enumerate(["10.0.0.2", "10.0.0.3", "10.0.0.4"]):
        response = client.post(
            reverse("programmes:short", args=[programme.short_code]),
            {
                "name": "B",
                "email": f"b{i}@example.test",
                "unit": cast.unit_a.pk,
                "role": "mentor",
            },
            REMOTE_ADDR=address,
        )
        assert response.status_code == (200 if i < 2 else 429)
    assert ParticipationRequest.objects.count() == 5


def test_a_signed_in_worker_still_goes_to_the_signup_form(cast, programme):
    response = cast.client("worker_a").get(reverse("programmes:short", args=[programme.short_code]))
    assert response["Location"] == reverse("programmes:signup", args=[programme.pk])
    assert ask(cast.client("worker_a"), programme).status_code == 302
    assert not ParticipationRequest.objects.exists()


def test_accepting_sends_an_invitation_to_the_programme(
    cast, programme, django_capture_on_commit_callbacks
):
    request = f.ParticipationRequestFactory(
        programme=programme, email="kaisa@example.test", language="sv"
    )
    client = cast.client("sup_a")
    url = reverse("programmes:request_accept", args=[programme.pk, request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == reverse("programmes:signups", args=[programme.pk])
    invitation = Invitation.objects.get(email="kaisa@example.test")
    assert (invitation.programme, invitation.unit, invitation.language) == (
        programme,
        cast.unit_a,
        "sv",
    )
    assert [m.to for m in mail.outbox] == [["kaisa@example.test"]]
    request.refresh_from_db()
    assert (request.state, request.handled_by) == ("accepted", cast.sup_a)
    client.post(url)  # a second click invites nobody again
    assert Invitation.objects.count() == 1


def test_declining_with_or_without_a_polite_email(
    cast, programme, django_capture_on_commit_callbacks
):
    quiet = f.ParticipationRequestFactory(programme=programme)
    told = f.ParticipationRequestFactory(programme=programme, email="told@example.test")
    client = cast.client("sup_a")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programmes:request_decline", args=[programme.pk, quiet.pk]))
        client.post(
            reverse("programmes:request_decline", args=[programme.pk, told.pk]), {"notify": "on"}
        )
    assert [m.to for m in mail.outbox] == [["told@example.test"]]
    assert programme.name in mail.outbox[0].subject
    assert set(ParticipationRequest.objects.values_list("state", flat=True)) == {"declined"}
    assert not Invitation.objects.exists()


def test_only_the_programmes_supervisor_handles_requests(cast, programme):
    request = f.ParticipationRequestFactory(programme=programme)
    for who in ("sup_b", "admin", "worker_a", "outsider"):
        url = reverse("programmes:request_accept", args=[programme.pk, request.pk])
        assert cast.client(who).post(url).status_code == 404
    with pytest.raises(DomainError):
        services.participation_request_accept(request=request, by=cast.sup_b)


def test_the_signups_page_counts_and_lists_invitations_and_requests(
    cast, programme, django_capture_on_commit_callbacks
):
    client = cast.client("sup_a")
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            client.post(
                reverse("programmes:invite", args=[programme.pk]),
                {"email": f"uusi{i}@example.test", "unit": cast.unit_a.pk, "language": "fi"},
            )
    f.ParticipationRequestFactory(programme=programme, name="Kaisa Kysyjä")
    page = client.get(reverse("programmes:signups", args=[programme.pk]))
    assert page.context["invitation_counts"]["pending"] == 3
    assert all(f"uusi{i}@example.test" in page.text for i in range(3))
    assert "Kaisa Kysyjä" in page.text and "Accept and invite" in page.text
    listed = client.get(reverse("programmes:invitations", args=[programme.pk]))
    assert listed.context["counts"]["pending"] == 3


def test_the_programme_pages_answer_in_constant_queries(cast, programme):
    client = cast.client("sup_a")

    def grow(n):
        for _i in range(n):
            f.InvitationFactory(unit=cast.unit_a, programme=programme, invited_by=cast.sup_a)
            f.ParticipationRequestFactory(programme=programme)

    for name in ("programmes:signups", "programmes:invitations"):
        assert_constant_queries(client, reverse(name, args=[programme.pk]), grow, sizes=(1, 40))
    anon = cast.client("anon")
    assert_constant_queries(
        anon, reverse("programmes:short", args=[programme.short_code]), grow, sizes=(1, 40)
    )


def test_a_request_is_in_my_data_and_goes_with_erasure_and_retention(cast, programme):
    asked = f.ParticipationRequestFactory(programme=programme, email=cast.worker_a.email)
    exported = my_data_json(user=cast.worker_a)["participation_requests"]
    assert [(r["programme"], r["state"]) for r in exported] == [(programme.name, "pending")]
    person_erase(person=cast.worker_a, by=cast.admin)
    assert not ParticipationRequest.objects.filter(pk=asked.pk).exists()


def test_retention_keeps_a_request_only_until_handled_plus_the_period(cast, programme):
    now = timezone.now()
    handled = f.ParticipationRequestFactory(programme=programme, state="declined")
    waiting = f.ParticipationRequestFactory(programme=programme)
    ParticipationRequest.objects.filter(pk=handled.pk).update(
        handled_at=now - dt.timedelta(days=31)
    )
    assert retention_run(now=now).participation_requests == 1
    assert list(ParticipationRequest.objects.all()) == [waiting]
    later = now + dt.timedelta(days=91)
    assert retention_run(now=later).participation_requests == 1
    assert not ParticipationRequest.objects.exists()


def test_the_signup_form_starts_with_the_role_asked_for(cast, programme):
    f.ParticipationRequestFactory(
        programme=programme, email=cast.worker_a.email, role="mentor", state="accepted"
    )
    page = cast.client("worker_a").get(reverse("programmes:signup", args=[programme.pk]))
    assert page.context["form"].initial["role"] == "mentor"
