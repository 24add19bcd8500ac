"""Journey: the organisation admin adds a unit, invites its supervisor, makes a worker of
another unit its supervisor and removes a member — on a phone and at a desk, accessible."""

import pytest

from units.models import Membership, Unit

from .journeys import SIZES, check, heading, screenshot, size_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(**SIZES)
def test_the_admin_manages_units_and_supervisors(new_page, cast, phone):
    page = new_page("admin", phone=phone, language="en")
    page.goto("/")
    page.get_by_role("link", name="Units and supervisors").click()
    assert heading(page) == "Units and supervisors"
    check(page)
    screenshot(page, f"orgadmin-organisation-{size_name(phone)}")

    page.get_by_role("link", name="Add a unit").click()
    page.get_by_label("Name of the unit").fill("yksikkö a")
    page.get_by_role("button", name="Add the unit").click()
    assert "already has a unit called" in page.locator("main form").inner_text()
    check(page)
    page.get_by_label("Name of the unit").fill("Kotihoito Itä")
    page.get_by_role("button", name="Add the unit").click()
    assert heading(page) == "Kotihoito Itä"
    assert "Unit Kotihoito Itä added." in page.locator(".messages").inner_text()
    check(page)

    page.get_by_role("link", name="Invite a supervisor or worker").click()
    page.get_by_label("Email").fill("uusi.esihenkilo@example.test")
    page.get_by_label("Supervisor").check()
    check(page)
    page.get_by_role("button", name="Send invitation").click()
    assert heading(page) == "Kotihoito Itä"
    assert (
        "uusi.esihenkilo@example.test"
        in page.locator("#invitations-heading ~ *").first.inner_text()
    )

    page.goto("/")
    page.get_by_role("link", name="Units and supervisors").click()
    page.get_by_role("link", name="Manage Yksikkö A").click()
    assert heading(page) == "Yksikkö A"
    check(page)
    screenshot(page, f"orgadmin-unit-{size_name(phone)}")
    page.get_by_role("button", name="Make supervisor Wille Työntekijä").click()
    assert (
        "Wille Työntekijä is now a supervisor of Yksikkö A."
        in page.locator(".messages").inner_text()
    )
    page.get_by_role("link", name="Remove Wilma Aloittaja").click()
    assert heading(page) == "Remove from the unit"
    check(page)
    page.get_by_role("button", name="Remove").click()
    assert (
        "Wilma Aloittaja is no longer a member of Yksikkö A."
        in page.locator(".messages").inner_text()
    )

    unit_a = Unit.objects.get(pk=cast.unit_a.pk)
    roles = dict(unit_a.memberships.values_list("user__email", "role"))
    assert roles == {"sup.a@example.test": "supervisor", "worker.a@example.test": "supervisor"}
    assert Unit.objects.filter(name="Kotihoito Itä").exists()
    assert not Membership.objects.filter(user=cast.worker_a2, unit=unit_a).exists()
