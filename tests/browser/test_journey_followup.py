"""Journey 5: the supervisor follows the programme up, and never sees what the pair wrote.

A pair has held and logged its meetings (private notes) and answered the evaluation. The
supervisor opens the dashboard, downloads the hours CSV, opens the pair's page and the
programme report. The notes, the evaluation's free text and the agreement's goals appear on
none of these pages and not in the CSV.
"""

import csv
import io

import pytest

from .journeys import SIZES, check, heading, pair_with_history, screenshot, size_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = "SECRET-NOTE-7731 about a resident"
OWN_WORK = "SECRET-EVALUATION-TEXT"
GOAL = "SECRET-GOAL-TEXT"
SECRETS = (NOTES, OWN_WORK, GOAL)


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} shown on {where}"


@pytest.mark.parametrize(**SIZES)
def test_dashboard_csv_and_report_without_the_notes(new_page, cast, phone):
    pair = pair_with_history(cast, notes=NOTES, own_work=OWN_WORK, goal=GOAL)
    programme = pair.programme
    page = new_page("sup_a", phone=phone, language="en")

    page.goto(f"/programmes/{programme.pk}/")
    assert_no_secret(page.content(), "the programme page")
    page.get_by_role("link", name="Dashboard").click()
    assert heading(page) == "Follow-up: Polku"
    rows = page.locator("#pairs-heading ~ div table tbody tr")
    assert rows.count() == 1
    assert "Wille Työntekijä – Wilma Aloittaja" in rows.first.inner_text()
    hours = page.locator("section", has=page.get_by_role("heading", name="Mentoring hours"))
    assert "Wilma Aloittaja" in hours.inner_text()
    assert_no_secret(page.content(), "the dashboard")
    check(page)
    screenshot(page, f"journey5-dashboard-{size_name(phone)}")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8-sig").read()
    assert_no_secret(text, "the hours CSV")
    rows_csv = list(csv.DictReader(io.StringIO(text)))  # English: "," separates
    minutes = {}
    for row in rows_csv:
        minutes[row["Person"]] = minutes.get(row["Person"], 0) + int(row["Minutes"])
    # 55 + 45 minutes held, counted for each member.
    assert minutes == {"Wille Työntekijä": 100, "Wilma Aloittaja": 100}, rows_csv

    rows.first.get_by_role("link").click()
    assert heading(page) == "Mentoring pair"
    main = page.locator("main").inner_text()
    assert "Wille Työntekijä" in main and "concluded" in main
    assert_no_secret(page.content(), "the pair page")
    check(page)
    # The meeting times go to her calendar too, without what was said.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").first.click()
    assert_no_secret(open(download_info.value.path(), encoding="utf-8").read(), "the .ics")
    for path in (
        f"/pairs/{pair.pk}/meetings/",
        f"/pairs/{pair.pk}/agreement/",
        f"/units/{cast.unit_a.pk}/calendar/",
        f"/programmes/{programme.pk}/approvals/",
    ):
        response = page.goto(path)
        assert response.status in (200, 404), path
        assert_no_secret(page.content(), path)

    page.goto(f"/programmes/{programme.pk}/")
    page.get_by_role("link", name="Programme report").click()
    assert heading(page) == "Report: Polku"
    assert_no_secret(page.content(), "the report")
    check(page)
    screenshot(page, f"journey5-report-{size_name(phone)}")
