"""A programme in which every kind of reminder is due at ``now``.

Each pair is placed in time relative to ``now``; ``expected`` lists what must arrive as
(key prefix, recipient email). Used by the sweep tests (frozen time) and by the service
tests (a real worker at the real time, working hours off).
"""

import datetime as dt
from dataclasses import dataclass, field

from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair

from .builders import add_agreement, add_meeting, make_pair, programme

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


@dataclass
class Scenario:
    pairs: dict = field(default_factory=dict)
    expected: set = field(default_factory=set)

    def members(self, prefix, pair):
        for user in (pair.mentor.user, pair.actor.user):
            self.expected.add((prefix, user.email))


def build_scenario(cast, now: dt.datetime, *, digest: bool = True) -> Scenario:
    prog = programme(cast.unit_a, name="Muistutusohjelma")
    s = Scenario()

    p = make_pair(prog, status=Pair.Status.PUBLISHED, published_at=now - H, language="sv")
    s.pairs["published"] = p
    s.members("pair_published", p)

    p = make_pair(prog, published_at=now - 10 * D, language="en")
    first = add_meeting(p, now - 4 * D, kind="first", status="held")
    MeetingLog.objects.create(meeting=first, notes="SECRET-NOTE-TEXT", progress="SECRET-PROGRESS")
    s.pairs["agreement"] = p
    s.members("agreement", p)

    p = make_pair(prog, published_at=now - 20 * D)
    add_agreement(p, created=now - 15 * D)
    add_meeting(p, now - 5 * D, status="held")
    s.pairs["upcoming_meeting"] = add_meeting(p, now + 2 * H)
    s.pairs["upcoming"] = p
    s.members("upcoming", p)

    p = make_pair(prog, published_at=now - 20 * D)
    add_agreement(p, created=now - 15 * D)
    s.pairs["to_log_meeting"] = add_meeting(p, now - 4 * H)
    s.pairs["to_log"] = p
    s.members("to_log", p)

    p = make_pair(prog, published_at=now - 60 * D)
    add_agreement(p, created=now - 40 * D, cadence=14)
    add_meeting(p, now - 30 * D, status="held")
    s.pairs["book"] = p
    s.members("book", p)
    s.expected.add(("book_sup", cast.sup_a.email))

    p = make_pair(prog, published_at=now - 60 * D)
    add_agreement(p, created=now - 40 * D, planned=2)
    add_meeting(p, now - 10 * D, status="held")
    add_meeting(p, now - 3 * D, status="held")
    s.pairs["evaluation"] = p
    s.members("evaluation", p)

    # Meeting times in a programme that needs the supervisor's approval: one waits for
    # her, one she declined an hour ago (both well ahead, so no upcoming-meeting reminder).
    approving = programme(cast.unit_a, name="Hyväksyntäohjelma", approval_required=True)
    p = make_pair(approving, published_at=now - 10 * D)
    waiting = add_meeting(p, now + 6 * D)
    declined = add_meeting(p, now + 8 * D)
    Meeting.objects.filter(pk=waiting.pk).update(approval="pending")
    Meeting.objects.filter(pk=declined.pk).update(
        approval="declined", approval_comment="Koulutuspäivä", approval_at=now - H
    )
    s.pairs["approvals"] = p
    s.expected.add(("approval_waiting", cast.sup_a.email))
    s.members("approval_decided", p)

    if digest:
        s.expected.add(("digest", cast.sup_a.email))
    return s


def published_pairs(cast, now: dt.datetime, count: int) -> Scenario:
    """``count`` freshly published pairs: 2 × count introductions due now."""
    prog = programme(cast.unit_b, name="Joukko-ohjelma")
    s = Scenario()
    for i in range(count):
        p = make_pair(prog, status=Pair.Status.PUBLISHED, published_at=now - H)
        s.pairs[i] = p
        s.members("pair_published", p)
    return s
