import pytest
from django.urls import reverse

from mentoring.pairs.models import Pair
from mentoring.programmes.models import Theme
from tests import factories as f


@pytest.fixture
def board(cast, programme):
    theme, _ = Theme.objects.get_or_create(
        key="dementia-care", organisation=None, defaults={"name": "dementia-care"}
    )
    m = f.SignUpFactory(
        mentor=True,
        programme=programme,
        user__name="Maija Mentori",
        capacity=2,
        experience_years=18,
        shifts=["night"],
        languages=["fi", "sv"],
    )
    m.themes.add(theme)
    a1 = f.SignUpFactory(
        programme=programme, user__name="Aino Yksi", themes_text="Omaisten kohtaaminen"
    )
    a2 = f.SignUpFactory(programme=programme, user__name="Aino Kaksi")
    return {
        "mentor": m,
        "a1": a1,
        "a2": a2,
        "url": reverse("pairs:board", kwargs={"programme_id": programme.pk}),
        "create": reverse("pairs:create", kwargs={"programme_id": programme.pk}),
    }


def test_board_shows_mentors_and_actors_side_by_side(cast, client_as, board):
    response = client_as("sup_a").get(board["url"])
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Maija Mentori",
        "Sairaanhoitaja",  # job title
        "18 years in the field",
        "night shift",
        "Swedish",
        "Dementia care",
        "places used 0/2",
        "Aino Yksi",
        "Omaisten kohtaaminen",
        "no mentor yet",
    ):
        assert text in html, text


def test_actors_without_a_mentor_come_first(cast, client_as, board, programme):
    f.PairFactory(
        programme=programme, mentor=board["mentor"], actor=board["a2"]
    )  # "Aino Kaksi" sorts before "Aino Yksi"
    response = client_as("sup_a").get(board["url"])
    assert [a.user.name for a in response.context["actors"]] == ["Aino Yksi", "Aino Kaksi"]
    assert [a.user.name for a in response.context["unpaired_actors"]] == ["Aino Yksi"]


