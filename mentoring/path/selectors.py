"""Snapshots of pairs for ``assess``, built for many pairs in a fixed number of queries.

Pages hand in pairs they have already loaded (with ``programme`` and both members' users
selected) and get two more queries, the pairs' meetings and agreements, whatever the number
of pairs; the reminder sweep reads the running pairs due a look in batches of plain values,
three queries a batch. Both feed the same snapshot builder, so pages and reminders see the same pair.
Nothing here reads MeetingLog. Only a member's own view (``for_members=True``: the worker's
home) reads the meeting places and who answered the evaluations (one more query), which its
next steps need; a supervisor's page and the sweep never load them.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from mentoring.agreements.models import Agreement
from mentoring.evaluations.models import Evaluation
from mentoring.meetings.models import Meeting
from mentoring.pairs.access import member_role, pairs_of_member
from mentoring.pairs.models import Pair

from .snapshot import AgreementRow, MeetingRow, PairSnapshot, Person
from .state import PathState, Stage, assess
from .steps import next_step

_PAIR_FIELDS = (
    "id",
    "status",
    "published_at",
    "mentor__unit_id",
    "actor__unit_id",
    "mentor__user_id",
    "mentor__user__muted_reminders",
    "mentor__user__is_active",
    "actor__user_id",
    "actor__user__muted_reminders",
    "actor__user__is_active",
    "programme__cadence_max_days",
    "programme__length_mode",
    "programme__planned_meetings",
    "programme__approval_required",
)
_MEETING_FIELDS = (
    "pair_id",
    "id",
    "kind",
    "status",
    "starts_at",
    "ends_at",
    "approval",
    "times_moved",
    "approval_at",
    "held_minutes",
    "place",
)
_AGREEMENT_FIELDS = (
    "pair_id",
    "id",
    "version",
    "status",
    "created_at",
    "evaluation_date",
    "cadence_days",
    "planned_meetings",
    "mentor_accepted_at",
    "actor_accepted_at",
)


def _values_of(pair: Pair) -> tuple:
    """A loaded pair as the row ``_PAIR_FIELDS`` would read (no query)."""
    mentor, actor, programme = pair.mentor, pair.actor, pair.programme
    return (
        pair.pk,
        pair.status,
        pair.published_at,
        mentor.unit_id,
        actor.unit_id,
        mentor.user_id,
        mentor.user.muted_reminders,
        mentor.user.is_active,
        actor.user_id,
        actor.user.muted_reminders,
        actor.user.is_active,
        programme.cadence_max_days,
        programme.length_mode,
        programme.planned_meetings,
        programme.approval_required,
    )


def _snapshots(rows: list[tuple], *, for_members: bool) -> list[PairSnapshot]:
    """Two queries: the live meetings and the agreements of these pairs; for the members'
    own view a third, who has answered the evaluation meetings (nothing else of the
    answers), and the meetings' places."""
    ids = [r[0] for r in rows]
    answered = defaultdict(list)
    if for_members:
        for meeting_id, role in Evaluation.objects.filter(pair_id__in=ids).values_list(
            "meeting_id", "author_role"
        ):
            answered[meeting_id].append(role)
    meetings = defaultdict(list)
    for pair_id, *rest in (
        Meeting.objects.filter(pair_id__in=ids, status__in=["planned", "held"])
        .order_by()
        .values_list(*(_MEETING_FIELDS if for_members else _MEETING_FIELDS[:-1]))
    ):
        meetings[pair_id].append(MeetingRow(*rest, answered=tuple(answered[rest[0]])))
    agreements = defaultdict(list)
    for pair_id, *rest in (
        Agreement.objects.filter(pair_id__in=ids, status__in=["draft", "accepted"])
        .order_by()
        .values_list(*_AGREEMENT_FIELDS)
    ):
        agreements[pair_id].append(AgreementRow(*rest))
    snapshots = []
    for row in rows:
        (pair_id, status, published_at, mentor_unit, actor_unit) = row[:5]
        mentor_id, mentor_muted, mentor_active, actor_id, actor_muted, actor_active = row[5:11]
        cadence_max, length_mode, planned, approval_required = row[11:]
        snapshots.append(
            PairSnapshot(
                id=pair_id,
                status=status,
                published_at=published_at,
                mentor=Person(mentor_id, tuple(mentor_muted or ()), mentor_active),
                actor=Person(actor_id, tuple(actor_muted or ()), actor_active),
                unit_ids=(mentor_unit, actor_unit),
                cadence_max_days=cadence_max,
                programme_planned_meetings=planned if length_mode == "meetings" else None,
                approval_required=approval_required,
                meetings=tuple(meetings[pair_id]),
                agreements=tuple(agreements[pair_id]),
                for_members=for_members,
            )
        )
    return snapshots


