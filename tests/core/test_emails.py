"""Emails as core renders them: plain-text subjects, the site's address in the footer."""

import pytest

from mentoring.core.emails import render_email

pytestmark = pytest.mark.django_db


def test_a_subject_is_plain_text_not_escaped_html(cast):
    cast.unit_a.name = "Sari's & Mikael's unit"
    subject, text, html = render_email(
        "invitation",
        language="en",
        context={
            "invitation": None,
            "unit": cast.unit_a,
            "inviter": cast.sup_a,
            "url": "http://127.0.0.1:8000/accounts/invite/abc/",
            "valid_days": 14,
        },
    )
    assert subject == "Invitation to Mentorpolku: Sari's & Mikael's unit"
    assert "Sari&#x27;s &amp; Mikael&#x27;s unit" in html  # the HTML body still escapes
