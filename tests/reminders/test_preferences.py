import re

import pytest
from django.urls import reverse

from mentoring.core.models import AuditEntry
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
URL = "/reminders/"


def test_page_lists_essentials_and_optional_kinds(cast):
    response = cast.client("worker_a").get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Upcoming meeting" in html and "Your mentoring pair" in html
    assert 'value="book_next"' in html and 'value="pair_published"' not in html
    assert 'value="digest"' not in html  # a worker has no supervisor's digest
    assert 'value="approval_decided"' in html and 'value="approval_waiting"' not in html
    assert "When the supervisor has approved or declined your meeting time" in html


def test_supervisors_also_choose_their_digest(cast):
    html = cast.client("sup_a").get(URL).content.decode()
    assert 'value="digest"' in html and 'value="book_next_supervisor"' in html
    assert 'value="approval_waiting"' in html
    assert "proposes or moves a meeting time that needs your approval" in html


def test_turning_kinds_off_and_on(cast):
    client = cast.client("worker_a")
    response = client.post(URL, {"enabled": ["agreement_pending", "evaluation_due"]})
    assert response.status_code == 302 and response["Location"] == reverse("reminders:preferences")
    cast.worker_a.refresh_from_db()
    assert cast.worker_a.muted_reminders == ["approval_decided", "book_next", "meeting_to_log"]
    assert AuditEntry.objects.filter(action="reminders.preferences").count() == 1
    html = client.get(URL).content.decode()
    assert re.search(r'value="book_next"\s+id="[^"]+"\s*>', html)  # shown unchecked
    assert re.search(r'value="evaluation_due"\s+id="[^"]+"\s+checked', html)
    everything = ["agreement_pending", "evaluation_due", "book_next", "meeting_to_log"]
    client.post(URL, {"enabled": [*everything, "approval_decided"]})
    cast.worker_a.refresh_from_db()
    assert cast.worker_a.muted_reminders == []


def test_essentials_and_unknown_kinds_are_refused_with_a_message(cast):
    client = cast.client("worker_a")
    for bad in (["pair_published"], ["upcoming_meeting"], ["digest"], ["nonsense"]):
        response = client.post(URL, {"enabled": bad})
        assert response.status_code == 200
        assert (
            "is-invalid" in response.content.decode()
            or "invalid-feedback" in response.content.decode()
        )
    cast.worker_a.refresh_from_db()
    assert cast.worker_a.muted_reminders == []


def test_a_supervisors_choices_outside_the_form_are_kept(cast):
    cast.sup_a.muted_reminders = ["digest"]
    cast.sup_a.save()
    cast.client("sup_a").post(URL, {"enabled": ["book_next", "book_next_supervisor"]})
    cast.sup_a.refresh_from_db()
    assert "digest" in cast.sup_a.muted_reminders
    assert "book_next" not in cast.sup_a.muted_reminders


def test_the_page_runs_a_constant_number_of_queries(cast):
    client = cast.client("worker_a")
    counts = {count_queries(client.get, URL)[0] for _ in range(2)}
    assert len(counts) == 1


def test_the_profile_page_links_to_the_preferences(cast):
    html = cast.client("worker_a").get("/accounts/profile/").content.decode()
    assert URL in html


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
