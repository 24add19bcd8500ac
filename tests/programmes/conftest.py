import datetime as dt

import pytest
from django.utils import timezone, translation

from tests import factories as f


def terms(**changes) -> dict:
    """Valid programme terms, as the form gives them to the services."""
    today = timezone.localdate()
    values = {
        "name": "Kevään mentorointi",
        "description": "",
        "starts_on": today + dt.timedelta(days=7),
        "ends_on": today + dt.timedelta(days=180),
        "meetings_in_working_time": True,
        "meeting_minutes_min": 45,
        "meeting_minutes_max": 60,
        "cadence_min_days": 14,
        "cadence_max_days": 21,
        "length_mode": "meetings",
        "planned_meetings": 3,
        "planned_until": None,
        "approval_required": False,
        "signup_open": True,
    }
    values.update(changes)
    return values


def post_data(units, **changes) -> dict:
    """The same terms as the browser posts them."""
    data = {}
    for key, value in terms(**changes).items():
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is None:
            data[key] = ""
        else:
            data[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    data["units"] = [str(u.pk) for u in units]
    return data


def details(**changes) -> dict:
    """Valid sign-up details, as the form gives them to the services."""
    values = {
        "role": "actor",
        "experience_years": 1,
        "shifts": ["day"],
        "languages": ["fi"],
        "themes": [],
        "themes_text": "",
        "capacity": None,
    }
    values.update(changes)
    return values


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English source texts, whatever the catalogues hold."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def programme(cast):
    return f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a], name="Yksikön A mentorointi"
    )
