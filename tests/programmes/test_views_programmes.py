import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.programmes.models import Programme, Theme
from tests import factories as f

from .conftest import post_data

pytestmark = pytest.mark.django_db


def _no_inline_code(html: str) -> None:
    """The CSP forbids inline scripts and style attributes: pages must not rely on them."""
    assert ' style="' not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_list_shows_the_programmes_the_user_oversees(cast, programme):
    other = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_b], name="B:n")
    response = cast.client("sup_a").get(reverse("programmes:list"))
    assert programme.name in response.text and other.name not in response.text
    response = cast.client("admin").get(reverse("programmes:list"))
    assert programme.name in response.text and other.name in response.text
    assert "New programme" not in response.text  # admins follow, supervisors run
    assert cast.client("worker_a").get(reverse("programmes:list")).status_code == 404


def test_create_form_has_the_recommended_defaults(cast):
    response = cast.client("sup_a").get(reverse("programmes:create"))
    form = response.context["form"]
    assert form["meeting_minutes_min"].value() == 45
    assert form["meeting_minutes_max"].value() == 60
    assert form["cadence_min_days"].value() == 14
    assert form["cadence_max_days"].value() == 21
    assert form["planned_meetings"].value() == 3
    assert form["signup_open"].value() is True
    _no_inline_code(response.text)


def test_create_happy_path(cast):
    response = cast.client("sup_a").post(
        reverse("programmes:create"), post_data([cast.unit_a], name="Syksyn polku")
    )
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:detail", args=[programme.pk])
    assert programme.name == "Syksyn polku" and list(programme.units.all()) == [cast.unit_a]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ends_on": timezone.localdate()}, "must end after it starts"),
        ({"starts_on": timezone.localdate() - dt.timedelta(days=3)}, "cannot start in the past"),
        ({"meeting_minutes_min": 90}, "cannot be longer than the longest"),
        ({"planned_meetings": 0}, "Plan between 1 and 50 meetings"),
        (
            {"length_mode": "until_date", "planned_until": None},
            "Give the date the pairs meet until",
        ),
        ({"meeting_minutes_max": 99999}, "between 10 and 240 minutes"),
        ({"starts_on": "not-a-date"}, "Enter a valid date"),
        ({"cadence_max_days": "-5"}, "between 1 and 180 days"),
        ({"cadence_max_days": "1" * 40}, "between 1 and 180 days"),
        ({"ends_on": "9999-12-31"}, "Choose a day between 01/01/2000 and 12/31/2100."),
        ({"starts_on": "0001-01-01"}, "Choose a day between 01/01/2000 and 12/31/2100."),
        (
            {"ends_on": timezone.localdate() + dt.timedelta(days=7 + 6 * 366)},
            "A programme can last at most 5 years.",
        ),
    ],
)
def test_bad_input_shows_a_message_and_creates_nothing(cast, changes, message):
    data = post_data([cast.unit_a])
    for key, value in changes.items():
        data[key] = "" if value is None else str(value)
    response = cast.client("sup_a").post(reverse("programmes:create"), data)
    assert response.status_code == 200
    assert message in response.text
    assert not Programme.objects.exists()


