"""Journey 8: the supervisor's home says what waits for her, and one click does it.

A pair proposes a meeting time in a programme whose times need approval. The supervisor's
menu shows that a time waits; her home lists it under "Waiting for you"; "Open" leads to the
approvals, where she approves it; back home, nothing waits any more. The worker's home shows
the pair's next step: the approved meeting.
"""

import datetime as dt

import pytest
from django.utils import timezone

from mentoring.meetings.services import meeting_propose

from .journeys import SIZES, agreed_pair, check, heading, programme_running, screenshot, size_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(**SIZES)
def test_a_time_to_approve_is_one_click_from_the_home_page(new_page, cast, phone):
    programme = programme_running(cast, approval_required=True)
    pair = agreed_pair(cast, programme)
    start = timezone.localtime() + dt.timedelta(days=3)
    start = start.replace(hour=10, minute=0, second=0, microsecond=0)
    meeting_propose(
        pair=pair,
        kind="regular",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
        place="Taukotila",
        by=cast.worker_a,
    )

    page = new_page("sup_a", phone=phone, language="en")
    page.goto("/")
    todo = page.locator("section", has=page.get_by_role("heading", name="Waiting for you"))
    assert "1 meeting time waits for your approval" in todo.inner_text()
    if phone:
        page.get_by_role("button", name="Menu").click()
    assert "1" in page.get_by_role("link", name="Approvals").inner_text()
    check(page)
    screenshot(page, f"journey8-todo-{size_name(phone)}")

    todo.get_by_role("link", name="Open").first.click()
    assert heading(page).startswith("Meeting times to approve")
    page.get_by_role("button", name="Approve").first.click()
    page.goto("/")
    assert "Nothing waits for you right now." in page.locator("main").inner_text()

    worker = new_page("worker_a2", phone=phone, language="en")
    worker.goto("/")
    assert "Next meeting: Taukotila." in worker.locator("main").inner_text()
    check(worker)
