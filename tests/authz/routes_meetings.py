"""Meetings: the pair's own pages are for its two members; the supervisor of the unit sees
times (list, .ics, approvals, calendar) and the organisation admin the list and the calendar."""

from mentoring.accounts.calendar_feed import feed_token
from mentoring.accounts.services import calendar_feed_renew

from .routes import LOGIN, Route

MEMBERS_ONLY = {"anon": LOGIN, "mentor": 200, "actor": 200, "*": 404}


def _mentors_feed(world) -> dict:
    """The mentor's secret calendar address (made once per world)."""
    if not hasattr(world, "feed_token"):
        mentor = world.cast.worker_a
        world.feed_token = feed_token(calendar_feed_renew(user=mentor, by=mentor))
    return {"token": world.feed_token}


ROUTES = {
    "meetings:list": Route(
        kwargs=lambda w: {"pair_id": w.pair.pk},
        expect={"anon": LOGIN, "mentor": 200, "actor": 200, "sup_a": 200, "admin": 200, "*": 404},
    ),
    "meetings:propose": Route(kwargs=lambda w: {"pair_id": w.pair.pk}, expect=MEMBERS_ONLY),
    # A meeting held without booking: only the pair's members record one.
    "meetings:record": Route(kwargs=lambda w: {"pair_id": w.pair.pk}, expect=MEMBERS_ONLY),
    "meetings:move": Route(
        kwargs=lambda w: {"meeting_id": w.planned_meeting.pk}, expect=MEMBERS_ONLY
    ),
    "meetings:cancel": Route(
        kwargs=lambda w: {"meeting_id": w.planned_meeting.pk}, expect=MEMBERS_ONLY
    ),
    # The first meeting is held: its members may edit the log; nobody else may read it.
    "meetings:log": Route(kwargs=lambda w: {"meeting_id": w.first_meeting.pk}, expect=MEMBERS_ONLY),
    "meetings:ics": Route(
        kwargs=lambda w: {"meeting_id": w.planned_meeting.pk},
        expect={"anon": LOGIN, "mentor": 200, "actor": 200, "sup_a": 200, "*": 404},
    ),
    # The planned meeting needs no approval: the supervisor is told so (302 back to the list).
    "meetings:decide": Route(
        method="post",
        kwargs=lambda w: {"meeting_id": w.planned_meeting.pk},
        data=lambda w: {"decision": "approve", "comment": ""},
        expect={"anon": LOGIN, "sup_a": 302, "*": 404},
    ),
    "meetings:approvals_home": Route(
        expect={"anon": LOGIN, "sup_a": 200, "sup_b": 200, "outsider": 200, "*": 404}
    ),
    "meetings:approvals": Route(
        kwargs=lambda w: {"programme_id": w.programme.pk},
        expect={"anon": LOGIN, "sup_a": 200, "*": 404},
    ),
    "meetings:calendar_home": Route(
        expect={"anon": LOGIN, "sup_a": 302, "sup_b": 302, "outsider": 302, "admin": 302, "*": 404}
    ),
    "meetings:calendar": Route(
        kwargs=lambda w: {"unit_id": w.cast.unit_a.pk},
        expect={"anon": LOGIN, "sup_a": 200, "admin": 200, "*": 404},
    ),
    # Calendar apps cannot log in: the secret address alone decides whose meetings, for
    # whoever holds it (a wrong, replaced or stopped address is a 404: tests/meetings/test_feed).
    "meetings:calendar_feed": Route(kwargs=_mentors_feed, expect={"*": 200}),
}