def test_a_unit_the_user_does_not_supervise_is_not_a_choice(cast):
    response = cast.client("sup_a").post(reverse("programmes:create"), post_data([cast.unit_b]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Programme.objects.exists()


def test_workers_and_admins_cannot_create(cast):
    for who in ("worker_a", "admin"):
        response = cast.client(who).post(reverse("programmes:create"), post_data([cast.unit_a]))
        assert response.status_code == 404
    assert not Programme.objects.exists()


def test_edit_prefills_and_saves(cast, programme):
    client = cast.client("sup_a")
    url = reverse("programmes:edit", args=[programme.pk])
    assert client.get(url).context["form"]["name"].value() == programme.name
    data = post_data(
        [cast.unit_a], name="Muutettu", starts_on=programme.starts_on, signup_open=False
    )
    assert client.post(url, data).status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Muutettu" and programme.signup_open is False


def test_edit_bad_input_changes_nothing(cast, programme):
    data = post_data([cast.unit_a], cadence_min_days=30, starts_on=programme.starts_on)
    response = cast.client("sup_a").post(reverse("programmes:edit", args=[programme.pk]), data)
    assert response.status_code == 200
    assert "shortest gap between meetings" in response.text
    programme.refresh_from_db()
    assert programme.cadence_min_days == 14


def test_outsiders_get_404_on_edit(cast, programme):
    url = reverse("programmes:edit", args=[programme.pk])
    for who in ("sup_b", "admin", "worker_a", "outsider"):
        assert cast.client(who).post(url, post_data([cast.unit_a])).status_code == 404


def test_detail_is_a_hub(cast, programme):
    f.SignUpFactory(programme=programme, user=cast.worker_a, role="mentor")
    response = cast.client("sup_a").get(reverse("programmes:detail", args=[programme.pk]))
    assert response.context["programme"].mentor_count == 1
    for name in ("present", "signups", "invite", "edit"):
        assert reverse(f"programmes:{name}", args=[programme.pk]) in response.text
    assert f"/s/{programme.short_code}/" in response.text
    admin_page = cast.client("admin").get(reverse("programmes:detail", args=[programme.pk]))
    assert reverse("programmes:signups", args=[programme.pk]) not in admin_page.text


def test_presentation_page(cast, programme):
    programme.length_mode, programme.planned_meetings = "meetings", 4
    programme.approval_required = True
    programme.save()
    response = cast.client("sup_a").get(reverse("programmes:present", args=[programme.pk]))
    text = response.text
    assert "What is mentoring?" in text
    assert text.count('<li class="col">') == 6  # the six benefits
    assert "4 meetings, then the pair decides" in text
    assert "45–60 minutes" in text and "every 14–21 days" in text
    assert "approves each meeting time" in text
    assert reverse("programmes:qr", args=[programme.pk]) in text
    assert f"http://testserver/s/{programme.short_code}/" in text
    _no_inline_code(text)
    # Workers of the unit may read it too (the link is on their home page).
    assert (
        cast.client("worker_a").get(reverse("programmes:present", args=[programme.pk])).status_code
        == 200
    )


def test_qr_code_is_an_svg(cast, programme):
    response = cast.client("sup_a").get(reverse("programmes:qr", args=[programme.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_short_link(cast, programme):
    url = reverse("programmes:short", args=[programme.short_code])
    signup = reverse("programmes:signup", args=[programme.pk])
    assert cast.client("worker_a").get(url)["Location"] == signup
    assert cast.client("sup_a").get(url)["Location"] == reverse(
        "programmes:detail", args=[programme.pk]
    )
    # Anonymous: the public page, whose login link comes back to the short link (the form).
    anon = cast.client("anon").get(url)
    assert anon.status_code == 200
    assert f"/accounts/login/?next=/s/{programme.short_code}/" in anon.text
    assert cast.client("worker_b").get(url).status_code == 404
    assert (
        cast.client("worker_a").get(reverse("programmes:short", args=["nosuchco"])).status_code
        == 404
    )


def test_themes_page_adds_and_refuses_duplicates(cast):
    client = cast.client("sup_a")
    url = reverse("programmes:themes")
    data = {"organisation": cast.organisation.pk, "name": "Haavanhoito"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "HAAVANHOITO"})
    assert response.status_code == 200 and "already on the list" in response.text
    response = client.post(url, {**data, "name": "Medication safety"})
    assert "already on the list" in response.text
    assert Theme.objects.filter(organisation=cast.organisation).count() == 1
    assert "Haavanhoito" in client.get(url).text


def test_themes_of_another_organisation_cannot_be_extended(cast):
    data = {"organisation": cast.organisation.pk, "name": "Vieras"}
    response = cast.client("outsider").post(reverse("programmes:themes"), data)
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert cast.client("worker_a").get(reverse("programmes:themes")).status_code == 404
    assert not Theme.objects.filter(organisation=cast.organisation).exists()


def _switch(client, programme, value):
    url = reverse("programmes:signup_switch", args=[programme.pk])
    return client.post(url, {} if value is None else {"open": value}, follow=True)


def test_the_hub_closes_and_opens_the_sign_up_with_one_button(cast, programme):
    client = cast.client("sup_a")
    hub = reverse("programmes:detail", args=[programme.pk])
    action = reverse("programmes:signup_switch", args=[programme.pk])
    html = client.get(hub).text
    assert f'action="{action}"' in html and 'name="open" value="0"' in html
    assert "Close sign-up" in html and "Open sign-up" not in html
    _no_inline_code(html)

    response = _switch(client, programme, "0")
    assert response.redirect_chain == [(hub, 302)]
    assert "Sign-up is closed" in response.text and "sign-up closed" in response.text
    assert "Open sign-up" in response.text and 'name="open" value="1"' in response.text
    assert Programme.objects.get(pk=programme.pk).signup_open is False

    response = _switch(client, programme, "1")
    assert "Sign-up is open" in response.text and "Close sign-up" in response.text
    assert Programme.objects.get(pk=programme.pk).signup_open is True


def test_the_button_is_only_for_the_supervisor_who_runs_it(cast, programme):
    html = cast.client("admin").get(reverse("programmes:detail", args=[programme.pk])).text
    assert "Close sign-up" not in html
    assert reverse("programmes:signup_switch", args=[programme.pk]) not in html
    for who in ("admin", "sup_b", "worker_a", "outsider"):
        assert _switch(cast.client(who), programme, "0").status_code == 404
    assert Programme.objects.get(pk=programme.pk).signup_open is True


@pytest.mark.parametrize("value", [None, "", "maybe", "2"])
def test_a_bad_switch_says_so_and_changes_nothing(cast, programme, value):
    response = _switch(cast.client("sup_a"), programme, value)
    assert response.status_code == 200
    assert "Choose whether to open or close the sign-up." in response.text
    assert Programme.objects.get(pk=programme.pk).signup_open is True


def test_the_switch_is_a_post(cast, programme):
    url = reverse("programmes:signup_switch", args=[programme.pk])
    assert cast.client("sup_a").get(url).status_code == 405


def test_an_ended_programme_offers_no_reopening(cast, programme):
    today = timezone.localdate()
    Programme.objects.filter(pk=programme.pk).update(
        starts_on=today - dt.timedelta(days=90),
        ends_on=today - dt.timedelta(days=1),
        signup_open=False,
    )
    client = cast.client("sup_a")
    html = client.get(reverse("programmes:detail", args=[programme.pk])).text
    assert "Open sign-up" not in html and "sign-up closed" in html
    response = _switch(client, programme, "1")  # an old tab
    assert "The programme has ended" in response.text
    assert Programme.objects.get(pk=programme.pk).signup_open is False
