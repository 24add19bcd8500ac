import csv
import datetime as dt
import io
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse

from mentoring.pairs.models import Pair
from tests import factories as f

SECRET = "SECRET-NOTES-7f3a"
SECRET_PROGRESS = "SECRET-PROGRESS-7f3a"

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def _at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=HELSINKI)


@pytest.fixture
def followed(cast, programme):
    m = f.SignUpFactory(mentor=True, programme=programme, user__name="Maija Mentori")
    a1 = f.SignUpFactory(programme=programme, user__name="Aino Yksi")
    a2 = f.SignUpFactory(programme=programme, user__name="=HYPERLINK(evil)")
    p1 = f.PairFactory(
        programme=programme, mentor=m, actor=a1, status=Pair.Status.ACTIVE, published_days_ago=90
    )
    p2 = f.PairFactory(
        programme=programme, mentor=m, actor=a2, status=Pair.Status.PUBLISHED, published_days_ago=40
    )
    f.AgreementFactory(pair=p1, accepted=True, goals=[])
    # Maija meets Aino twice in March, once in April; the last day of March at 23:30 in
    # Helsinki is still March, though it is already the 31st 20:30 in UTC… and
    # 1 April 00:30 Helsinki is April even though it is still 31 March in UTC.
    f.MeetingFactory(
        pair=p1,
        held=True,
        starts_at=_at(2026, 3, 3),
        minutes=60,
        log__notes=SECRET,
        log__progress=SECRET_PROGRESS,
    )
    f.MeetingFactory(
        pair=p1, held=True, starts_at=_at(2026, 3, 31, 23) + dt.timedelta(minutes=30), minutes=45
    )
    f.MeetingFactory(
        pair=p1, held=True, starts_at=_at(2026, 4, 1, 0) + dt.timedelta(minutes=30), minutes=50
    )
    f.MeetingFactory(pair=p1, cancelled=True, starts_at=_at(2026, 4, 20))
    f.MeetingFactory(pair=p1, days=5)  # booked: p1 keeps its rhythm
    return {"programme": programme, "p1": p1, "p2": p2}


def _url(name, programme):
    return reverse(f"pairs:{name}", kwargs={"programme_id": programme.pk})


@pytest.mark.parametrize("who", ["sup_a", "admin"])
def test_dashboard_lists_every_pair_with_stage_and_flag(client_as, followed, who):
    response = client_as(who).get(_url("dashboard", followed["programme"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aino Yksi" in html and "HYPERLINK" in html
    pairs = response.context["pairs"]
    # The lapsed pair comes first.
    assert [p.pk for p in pairs] == [followed["p2"].pk, followed["p1"].pk]
    assert pairs[0].stage.lapsed and "lapsed" in html
    assert not pairs[1].stage.lapsed and pairs[1].stage.code == "evaluation_due"
    assert "evaluation due" in html
    assert ("Form and publish pairs" in html) == (who == "sup_a")


def test_hours_per_person_and_month(client_as, followed):
    response = client_as("sup_a").get(_url("dashboard", followed["programme"]))
    rows = [
        (r.person, r.month.strftime("%Y-%m"), r.meetings, r.minutes)
        for r in response.context["hours"]
    ]
    assert rows == [
        ("Aino Yksi", "2026-03", 2, 105),
        ("Aino Yksi", "2026-04", 1, 50),
        ("Maija Mentori", "2026-03", 2, 105),
        ("Maija Mentori", "2026-04", 1, 50),
    ]
    assert response.context["hours"][0].hours == pytest.approx(1.75)


def test_hours_csv_for_excel(client_as, followed):
    response = client_as("sup_a").get(_url("hours_csv", followed["programme"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert "mentoring-hours-kevaan-mentorointi-" in disposition and disposition.endswith('.csv"')
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Person", "Email", "Unit", "Month", "Meetings held", "Minutes", "Hours"]
    assert rows[1][0] == "Aino Yksi" and rows[1][2:] == ["Yksikkö A", "2026-03", "2", "105", "1.75"]
    assert len(rows) == 5


def test_finnish_csv_uses_semicolons_and_decimal_commas(cast, followed):
    client = cast.client("sup_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    raw = client.get(_url("hours_csv", followed["programme"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert rows[1][-1] == "1,75" and len(rows[0]) == 7


def test_csv_cells_never_start_a_formula(client_as, cast, programme):
    m = f.SignUpFactory(mentor=True, programme=programme, user__name="+SUM(A1)")
    a = f.SignUpFactory(programme=programme, user__name="=HYPERLINK(evil)")
    pair = f.PairFactory(programme=programme, mentor=m, actor=a, status=Pair.Status.ACTIVE)
    f.MeetingFactory(pair=pair, held=True, days=-1)
    raw = client_as("sup_a").get(_url("hours_csv", programme)).content.decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(raw))][1:]
    assert sorted(names) == ["'+SUM(A1)", "'=HYPERLINK(evil)"]


def test_empty_programme(client_as, programme):
    html = client_as("admin").get(_url("dashboard", programme)).content.decode()
    assert "No pairs yet." in html and "No meetings held yet." in html
    raw = client_as("admin").get(_url("hours_csv", programme)).content.decode("utf-8-sig")
    assert raw.count("\n") == 1  # the header only


@pytest.mark.parametrize("who", ["sup_a", "admin"])
def test_dashboard_links_only_the_pair_pages_that_open(client_as, cast, followed, who):
    """The organisation admin follows published pairs only: a draft is listed without a link
    (it would answer them 404); its supervisor opens it."""
    programme = followed["programme"]
    draft = f.PairFactory(
        programme=programme,
        mentor__user__name="Olli Ohjaaja",
        actor__user__name="Erkki Luonnos",
    )
    client = client_as(who)
    html = client.get(_url("dashboard", programme)).content.decode()
    assert "Erkki Luonnos" in html
    draft_url = reverse("pairs:detail", kwargs={"pair_id": draft.pk})
    assert (draft_url in html) == (who == "sup_a")
    for pair in (draft, followed["p1"], followed["p2"]):
        url = reverse("pairs:detail", kwargs={"pair_id": pair.pk})
        if url in html:
            assert client.get(url).status_code == 200, pair


def test_hours_read_the_same_in_the_report_the_dashboard_and_the_csv(cast, followed):
    """One rounding and one format: two decimals, with the language's decimal mark. Aino and
    Maija held 60 + 45 minutes in March and 50 in April: 1,75 and 0,83 hours, 2,58 in all
    (not "2,6" in the report and "2,58" elsewhere)."""
    programme = followed["programme"]
    client = cast.client("sup_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    dashboard = client.get(_url("dashboard", programme)).content.decode()
    assert ">1,75</td>" in dashboard and ">0,83</td>" in dashboard
    report = client.get(reverse("evaluations:report", kwargs={"programme_id": programme.pk}))
    assert '<dd class="col-4 col-sm-6">2,58</dd>' in report.content.decode()
    raw = client.get(_url("hours_csv", programme)).content.decode("utf-8-sig")
    hours = [row[-1] for row in csv.reader(io.StringIO(raw), delimiter=";")][1:]
    assert hours == ["1,75", "0,83", "1,75", "0,83"]
