"""A programme in which every kind of reminder is due at ``now``.

Each pair is placed in time relative to ``now``; ``expected`` lists what must arrive as
(key prefix, recipient email). Used by the sweep tests (frozen time) and by the service
tests (a real worker at the real time, working hours off).
"""

import datetime as dt
from dataclasses import dataclass, field

from tests import factories as f

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


@dataclass
class Scenario:
    pairs: dict = field(default_factory=dict)
    expected: set = field(default_factory=set)

    def members(self, prefix, pair):
        for user in (pair.mentor.user, pair.actor.user):
            self.expected.add((prefix, user.email))


def agreed(pair, made: dt.datetime, **fields):
    """The pair's agreement, written and accepted by both at ``made``; the evaluation is
    half a year later."""
    return f.AgreementFactory(
        pair=pair,
        accepted=True,
        accepted_at=made,
        created_at=made,
        evaluation_date=(made + 180 * D).date(),
        goals=[],
        **fields,
    )


def build_scenario(cast, now: dt.datetime, *, digest: bool = True) -> Scenario:
    unit = cast.unit_a
    prog = f.ProgrammeFactory(organisation=unit.organisation, units=[unit], name="Muistutusohjelma")
    s = Scenario()

    p = f.PairFactory(
        programme=prog,
        published=True,
        published_at=now - H,
        mentor__user__language="sv",
        actor__user__language="sv",
    )
    s.pairs["published"] = p
    s.members("pair_published", p)

    p = f.PairFactory(
        programme=prog,
        active=True,
        published_at=now - 10 * D,
        mentor__user__language="en",
        actor__user__language="en",
    )
    f.MeetingFactory(
        pair=p,
        first=True,
        held=True,
        starts_at=now - 4 * D,
        place="Taukotila",
        log__notes="SECRET-NOTE-TEXT",
        log__progress="SECRET-PROGRESS",
    )
    s.pairs["agreement"] = p
    s.members("agreement", p)

    p = f.PairFactory(programme=prog, active=True, published_at=now - 20 * D)
    agreed(p, now - 15 * D)
    f.MeetingFactory(pair=p, held=True, starts_at=now - 5 * D, place="Taukotila")
    s.pairs["upcoming_meeting"] = f.MeetingFactory(pair=p, starts_at=now + 2 * H, place="Taukotila")
    s.pairs["upcoming"] = p
    s.members("upcoming", p)

    p = f.PairFactory(programme=prog, active=True, published_at=now - 20 * D)
    agreed(p, now - 15 * D)
    s.pairs["to_log_meeting"] = f.MeetingFactory(pair=p, starts_at=now - 4 * H, place="Taukotila")
    s.pairs["to_log"] = p
    s.members("to_log", p)

    p = f.PairFactory(programme=prog, active=True, published_at=now - 60 * D)
    agreed(p, now - 40 * D, cadence_days=14)
    f.MeetingFactory(pair=p, held=True, starts_at=now - 30 * D, place="Taukotila")
    s.pairs["book"] = p
    s.members("book", p)
    s.expected.add(("book_sup", cast.sup_a.email))

    p = f.PairFactory(programme=prog, active=True, published_at=now - 60 * D)
    agreed(p, now - 40 * D, planned_meetings=2)
    f.MeetingFactory(pair=p, held=True, starts_at=now - 10 * D, place="Taukotila")
    f.MeetingFactory(pair=p, held=True, starts_at=now - 3 * D, place="Taukotila")
    s.pairs["evaluation"] = p
    s.members("evaluation", p)

    # Meeting times in a programme that needs the supervisor's approval: one waits for
    # her, one she declined an hour ago (both well ahead, so no upcoming-meeting reminder).
    approving = f.ProgrammeFactory(
        organisation=unit.organisation,
        units=[unit],
        name="Hyväksyntäohjelma",
        approval_required=True,
    )
    p = f.PairFactory(programme=approving, active=True, published_at=now - 10 * D)
    f.MeetingFactory(pair=p, pending=True, starts_at=now + 6 * D, place="Taukotila")
    f.MeetingFactory(
        pair=p,
        declined=True,
        approval_comment="Koulutuspäivä",
        approval_at=now - H,
        starts_at=now + 8 * D,
        place="Taukotila",
    )
    s.pairs["approvals"] = p
    s.expected.add(("approval_waiting", cast.sup_a.email))
    s.members("approval_decided", p)

    if digest:
        s.expected.add(("digest", cast.sup_a.email))
    return s


def published_pairs(cast, now: dt.datetime, count: int) -> Scenario:
    """``count`` freshly published pairs: 2 × count introductions due now."""
    unit = cast.unit_b
    prog = f.ProgrammeFactory(organisation=unit.organisation, units=[unit], name="Joukko-ohjelma")
    s = Scenario()
    for i in range(count):
        p = f.PairFactory(programme=prog, published=True, published_at=now - H)
        s.pairs[i] = p
        s.members("pair_published", p)
    return s
