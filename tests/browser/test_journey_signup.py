"""Journey 2: two workers sign up.

Wilma follows the short link from the presentation page on her phone or desktop: she is not
logged in, so it opens the public page, whose login link she follows; she logs in, lands on the sign-up form (in Finnish, her language; she switches to
English) and signs up as an actor. Wille told his supervisor he wants to mentor, so the
supervisor enters the sign-up on his behalf. The supervisor then sees both, side by side.
"""

import pytest

from mentoring.programmes.models import SignUp

from .journeys import SIZES, check, heading, log_in, programme_running, screenshot, size_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


@pytest.mark.parametrize(**SIZES)
def test_one_worker_by_the_link_one_entered_by_the_supervisor(new_page, cast, phone):
    programme = programme_running(cast, name="Polku")

    # Wilma, by the short link.
    page = new_page(phone=phone, language="en")
    page.goto(f"/s/{programme.short_code}/")
    check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Log in", exact=True).first.click()
    log_in(page, cast.worker_a2.email)
    assert page.url.endswith(f"/programmes/{programme.pk}/signup/")
    assert html_lang(page) == "fi"  # her own language comes with her login
    check(page, axe=False)
    with page.expect_navigation():
        page.locator("#language-select").select_option("en")
    assert html_lang(page) == "en"
    assert heading(page) == "Polku"
    check(page)

    page.get_by_label("an actor: I am new and want to learn").check()
    # Her years in the field come from the unit's records; she corrects them.
    assert page.get_by_label("Years in the field").input_value() != ""
    page.get_by_label("Years in the field").fill("1")
    page.get_by_label("evening shift", exact=True).check()
    page.get_by_label("Dementia care").check()
    page.get_by_label("Encounters with relatives").check()
    page.get_by_label("Something else, in my own words").fill("Iltavuoron rutiinit")
    if phone:
        assert page.get_by_label("How many actors I can take (mentors only)").is_hidden()
    page.get_by_role("button", name="Sign up").click()
    page.get_by_text("Thank you! You are signed up.").wait_for()
    check(page)
    screenshot(page, f"journey2-signed-up-{size_name(phone)}")

    wilma = SignUp.objects.get(programme=programme, user=cast.worker_a2)
    assert (wilma.role, wilma.experience_years) == ("actor", 1)
    assert "evening" in wilma.shifts
    assert sorted(t.key for t in wilma.themes.all()) == ["dementia-care", "relatives"]

    # Wille, entered by the supervisor.
    sup = new_page("sup_a", phone=phone, language="en")
    sup.goto(f"/programmes/{programme.pk}/")
    sup.get_by_role("link", name="Sign-ups", exact=True).click()
    check(sup)
    sup.get_by_role("link", name="Enter a sign-up").click()
    assert heading(sup) == "Enter a sign-up"
    check(sup)
    sup.get_by_label("Worker").select_option(
        label="Wille Työntekijä <worker.a@example.test>, Yksikkö A"
    )
    sup.get_by_label("a mentor: experienced, shares what they know").check()
    sup.get_by_label("day shift", exact=True).check()
    sup.get_by_label("Dementia care").check()
    sup.get_by_label("How many actors they can take (mentors only)").fill("2")
    sup.get_by_role("button", name="Sign up").click()
    sup.get_by_text("Wille Työntekijä is signed up.").wait_for()
    assert heading(sup) == "Sign-ups"

    mentors = sup.locator("section", has=sup.get_by_role("heading", name="Mentors"))
    actors = sup.locator("section", has=sup.get_by_role("heading", name="Actors"))
    assert "Wille Työntekijä" in mentors.inner_text()
    assert "Wilma Aloittaja" in actors.inner_text()
    assert "Iltavuoron rutiinit" in actors.inner_text()
    check(sup)
    screenshot(sup, f"journey2-signups-{size_name(phone)}")

    wille = SignUp.objects.get(programme=programme, user=cast.worker_a)
    assert (wille.role, wille.capacity) == ("mentor", 2)
    assert wille.experience_years > 10  # from the unit's records (started 2005)
