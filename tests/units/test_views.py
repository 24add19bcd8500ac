"""The organisation admin's pages: what they show, what a change does, what bad input does,
and that nobody else sees them."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.accounts.models import Invitation
from mentoring.core.models import AuditEntry
from tests import factories as f
from tests.utils import sign_in
from units.models import Membership, Unit

pytestmark = pytest.mark.django_db


def key(user, unit):
    return Membership.objects.get(user=user, unit=unit).key


def flash(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- the organisation page ------------------------------------------------------------------


def test_the_organisation_page_lists_units_supervisors_workers_and_invitations(
    cast, django_capture_on_commit_callbacks
):
    from mentoring.accounts.services import invitation_create

    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            by=cast.admin, email="tuleva@example.test", unit=cast.unit_b, role="supervisor"
        )
    Unit.objects.create(organisation=cast.organisation, name="Yksikkö C")
    response = cast.client("admin").get(reverse("units:organisation", args=[cast.organisation.pk]))
    assert response.status_code == 200
    units = {u.name: u for u in response.context["units"]}
    assert [m.user for m in units["Yksikkö A"].supervisor_memberships] == [cast.sup_a]
    assert units["Yksikkö A"].worker_count == 2 and units["Yksikkö B"].worker_count == 1
    page = response.content.decode()
    assert "Saara Esihenkilö" in page and "Bertta Esihenkilö" in page
    assert "No supervisor" in page  # Yksikkö C
    assert "tuleva@example.test" in page
    assert reverse("evaluations:org_report", args=[cast.organisation.pk]) in page
    assert reverse("units:unit_create", args=[cast.organisation.pk]) in page


def test_the_menu_and_home_lead_the_admin_to_the_organisation(cast):
    client = cast.client("admin")
    home = client.get(reverse("site:home")).content.decode()
    assert reverse("units:organisations") in home
    assert reverse("units:organisation", args=[cast.organisation.pk]) in home
    response = client.get(reverse("units:organisations"))
    assert response["Location"] == reverse("units:organisation", args=[cast.organisation.pk])
    assert reverse("units:organisations") not in cast.client("sup_a").get("/").content.decode()


def test_an_admin_of_two_organisations_chooses_one(cast):
    second = f.OrganisationFactory(name="Toinen alue")
    f.OrganisationAdminFactory(user=cast.admin, organisation=second)
    response = cast.client("admin").get(reverse("units:organisations"))
    assert response.status_code == 200
    assert reverse("units:organisation", args=[second.pk]) in response.content.decode()


# --- adding and renaming units ----------------------------------------------------------------


def test_the_admin_adds_a_unit(cast):
    url = reverse("units:unit_create", args=[cast.organisation.pk])
    client = cast.client("admin")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Kotihoito Itä"}, follow=True)
    unit = Unit.objects.get(name="Kotihoito Itä")
    assert response.redirect_chain[-1][0] == reverse("units:unit_detail", args=[unit.pk])
    assert "Unit Kotihoito Itä added." in flash(response)


@pytest.mark.parametrize(
    "name, message",
    [
        ("yksikkö b", "already has a unit called"),
        ("", "This field is required."),
        ("x" * 201, "at most 200 characters"),
    ],
)
def test_a_bad_unit_name_is_refused_next_to_the_field(cast, name, message):
    url = reverse("units:unit_create", args=[cast.organisation.pk])
    response = cast.client("admin").post(url, {"name": name})
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors["name"])
    assert cast.organisation.units.count() == 2
    assert not AuditEntry.objects.filter(action="unit.create").exists()


def test_the_admin_renames_a_unit(cast):
    url = reverse("units:unit_edit", args=[cast.unit_a.pk])
    client = cast.client("admin")
    page = client.get(url)
    assert page.context["form"].initial == {"name": "Yksikkö A"}
    response = client.post(url, {"name": "Yksikkö Aurinko"})
    assert response["Location"] == reverse("units:unit_detail", args=[cast.unit_a.pk])
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.name == "Yksikkö Aurinko"


def test_a_rename_to_a_taken_name_is_refused(cast):
    url = reverse("units:unit_edit", args=[cast.unit_a.pk])
    response = cast.client("admin").post(url, {"name": "Yksikkö B"})
    assert response.status_code == 200
    assert "already has a unit called" in response.context["form"].errors["name"][0]
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.name == "Yksikkö A"


# --- the unit page, invitations ---------------------------------------------------------------


def test_the_unit_page_lists_supervisors_and_workers_with_their_actions(cast):
    response = cast.client("admin").get(reverse("units:unit_detail", args=[cast.unit_a.pk]))
    assert [m.user for m in response.context["supervisors"]] == [cast.sup_a]
    assert {m.user for m in response.context["workers"]} == {cast.worker_a, cast.worker_a2}
    page = response.content.decode()
    worker_key = key(cast.worker_a, cast.unit_a)
    assert reverse("units:membership_role", args=[worker_key]) in page
    assert reverse("units:membership_remove", args=[worker_key]) in page
    assert "Make supervisor" in page and "Make worker" in page


def test_the_admin_invites_a_supervisor_from_the_unit_page(
    cast, django_capture_on_commit_callbacks
):
    url = reverse("units:invite_supervisor", args=[cast.unit_b.pk])
    client = cast.client("admin")
    assert client.get(url).context["form"]["role"].value() == "supervisor"
    data = {"email": "uusi@example.test", "name": "Uusi", "role": "supervisor", "language": "en"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response["Location"] == reverse("units:unit_detail", args=[cast.unit_b.pk])
    invitation = Invitation.objects.get()
    assert (invitation.unit, invitation.role) == (cast.unit_b, "supervisor")
    assert mail.outbox[0].to == ["uusi@example.test"]
    page = client.get(response["Location"]).content.decode()
    assert "uusi@example.test" in page


@pytest.mark.parametrize(
    "data, field",
    [
        ({"email": "not an email", "role": "supervisor", "language": "fi"}, "email"),
        ({"email": "a@example.test", "role": "boss", "language": "fi"}, "role"),
        ({"email": "worker.b@example.test", "role": "supervisor", "language": "fi"}, "email"),
    ],
)
def test_a_bad_invitation_is_refused_next_to_the_field(cast, data, field):
    url = reverse("units:invite_supervisor", args=[cast.unit_b.pk])
    response = cast.client("admin").post(url, data)
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not Invitation.objects.exists() and not mail.outbox


# --- roles and removal -----------------------------------------------------------------------


def test_the_admin_makes_a_worker_supervisor(cast):
    url = reverse("units:membership_role", args=[key(cast.worker_a, cast.unit_a)])
    response = cast.client("admin").post(url, {"role": "supervisor"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("units:unit_detail", args=[cast.unit_a.pk])
    assert "Wille Työntekijä is now a supervisor of Yksikkö A." in flash(response)
    assert Membership.objects.get(user=cast.worker_a, unit=cast.unit_a).role == "supervisor"


def test_a_bad_role_changes_nothing_and_says_so(cast):
    url = reverse("units:membership_role", args=[key(cast.worker_a, cast.unit_a)])
    response = cast.client("admin").post(url, {"role": "boss"}, follow=True)
    assert "Choose supervisor or worker." in flash(response)
    assert Membership.objects.get(user=cast.worker_a, unit=cast.unit_a).role == "worker"
    assert not AuditEntry.objects.filter(action="membership.role").exists()


def test_changing_a_role_needs_a_post(cast):
    url = reverse("units:membership_role", args=[key(cast.worker_a, cast.unit_a)])
    assert cast.client("admin").get(url).status_code == 405


def test_removal_asks_first_then_removes(cast):
    url = reverse("units:membership_remove", args=[key(cast.worker_a, cast.unit_a)])
    client = cast.client("admin")
    page = client.get(url)
    assert page.status_code == 200
    assert "will no longer be a member of Yksikkö A" in page.content.decode()
    assert Membership.objects.filter(user=cast.worker_a, unit=cast.unit_a).exists()
    response = client.post(url, follow=True)
    assert "Wille Työntekijä is no longer a member of Yksikkö A." in flash(response)
    assert not Membership.objects.filter(user=cast.worker_a, unit=cast.unit_a).exists()


def test_removing_oneself_needs_the_box_ticked(cast):
    f.MembershipFactory(user=cast.admin, unit=cast.unit_a, role="supervisor")
    url = reverse("units:membership_remove", args=[key(cast.admin, cast.unit_a)])
    client = cast.client("admin")
    assert "This is your own membership" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert response.context["form"].errors["confirm_self"]
    assert Membership.objects.filter(user=cast.admin, unit=cast.unit_a).exists()
    response = client.post(url, {"confirm_self": "on"})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=cast.admin, unit=cast.unit_a).exists()


# --- nobody else ------------------------------------------------------------------------------


def _pages(cast):
    worker_key = key(cast.worker_a, cast.unit_a)
    return [
        ("get", reverse("units:organisation", args=[cast.organisation.pk]), {}),
        ("post", reverse("units:unit_create", args=[cast.organisation.pk]), {"name": "Uusi"}),
        ("get", reverse("units:unit_detail", args=[cast.unit_a.pk]), {}),
        ("post", reverse("units:unit_edit", args=[cast.unit_a.pk]), {"name": "Uusi"}),
        (
            "post",
            reverse("units:invite_supervisor", args=[cast.unit_a.pk]),
            {"email": "x@example.test", "role": "supervisor", "language": "fi"},
        ),
        ("post", reverse("units:membership_role", args=[worker_key]), {"role": "supervisor"}),
        ("post", reverse("units:membership_remove", args=[worker_key]), {}),
    ]


@pytest.mark.parametrize("who", ["outsider", "other_admin", "sup_a", "sup_b", "worker_a"])
def test_everyone_but_the_admin_gets_404_and_changes_nothing(cast, other_admin, who):
    client = cast.client(None)
    sign_in(client, other_admin if who == "other_admin" else getattr(cast, who))
    for method, url, data in _pages(cast):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (who, url)
    assert not Unit.objects.filter(name="Uusi").exists()
    assert not Invitation.objects.exists()
    assert Membership.objects.get(user=cast.worker_a, unit=cast.unit_a).role == "worker"
    assert not AuditEntry.objects.exists()


def test_the_admin_cannot_reach_another_organisations_units(cast, other_admin):
    other_unit = Unit.objects.get(name="Toinen yksikkö")
    stranger = f.MembershipFactory(unit=other_unit)
    client = cast.client("admin")
    for url in (
        reverse("units:organisation", args=[other_unit.organisation_id]),
        reverse("units:unit_detail", args=[other_unit.pk]),
        reverse("units:unit_edit", args=[other_unit.pk]),
        reverse("units:invite_supervisor", args=[other_unit.pk]),
        reverse("units:membership_remove", args=[stranger.key]),
    ):
        assert client.get(url).status_code == 404, url
    url = reverse("units:membership_role", args=[stranger.key])
    assert client.post(url, {"role": "supervisor"}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(cast):
    for _method, url, _data in _pages(cast):
        response = cast.client("anon").get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