def test_form_undo_and_publish_by_plain_posts(
    cast, client_as, board, programme, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_as("sup_a")
    response = client.post(
        board["create"], {"mentor": board["mentor"].pk, "actor": board["a1"].pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == board["url"]
    assert "are now a pair" in response.content.decode()
    pair = Pair.objects.get()
    html = client.get(board["url"]).content.decode()
    assert "places used 1/2" in html and "has a mentor" in html
    assert reverse("pairs:undo", kwargs={"pair_id": pair.pk}) in html

    response = client.post(reverse("pairs:undo", kwargs={"pair_id": pair.pk}), follow=True)
    assert "was undone" in response.content.decode()
    assert not Pair.objects.exists()

    client.post(board["create"], {"mentor": board["mentor"].pk, "actor": board["a1"].pk})
    pair = Pair.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pairs:publish", kwargs={"pair_id": pair.pk}), follow=True)
    assert "Published" in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == Pair.Status.PUBLISHED and len(mailoutbox) == 2
    # A published pair cannot be undone: a message, nothing changes.
    response = client.post(reverse("pairs:undo", kwargs={"pair_id": pair.pk}), follow=True)
    assert "cannot be undone" in response.content.decode()
    assert Pair.objects.filter(pk=pair.pk, status="published").exists()


def test_publish_all(
    cast, client_as, board, programme, django_capture_on_commit_callbacks, mailoutbox
):
    f.PairFactory(programme=programme, mentor=board["mentor"], actor=board["a1"])
    f.PairFactory(programme=programme, mentor=board["mentor"], actor=board["a2"])
    url = reverse("pairs:publish_all", kwargs={"programme_id": programme.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("sup_a").post(url, follow=True)
    assert "2 pairs published" in response.content.decode()
    assert Pair.objects.filter(status="published").count() == 2 and len(mailoutbox) == 4
    response = client_as("sup_a").post(url, follow=True)
    assert "no unpublished pairs" in response.content.decode()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "mentor", "This field is required"),
        ({"mentor": "not-a-uuid", "actor": "x"}, "mentor", "Choose a mentor from the list"),
        ({"mentor": "00000000-0000-0000-0000-000000000000"}, "mentor", "Choose a mentor"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(cast, client_as, board, data, field, message):
    response = client_as("sup_a").post(board["create"], data)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert not Pair.objects.exists()


def test_an_actor_as_mentor_is_refused(cast, client_as, board):
    response = client_as("sup_a").post(
        board["create"], {"mentor": board["a1"].pk, "actor": board["a2"].pk}
    )
    assert response.status_code == 400
    assert "Choose a mentor from the list" in response.context["form"].errors["mentor"][0]
    assert not Pair.objects.exists()


def test_a_taken_actor_gets_a_clear_message(cast, client_as, board, programme):
    other = f.SignUpFactory(mentor=True, programme=programme, user__name="Toinen Mentori")
    f.PairFactory(programme=programme, mentor=other, actor=board["a1"])
    response = client_as("sup_a").post(
        board["create"], {"mentor": board["mentor"].pk, "actor": board["a1"].pk}
    )
    assert response.status_code == 400
    assert "Aino Yksi already has a mentor." in response.context["form"].errors["actor"]
    assert Pair.objects.count() == 1


def test_a_full_mentor_gets_a_clear_message(cast, client_as, board, programme):
    board["mentor"].capacity = 1
    board["mentor"].save()
    f.PairFactory(programme=programme, mentor=board["mentor"], actor=board["a1"])
    response = client_as("sup_a").post(
        board["create"], {"mentor": board["mentor"].pk, "actor": board["a2"].pk}
    )
    assert response.status_code == 400
    assert "no room for another actor" in response.context["form"].errors["mentor"][0]


def test_pairs_of_another_programme_cannot_be_touched(cast, client_as, board, programme):
    other_programme = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_b])
    m = f.SignUpFactory(mentor=True, programme=other_programme, user__name="B Mentori")
    a = f.SignUpFactory(programme=other_programme, user__name="B Aktori")
    pair = f.PairFactory(programme=other_programme, mentor=m, actor=a)
    client = client_as("sup_a")
    assert client.post(reverse("pairs:undo", kwargs={"pair_id": pair.pk})).status_code == 404
    assert client.post(reverse("pairs:publish", kwargs={"pair_id": pair.pk})).status_code == 404
    # Sign-ups of another programme are not choices on this board.
    response = client.post(board["create"], {"mentor": m.pk, "actor": a.pk})
    assert response.status_code == 400
    assert Pair.objects.filter(programme=programme).count() == 0


def test_get_on_actions_is_not_allowed(cast, client_as, board, programme):
    client = client_as("sup_a")
    assert client.get(board["create"]).status_code == 405


def test_publishing_out_of_hours_says_when_the_emails_go(cast, programme, client_as):
    import datetime as dt
    import zoneinfo

    import time_machine

    saturday = dt.datetime(2026, 12, 5, 21, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Helsinki"))
    with time_machine.travel(saturday, tick=False):
        pair = f.PairFactory(programme=programme)
        response = client_as("sup_a").post(
            reverse("pairs:publish", kwargs={"pair_id": pair.pk}), follow=True
        )
    text = response.content.decode()
    assert "outside working hours, so the emails go out on Dec. 7, 2026, 8 a.m." in text


def test_undoing_out_of_hours_says_nothing_about_emails(cast, programme, client_as):
    import datetime as dt
    import zoneinfo

    import time_machine

    saturday = dt.datetime(2026, 12, 5, 21, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Helsinki"))
    with time_machine.travel(saturday, tick=False):
        pair = f.PairFactory(programme=programme)
        response = client_as("sup_a").post(
            reverse("pairs:undo", kwargs={"pair_id": pair.pk}), follow=True
        )
    text = response.content.decode()
    assert "was undone" in text and "emails go out" not in text
