"""Journey 1: a supervisor starts a mentoring programme and shows it at the weekly meeting.

From the home page to the programme list, the new-programme form (filled in the browser),
the programme's page and its presentation page, whose QR code must really load.
"""

import datetime as dt

import pytest
from django.utils import timezone

from mentoring.programmes.models import Programme

from .journeys import SIZES, check, heading, screenshot, size_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(**SIZES)
def test_supervisor_creates_a_programme_and_presents_it(new_page, cast, phone):
    page = new_page("sup_a", phone=phone, language="en")
    page.goto("/")
    check(page, axe=False)
    if phone:
        page.locator(".navbar-toggler").click()
    page.get_by_role("link", name="Programmes", exact=True).click()
    check(page, axe=False)
    page.get_by_role("link", name="New programme").click()
    assert heading(page) == "New programme"
    check(page)

    # Unit A is the only unit sup_a leads, so it is already chosen; the terms have defaults.
    assert page.get_by_label("Yksikkö A").is_checked()
    page.get_by_label("Name").fill("Vertaismentorointi syksy")
    page.get_by_label("Description").fill("Uudet ja kokeneet oppivat toisiltaan.")
    starts = timezone.localdate() + dt.timedelta(days=3)
    page.get_by_label("Starts on").fill(starts.isoformat())
    page.get_by_label("Ends on").fill((starts + dt.timedelta(days=200)).isoformat())
    page.get_by_label("A meeting lasts at most (minutes)").fill("60")
    page.get_by_label("Meet every … days, at the soonest").fill("14")
    page.get_by_label("Meeting times need my approval").check()
    if phone:
        screenshot(page, "journey1-programme-form-phone")
    page.get_by_role("button", name="Create the programme").click()

    page.get_by_text("The programme is created.").wait_for()
    assert heading(page) == "Vertaismentorointi syksy"
    check(page)
    programme = Programme.objects.get(name="Vertaismentorointi syksy")
    assert programme.starts_on == starts
    assert programme.approval_required is True
    assert list(programme.units.all()) == [cast.unit_a]
    short_path = f"/s/{programme.short_code}/"
    assert page.locator(f"a[href$='{short_path}']").count() >= 1

    page.get_by_role("link", name="Presentation for the weekly meeting").click()
    assert heading(page) == "Vertaismentorointi syksy"
    qr = page.get_by_role("img", name="QR code that opens the sign-up form")
    qr.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert qr.evaluate("img => img.naturalWidth") > 0
    box = qr.bounding_box()
    assert box["width"] <= page.viewport_size["width"]
    assert page.locator(".short-link a").inner_text().endswith(short_path)
    for section in ("What is mentoring?", "What you can get from it", "In this programme"):
        assert page.get_by_role("heading", name=section).is_visible()
    check(page)
    screenshot(page, f"journey1-presentation-{size_name(phone)}")
