"""Shared steps of the user journeys (tests/browser/test_journey_*.py).

Each journey is a story a real user lives through in Chromium, at desktop size and on a
360 px phone. What came before the journey's own steps is set up through the same services
the views call (so the data is what the product itself makes), never by hand-written rows.
"""

import datetime as dt
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page

from mentoring.agreements.services import AgreementTerms, agreement_accept, agreement_save_draft
from mentoring.pairs.services import pair_create, pair_publish
from mentoring.programmes import services as programme_services
from mentoring.programmes.models import SignUp
from mentoring.programmes.services.themes import themes_ensure_builtin

from .helpers import assert_accessible, horizontal_overflow, overflowing_elements

RESULTS = Path(__file__).resolve().parents[2] / "test-results"
PASSWORD = "password-123"  # the cast's password (tests/factories/people.py)
SIZES = {"argnames": "phone", "argvalues": [False, True], "ids": ["desktop", "phone"]}


def size_name(phone: bool) -> str:
    return "phone" if phone else "desktop"


def check(page: Page, *, axe: bool = True) -> None:
    """Every page of a journey: no sideways scrolling; on the main pages, axe-core too."""
    page.wait_for_load_state("load")
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen: " + "; ".join(
        overflowing_elements(page)
    )
    if axe:
        assert_accessible(page)


def screenshot(page: Page, name: str, *, full_page: bool = True) -> None:
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=full_page)


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Fill the login form the page is on (e.g. after a redirect to it) and send it."""
    assert "/accounts/login/" in page.url, page.url
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def heading(page: Page) -> str:
    return page.locator("h1").first.inner_text()


# ---- what came before, through the services ----


def programme_running(cast, *, name="Polku 2026", starts_in_days=0, **terms):
    """A programme of unit A that started today (meetings can be booked from today on)."""
    themes_ensure_builtin()  # made by a data migration, but a transactional test flushes them
    today = timezone.localdate()
    values = {
        "name": name,
        "description": "",
        "starts_on": today,
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
    values.update(terms)
    return programme_services.programme_create(by=cast.sup_a, units=[cast.unit_a], **values)


def sign_up(programme, user, role, *, by=None, themes=(), capacity=None, years=None, shifts=()):
    builtin = themes_ensure_builtin()
    return programme_services.signup_create(
        programme=programme,
        user=user,
        by=by or user,
        role=role,
        experience_years=years,
        shifts=list(shifts),
        languages=["fi"],
        themes=[builtin[key] for key in themes],
        themes_text="",
        capacity=capacity if role == SignUp.Role.MENTOR else None,
    )


def published_pair(cast, programme):
    """worker_a mentors worker_a2; the supervisor has published the pair."""
    mentor = sign_up(programme, cast.worker_a, "mentor", capacity=1, years=20, shifts=["day"])
    actor = sign_up(programme, cast.worker_a2, "actor", years=1, shifts=["day"])
    pair = pair_create(programme=programme, mentor=mentor, actor=actor, by=cast.sup_a)
    return pair_publish(pair=pair, by=cast.sup_a)


def agreed_pair(cast, programme, goals=("Kohtaaminen", "Kirjaaminen")):
    """A published pair whose agreement (version 1) both have accepted."""
    pair = published_pair(cast, programme)
    terms = AgreementTerms(
        cadence_days=14,
        usual_place="Taukotila",
        usual_time="Tiistaisin",
        moving_practice="Kerrotaan päivää ennen.",
        confidentiality="Jää meidän väliin.",
        planned_meetings=3,
        evaluation_date=timezone.localdate() + dt.timedelta(days=60),
    )
    draft = agreement_save_draft(pair=pair, by=cast.worker_a, terms=terms, goals=list(goals))
    agreement_accept(agreement=draft, by=cast.worker_a)
    agreement_accept(agreement=draft, by=cast.worker_a2)
    pair.refresh_from_db()
    return pair


def pair_with_history(cast, *, notes: str, own_work: str, goal: str):
    """A pair that has lived ten days of its mentoring, made through the services with the
    clock moved back: the agreement, a first meeting held and logged with private notes, and
    an evaluation both members answered (concluding). Returns the pair."""
    import time_machine

    from mentoring.evaluations.models import BENEFIT_KEYS
    from mentoring.evaluations.services import evaluation_submit
    from mentoring.meetings.services import meeting_log, meeting_propose

    start = timezone.now() - dt.timedelta(days=10)
    with time_machine.travel(start, tick=False):
        programme = programme_running(cast, name="Polku")
        pair = agreed_pair(cast, programme, goals=(goal,))
        first = meeting_propose(
            pair=pair,
            kind="first",
            starts_at=start + dt.timedelta(days=1),
            ends_at=start + dt.timedelta(days=1, minutes=60),
            by=cast.worker_a,
        )
        evaluation = meeting_propose(
            pair=pair,
            kind="evaluation",
            starts_at=start + dt.timedelta(days=2),
            ends_at=start + dt.timedelta(days=2, minutes=45),
            by=cast.worker_a2,
        )
    goals = list(pair.agreements.get().goals.all())
    with time_machine.travel(start + dt.timedelta(days=3), tick=False):
        meeting_log(meeting=first, minutes=55, goals=goals, notes=notes, by=cast.worker_a)
        meeting_log(meeting=evaluation, minutes=45, notes=notes, by=cast.worker_a2)
        for member in (cast.worker_a, cast.worker_a2):
            evaluation_submit(
                meeting=evaluation,
                by=member,
                ratings=dict.fromkeys(BENEFIT_KEYS, 4),
                own_work=own_work,
                unit_work=own_work,
                outcomes={g.pk: "reached" for g in goals},
                decision="conclude",
            )
    pair.refresh_from_db()
    return pair