def snapshots(*, pair_ids: Iterable, for_members: bool = False, lock: bool = False) -> dict:
    """pair id → PairSnapshot: three queries for any number of pairs (four for the
    members' own view). ``lock`` (the reminder sweep, inside its transaction): the pair rows
    are locked, and a pair some service is changing right now is left out rather than
    waited for (its change makes the sweep look at it again)."""
    pairs = Pair.objects.filter(pk__in=list(pair_ids))
    if lock:
        pairs = pairs.select_for_update(skip_locked=True, of=("self",))
    rows = list(pairs.values_list(*_PAIR_FIELDS))
    return {s.id: s for s in _snapshots(rows, for_members=for_members)} if rows else {}


def running_pair_ids(*, due_by: dt.datetime | None = None) -> list:
    """The published or active pairs, in order of id (one query); with ``due_by``, only
    those whose ``next_change_at`` has come by then or is not known (new, or changed)."""
    pairs = Pair.objects.filter(status__in=Pair.RUNNING)
    if due_by is not None:
        pairs = pairs.filter(Q(next_change_at__isnull=True) | Q(next_change_at__lte=due_by))
    return list(pairs.order_by("pk").values_list("pk", flat=True))


def with_path(
    pairs: Iterable[Pair], *, now: dt.datetime | None = None, for_members: bool = False
) -> list[Pair]:
    """The pairs, each with ``pair.path`` (PathState) and ``pair.stage``: a queryset costs
    three queries (it is given the relations the snapshot reads); loaded pairs, with
    ``programme`` and both members' users selected, two. ``for_members``: the members' own
    view, with their next steps (one more query)."""
    now = now or timezone.now()
    if isinstance(pairs, QuerySet):
        pairs = pairs.select_related("programme", "mentor__user", "actor__user")
    pairs = list(pairs)
    if not pairs:
        return pairs
    rows = [_values_of(p) for p in pairs]
    by_id = {s.id: s for s in _snapshots(rows, for_members=for_members)}
    for pair in pairs:
        pair.path = assess(by_id[pair.pk], now)
        pair.stage = pair.path.stage
    return pairs


def pair_path(*, pair: Pair, now: dt.datetime | None = None) -> PathState:
    """One loaded pair's place on the path, as a supervisor may see it (two queries)."""
    return with_path([pair], now=now)[0].path


def stage_counts(pairs: Iterable[Pair]) -> dict[str, int]:
    """How many of the pairs (with their path) are at each stage, every stage, in order."""
    counts = Counter(p.stage.code for p in pairs)
    return {code: counts.get(code, 0) for code in Stage.ORDER}


def pairs_with_next_step(*, user, now: dt.datetime | None = None) -> list[Pair]:
    """The user's pairs (published or later), each with ``stage`` and ``next_step``: four
    queries."""
    pairs = with_path(pairs_of_member(user=user), now=now, for_members=True)
    for pair in pairs:
        step = pair.path.steps[member_role(pair=pair, user=user)]
        pair.next_step = next_step(pair_id=pair.pk, step=step)
    return pairs
