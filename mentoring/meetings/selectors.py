"""Reads of meetings, always through the user.

Meeting notes (``MeetingLog``) are read only for the pair's own members: the pair page section
hands overseers plain rows built from the safe columns, so a template cannot reach the log.
What the reminders need they read themselves (mentoring.reminders.selectors).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Min, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from mentoring.agreements.models import Agreement, Goal
from mentoring.pairs.access import PairAccess, member_q
from mentoring.pairs.models import Pair
from mentoring.programmes.access import run_by
from mentoring.programmes.models import Programme, Theme

from .models import Meeting, MeetingLog

# A new pair is nudged to meet within about a week of being told about each other.
FIRST_MEETING_AFTER_DAYS = 7


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related(
        "pair__programme", "pair__mentor__user", "pair__actor__user"
    )


def meeting_for_member(*, user, meeting_id) -> Meeting:
    """The meeting, if the user is one of its pair's two members (anything with notes)."""
    meeting = _meetings().filter(member_q(user, via="pair__"), pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def meeting_for_supervisor(*, user, meeting_id) -> Meeting:
    """The meeting, if the user supervises a unit of its pair's programme. Never the log."""
    meeting = _meetings().filter(run_by(user=user, field="pair__programme"), pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def meeting_for_calendar_file(*, user, meeting_id) -> Meeting:
    """For the .ics download: the pair's members and the supervisors of its programme."""
    meeting = (
        _meetings()
        .filter(
            member_q(user, via="pair__") | run_by(user=user, field="pair__programme"),
            pk=meeting_id,
        )
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def accepted_agreement(*, pair: Pair) -> Agreement | None:
    return Agreement.objects.filter(pair=pair, status=Agreement.Status.ACCEPTED).first()


def programme_themes(*, programme: Programme) -> QuerySet[Theme]:
    """Built-in themes and the programme's organisation's own."""
    return Theme.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=programme.organisation_id)
    )


def cadence_days(*, pair: Pair, agreement: Agreement | None) -> int:
    return agreement.cadence_days if agreement is not None else pair.programme.cadence_min_days


def suggest_next_date(
    *, pair: Pair, agreement: Agreement | None, last_start: dt.datetime | None
) -> dt.date | None:
    """The suggested date of the next meeting, or None if the programme has ended.

    1. After the latest held or planned meeting, add the cadence (the agreement's, else the
       programme's shortest);
    2. with no meeting yet, suggest about a week after the pair was published;
    3. never before tomorrow, never before the programme starts, never after it ends.
    """
    programme = pair.programme
    today = timezone.localdate()
    if last_start is not None:
        suggested = timezone.localtime(last_start).date() + dt.timedelta(
            days=cadence_days(pair=pair, agreement=agreement)
        )
    else:
        published = timezone.localtime(pair.published_at).date() if pair.published_at else today
        suggested = published + dt.timedelta(days=FIRST_MEETING_AFTER_DAYS)
    suggested = max(suggested, today + dt.timedelta(days=1), programme.starts_on)
    return suggested if suggested <= programme.ends_on else None


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as the pair page shows it. Overseers get only the safe columns:
    ``place``, ``cancel_reason`` and ``log`` stay empty for them."""

    id: object
    kind: str
    kind_label: str
    status: str
    status_label: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    held_minutes: int | None
    approval: str
    approval_label: str
    approval_comment: str
    times_moved: int
    ics: bool = True  # offered as a calendar file (not once cancelled, nor by a concluded pair)
    place: str = ""
    cancel_reason: str = ""
    log: MeetingLog | None = None
    can_change: bool = False
    can_log: bool = False

    @property
    def planned_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def _row(
    meeting: Meeting,
    *,
    member: bool,
    pair: Pair,
    now: dt.datetime,
) -> MeetingRow:
    planned = meeting.status == Meeting.Status.PLANNED
    concluded = pair.status == Pair.Status.CONCLUDED
    safe = {
        "id": meeting.id,
        "kind": meeting.kind,
        "kind_label": meeting.get_kind_display(),
        "status": meeting.status,
        "status_label": meeting.get_status_display(),
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "held_minutes": meeting.held_minutes,
        "approval": meeting.approval,
        "approval_label": meeting.get_approval_display(),
        "approval_comment": meeting.approval_comment,
        "times_moved": meeting.times_moved,
        # A concluded pair meets no more: nothing of it goes to a calendar as still to come.
        "ics": meeting.status != Meeting.Status.CANCELLED and not (concluded and planned),
    }
    if not member:
        return MeetingRow(**safe)
    live = pair.status in Pair.RUNNING
    # The services' rule: a concluded pair still logs what started before it concluded.
    loggable_then = live or (
        concluded and pair.concluded_at is not None and meeting.starts_at < pair.concluded_at
    )
    return MeetingRow(
        **safe,
        place=meeting.place,
        cancel_reason=meeting.cancel_reason,
        log=getattr(meeting, "log", None),
        can_change=planned and live,
        can_log=loggable_then
        and meeting.starts_at <= now
        and meeting.status != Meeting.Status.CANCELLED
        and not (
            planned and meeting.approval in (Meeting.Approval.DECLINED, Meeting.Approval.PENDING)
        ),
    )


@dataclass
class PairMeetings:
    pair: Pair
    is_member: bool
    upcoming: list[MeetingRow] = field(default_factory=list)
    to_log: list[MeetingRow] = field(default_factory=list)
    past: list[MeetingRow] = field(default_factory=list)
    suggested_date: dt.date | None = None
    can_propose: bool = False
    can_record: bool = False
    ics_allowed: bool = False
    held_count: int = 0
    held_minutes: int = 0


def pair_page_context(*, access: PairAccess) -> dict:
    """Context for templates/meetings/_pair_section.html on the pair page.

    Four queries for members (meetings with their logs, the logs' themes, their goals, the
    accepted agreement for the suggested date), one for overseers, whatever the number of
    meetings.
    """
    pair, member = access.pair, access.is_member
    meetings = Meeting.objects.filter(pair=pair).order_by("starts_at")
    if member:
        meetings = meetings.select_related("log").prefetch_related("log__themes", "log__goals")
    else:
        meetings = meetings.defer("place", "cancel_reason")
    meetings = list(meetings)
    now = timezone.now()
    live = pair.status in Pair.RUNNING
    concluded = pair.status == Pair.Status.CONCLUDED
    section = PairMeetings(
        pair=pair,
        is_member=member,
        can_propose=member and live,
        can_record=member and (live or concluded),
        ics_allowed=access.role != "org_admin",
    )
    last_start = None
    for meeting in meetings:
        row = _row(meeting, member=member, pair=pair, now=now)
        if meeting.status == Meeting.Status.HELD:
            section.held_count += 1
            section.held_minutes += meeting.held_minutes or 0
            section.past.append(row)
        elif meeting.status == Meeting.Status.CANCELLED:
            section.past.append(row)
        elif meeting.ends_at < now or concluded:
            # A concluded pair has nothing coming up: the evaluation meeting at which it
            # concluded, still under way or just over, waits for its log.
            section.to_log.append(row)
        else:
            section.upcoming.append(row)
        if meeting.status != Meeting.Status.CANCELLED:
            last_start = meeting.starts_at
    section.past.reverse()
    if section.can_propose:
        section.suggested_date = suggest_next_date(
            pair=pair, agreement=accepted_agreement(pair=pair), last_start=last_start
        )
    return {"meetings_section": section}


def pair_page_url(*, pair: Pair) -> str:
    return reverse("pairs:detail", kwargs={"pair_id": pair.pk})


@dataclass(frozen=True)
class ProposeDefaults:
    initial: dict
    kinds: list[str]
    suggested_date: dt.date | None
    agreement: Agreement | None


DEFAULT_START = dt.time(13, 0)


def _booked_or_held(pair: Pair) -> list[Meeting]:
    return list(
        Meeting.objects.filter(pair=pair)
        .exclude(status=Meeting.Status.CANCELLED)
        .only("kind", "status", "starts_at", "place")
        .order_by("starts_at")
    )


def _open_kinds(meetings: list[Meeting]) -> list[str]:
    """The kinds of meeting still open to the pair: the first one only before they have met
    or booked it (``rules.check_first`` says the same)."""
    kinds = [Meeting.Kind.REGULAR.value, Meeting.Kind.EVALUATION.value]
    if not any(m.status == Meeting.Status.HELD or m.kind == Meeting.Kind.FIRST for m in meetings):
        kinds.insert(0, Meeting.Kind.FIRST.value)
    return kinds


def propose_defaults(*, pair: Pair) -> ProposeDefaults:
    """What the new-meeting form starts with: the suggested day, the usual time and place,
    the programme's meeting length, and the kinds of meeting still open to the pair."""
    agreement = accepted_agreement(pair=pair)
    meetings = _booked_or_held(pair)
    last = meetings[-1] if meetings else None
    kinds = _open_kinds(meetings)
    suggested = suggest_next_date(
        pair=pair, agreement=agreement, last_start=last.starts_at if last else None
    )
    programme = pair.programme
    initial = {
        "kind": kinds[0],
        "date": suggested,
        "start_time": timezone.localtime(last.starts_at).time() if last else DEFAULT_START,
        "minutes": min(max(programme.meeting_minutes_max, 15), 180),
        "place": (agreement.usual_place if agreement else "") or (last.place if last else ""),
    }
    return ProposeDefaults(initial, kinds, suggested, agreement)


@dataclass(frozen=True)
class RecordDefaults:
    initial: dict
    kinds: list[str]
    themes: QuerySet[Theme]
    goals: QuerySet[Goal]


def record_defaults(*, pair: Pair) -> RecordDefaults:
    """What the form for a meeting held without booking starts with: today, the programme's
    meeting length, the usual place, the kinds still open, and the themes and goals a log
    may name (three queries)."""
    agreement = accepted_agreement(pair=pair)
    meetings = _booked_or_held(pair)
    kinds = _open_kinds(meetings)
    last_place = meetings[-1].place if meetings else ""
    initial = {
        "kind": kinds[0],
        "date": timezone.localdate(),
        "minutes": min(max(pair.programme.meeting_minutes_max, 15), 180),
        "place": (agreement.usual_place if agreement else "") or last_place,
    }
    goals = Goal.objects.filter(agreement__pair=pair, agreement__status=Agreement.Status.ACCEPTED)
    return RecordDefaults(initial, kinds, programme_themes(programme=pair.programme), goals)


def log_form_data(*, meeting: Meeting) -> tuple[MeetingLog | None, QuerySet[Theme], QuerySet]:
    """The meeting's log (if written), the programme's themes, and the goals of the accepted
    agreement (plus any goal the log already names from an earlier version)."""
    pair = meeting.pair
    log = MeetingLog.objects.filter(meeting=meeting).prefetch_related("themes", "goals").first()
    goals = Q(agreement__pair=pair, agreement__status=Agreement.Status.ACCEPTED)
    if log is not None:
        goals |= Q(pk__in=[g.pk for g in log.goals.all()])
    return log, programme_themes(programme=pair.programme), Goal.objects.filter(goals)


def meeting_history(*, meeting: Meeting) -> list:
    return list(meeting.changes.select_related("changed_by").order_by("created_at"))


def days_booked(programme) -> tuple[dt.date, dt.date] | None:
    """The first and last local day of the programme's planned and held meetings (one
    query). Registered with ``programmes.hooks``: a programme's dates cannot strand them."""
    span = Meeting.objects.filter(
        pair__programme=programme, status__in=(Meeting.Status.PLANNED, Meeting.Status.HELD)
    ).aggregate(first=Min("starts_at"), last=Max("ends_at"))
    if span["first"] is None:
        return None
    return timezone.localtime(span["first"]).date(), timezone.localtime(span["last"]).date()


def meetings_of_person(*, user) -> list[Meeting]:
    """The meetings of the person's pairs (published or later), with their changes and logs
    (the pair's shared record) and what each log touched: five queries."""
    return list(
        Meeting.objects.filter(member_q(user, via="pair__"))
        .select_related("log")
        .prefetch_related("changes", "log__themes", "log__goals")
        .order_by("starts_at", "pk")
    )
