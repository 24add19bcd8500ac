"""The supervisor's follow-up pages on a 360 px phone, in Chromium.

Every column must be readable without scrolling sideways: neither the page nor a table box
inside it may scroll, and the last column (the hours) must be on the screen. At desktop
size the same data stays a table with its column headings.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.pairs.models import Pair
from tests import factories as f
from tests.browser.helpers import (
    assert_accessible,
    horizontal_overflow,
    overflowing_elements,
    sideways_scrollers,
)
from tests.browser.journeys import screenshot
from tests.evaluations.support import grow_programme
from units.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_UNIT = "Palvelukeskus Koivurinne, kotihoidon itäinen tiimi"
PHONE_WIDTH = 360


def assert_fits_the_phone(page) -> None:
    page.wait_for_load_state("load")
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{page.url} is {overflow}px too wide: {overflowing_elements(page)}"
    scrollers = sideways_scrollers(page)
    assert not scrollers, f"{page.url}: {scrollers}"


def assert_on_screen(locator) -> None:
    box = locator.bounding_box()
    assert box is not None, locator
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH + 0.5, (locator, box)


@pytest.fixture
def twenty_pairs(cast, programme):
    """20 pairs with long Finnish names; each has held two meetings (in two months), the
    first ten have one booked. Gives 20 rows of pairs and 80 rows of hours."""
    cast.unit_a.name = LONG_UNIT
    cast.unit_a.save()
    now = timezone.now()
    for i in range(20):
        mentor = f.SignUpFactory(
            mentor=True, programme=programme, user__name=f"Marja-Leena Kärkkäinen-Väisänen {i}"
        )
        actor = f.SignUpFactory(
            programme=programme, user__name=f"Aleksanteri Hämäläinen-Björklund {i}"
        )
        pair = f.PairFactory(
            programme=programme,
            mentor=mentor,
            actor=actor,
            status=Pair.Status.ACTIVE,
            published_days_ago=70,
        )
        f.MeetingFactory(pair=pair, held=True, starts_at=now - dt.timedelta(days=60), minutes=55)
        f.MeetingFactory(pair=pair, held=True, starts_at=now - dt.timedelta(days=20), minutes=45)
        if i < 10:
            f.MeetingFactory(pair=pair, days=3 + i)
    return programme


def test_dashboard_with_20_pairs_fits_a_phone(new_page, twenty_pairs):
    page = new_page("sup_a", phone=True, language="en")
    page.goto(reverse("pairs:dashboard", kwargs={"programme_id": twenty_pairs.pk}))
    assert_fits_the_phone(page)

    pairs = page.locator("#pairs-heading ~ div table tbody tr")
    assert pairs.count() == 20
    assert_on_screen(pairs.last.locator("td").last)  # the rhythm column
    hours = page.locator("#hours-heading").locator("xpath=ancestor::section").locator("tbody tr")
    assert hours.count() == 80
    for row in (hours.first, hours.last):
        cell = row.locator("td").last
        assert cell.inner_text().strip() in ("0.92", "0.75")  # 55 and 45 minutes
        assert_on_screen(cell)
    # Each value says which column it is: the headings row is hidden on a phone.
    label = hours.first.locator("td").last.evaluate(
        "el => getComputedStyle(el, '::before').content"
    )
    assert label == '"Hours"'
    assert_accessible(page)
    screenshot(page, "phone-dashboard-20-pairs")


def test_dashboard_stays_a_table_on_a_desktop(new_page, twenty_pairs):
    page = new_page("sup_a", language="en")
    page.goto(reverse("pairs:dashboard", kwargs={"programme_id": twenty_pairs.pk}))
    assert page.get_by_role("columnheader", name="Hours").is_visible()
    assert page.get_by_role("columnheader", name="Rhythm").is_visible()
    assert horizontal_overflow(page) <= 0 and not sideways_scrollers(page)


def test_board_published_pairs_fit_a_phone(new_page, twenty_pairs):
    page = new_page("sup_a", phone=True, language="en")
    page.goto(reverse("pairs:board", kwargs={"programme_id": twenty_pairs.pk}))
    assert_fits_the_phone(page)
    rows = page.locator("#published-heading ~ div table tbody tr")
    assert rows.count() == 20
    assert_on_screen(rows.last.locator("td").last)  # the day it was published
    assert_accessible(page)
    screenshot(page, "phone-board-published")


def test_programme_and_organisation_reports_fit_a_phone(new_page, cast, programme):
    cast.unit_a.name = LONG_UNIT
    cast.unit_a.save()
    grow_programme(programme, cast.unit_a, 4)  # enough answers for averages by role
    page = new_page("sup_a", phone=True, language="en")
    page.goto(reverse("evaluations:report", kwargs={"programme_id": programme.pk}))
    page.get_by_role("columnheader", name="Actors").wait_for(state="attached")
    assert_fits_the_phone(page)
    for table in page.locator("main table").all():
        assert_on_screen(table.locator("tbody tr").last.locator("td").last)
    assert_accessible(page)
    screenshot(page, "phone-programme-report")
    page.goto(reverse("evaluations:reports"))
    assert_fits_the_phone(page)

    admin = new_page("admin", phone=True, language="en")
    admin.goto(reverse("evaluations:org_report", kwargs={"organisation_id": cast.organisation.pk}))
    assert_fits_the_phone(admin)
    first = admin.locator("main table").first.locator("tbody tr").first
    assert_on_screen(first.locator("td").last)  # people who answered
    assert_accessible(admin)
    screenshot(admin, "phone-organisation-report")


# 48 characters and no hyphen (a browser may break a line after a hyphen, never after a dot).
LONG_EMAIL = "aleksanteri.hamalainen.bjorklund@itakotihoito.fi"


def test_a_48_character_email_address_fits_a_phone(new_page, cast, programme):
    """An email address is one long word: wherever it is shown (the partner's pair page, the
    unit's member list, the organisation's page, the profile and the menu), it wraps instead
    of widening the page."""
    assert len(LONG_EMAIL) == 48
    long = f.WorkerFactory(unit=cast.unit_a, name="", email=LONG_EMAIL)  # the address stands
    f.MembershipFactory(user=long, unit=cast.unit_b, role=Membership.Role.SUPERVISOR)
    mentor = f.SignUpFactory(
        mentor=True, programme=programme, unit=cast.unit_a, user__name="Maija Mentori"
    )
    actor = f.SignUpFactory(programme=programme, unit=cast.unit_a, user=long)
    pair = f.PairFactory(programme=programme, mentor=mentor, actor=actor, active=True)

    partner = new_page(mentor.user, phone=True, language="en")
    partner.goto(reverse("pairs:detail", kwargs={"pair_id": pair.pk}))
    assert partner.get_by_text(LONG_EMAIL).first.is_visible()
    assert_fits_the_phone(partner)

    supervisor = new_page("sup_a", phone=True, language="en")
    supervisor.goto(reverse("units:unit_detail", kwargs={"unit_id": cast.unit_a.pk}))
    assert_fits_the_phone(supervisor)

    admin = new_page("admin", phone=True, language="en")
    admin.goto(reverse("units:organisations"))
    assert admin.get_by_text(LONG_EMAIL).first.is_visible()
    assert_fits_the_phone(admin)

    own = new_page(long, phone=True, language="en")
    own.goto(reverse("accounts:profile"))
    assert_fits_the_phone(own)
    own.get_by_role("button", name="Menu").click()
    own.get_by_role("link", name=LONG_EMAIL).wait_for()
    assert_fits_the_phone(own)
