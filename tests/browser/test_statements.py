"""The privacy notice and the accessibility statement, reached from the footer without
signing in: no serious accessibility violation and no sideways scrolling on a 360 px phone."""

import pytest

from .helpers import assert_accessible, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_statements_from_the_footer(new_page, cast, phone):
    page = new_page(phone=phone)
    page.goto("/accounts/login/")
    for path, heading in (
        ("/privacy/", "Tietosuojaseloste"),
        ("/accessibility/", "Saavutettavuusseloste"),
    ):
        with page.expect_navigation():
            page.locator(f'footer a[href="{path}"]').click()
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
        assert horizontal_overflow(page) <= 0
