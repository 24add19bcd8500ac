"""Meetings: propose, move, cancel, log; the supervisor approves or declines a time.

Transitions of ``Meeting.status``: planned → held (logged) | cancelled. A planned meeting can
be moved (its history goes to MeetingChange). ``Meeting.approval``: not_needed, or
pending → approved | declined; a move puts it back to pending where approval is required.
A planned meeting is logged (held) only with an approved time or one needing no approval; the
supervisor may decide on a pending time before or after it starts.
Every service locks the pair row (and checks under the lock that the pair is running), then
the meeting row: two requests cannot both change the same meeting, overlap checks run one at a
time, and no meeting changes once the pair has concluded.
Proposals, moves and cancellations send ``signals.meeting_changed`` inside their transaction
(the reminders part tells the other member, with a calendar update).
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentoring.agreements.models import Agreement, Goal
from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from mentoring.pairs.access import member_role
from mentoring.pairs.models import Pair
from mentoring.programmes.access import user_supervises
from mentoring.programmes.models import Theme

from . import signals
from .models import Meeting, MeetingChange, MeetingLog
from .selectors import programme_themes

MIN_MINUTES, MAX_MINUTES = 15, 180
MAX_HELD_MINUTES = 240


def _check_member(pair: Pair, by) -> None:
    if member_role(pair=pair, user=by) is None:
        raise DomainError(_("Only the pair's own members can do this."))


def _check_running(status: str) -> None:
    """The one rule for every meeting service: meetings are planned, moved, cancelled, logged
    and decided on only while the pair is running (``Pair.RUNNING``)."""
    if status == Pair.Status.CONCLUDED:
        raise DomainError(
            _("This mentoring has concluded: its meetings can no longer be changed or logged.")
        )
    if status not in Pair.RUNNING:
        raise DomainError(_("Meetings can be planned only while the pair is running."))


def _absolute(moment: dt.datetime) -> dt.datetime:
    """In UTC, so lengths and comparisons are in real time: Python compares and subtracts
    datetimes that share a tzinfo by their wall clocks, which is wrong across a clock change."""
    if timezone.is_naive(moment):
        raise DomainError(_("Choose the day and the time."), field="date")
    return moment.astimezone(dt.UTC)


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _check_time(pair: Pair, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise DomainError(_("The meeting must end after it starts."), field="minutes")
    minutes = (ends_at - starts_at).total_seconds() / 60
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise DomainError(
            _("A meeting lasts from %(min)s to %(max)s minutes.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES},
            field="minutes",
        )
    if starts_at <= timezone.now():
        raise DomainError(_("Choose a time that is still ahead."), field="date")
    programme = pair.programme
    # Compared as moments from the programme's (bounded) days, never by turning the given
    # times into local days: a time near the year 9999 has no local day to turn into.
    opens = _local_midnight(programme.starts_on)
    closes = _local_midnight(programme.ends_on + dt.timedelta(days=1))
    if starts_at < opens or ends_at >= closes:
        raise DomainError(
            _("Choose a day within the programme, %(start)s–%(end)s.")
            % {
                "start": date_format(programme.starts_on, "SHORT_DATE_FORMAT"),
                "end": date_format(programme.ends_on, "SHORT_DATE_FORMAT"),
            },
            field="date",
        )


def _check_no_overlap(pair: Pair, starts_at, ends_at, *, exclude=None) -> None:
    clash = Meeting.objects.filter(
        pair=pair,
        status=Meeting.Status.PLANNED,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise DomainError(_("You already have a meeting at that time."), field="start_time")


def _approval_for(pair: Pair) -> str:
    if pair.programme.approval_required:
        return Meeting.Approval.PENDING
    return Meeting.Approval.NOT_NEEDED


def _lock_running_pair(pair: Pair) -> None:
    """Lock the pair row and check, under the lock, that the pair is running.

    Every service here starts with it (the pair first, then the meeting): proposals and moves
    check for overlapping meetings of the pair one after the other (locking only the moved
    meeting would let a proposal and a move take the same time), and nothing changes a
    meeting of a pair the evaluation is concluding at the same moment."""
    status = Pair.objects.select_for_update().values_list("status", flat=True).get(pk=pair.pk)
    _check_running(status)


def _lock(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock; the caller's copy may be stale."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.pair = meeting.pair
    return locked


def _changed(meeting: Meeting, change: str, by) -> None:
    """Tell the parts above (inside the caller's transaction) that the meeting changed."""
    signals.meeting_changed.send(sender=Meeting, meeting=meeting, change=change, by=by)


def _times(meeting: Meeting) -> dict:
    return {"starts_at": meeting.starts_at.isoformat(), "ends_at": meeting.ends_at.isoformat()}


def meeting_propose(
    *,
    pair: Pair,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    by,
) -> Meeting:
    """A member proposes a meeting time; it waits for approval where the programme says so."""
    starts_at, ends_at = _absolute(starts_at), _absolute(ends_at)
    _check_member(pair, by)
    if kind not in Meeting.Kind.values:
        raise DomainError(_("Choose the kind of meeting."), field="kind")
    with transaction.atomic():
        _lock_running_pair(pair)
        if kind == Meeting.Kind.FIRST:
            earlier = Meeting.objects.filter(pair=pair).exclude(status=Meeting.Status.CANCELLED)
            if earlier.filter(status=Meeting.Status.HELD).exists():
                raise DomainError(
                    _("You have already met: choose a regular or an evaluation meeting."),
                    field="kind",
                )
            if earlier.filter(kind=Meeting.Kind.FIRST).exists():
                raise DomainError(
                    _("Your first meeting is already planned. Move it if the time changes."),
                    field="kind",
                )
        _check_time(pair, starts_at, ends_at)
        _check_no_overlap(pair, starts_at, ends_at)
        meeting = Meeting.objects.create(
            pair=pair,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            approval=_approval_for(pair),
            proposed_by=by,
        )
        audit_log(
            actor=by,
            action="meeting.propose",
            obj=meeting,
            kind=kind,
            approval=meeting.approval,
            **_times(meeting),
        )
        _changed(meeting, signals.PROPOSED, by)
    return meeting


def meeting_move(
    *,
    meeting: Meeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    reason: str,
    by,
) -> Meeting:
    """Move a planned meeting. The old time is kept in the history; the new time needs
    approval again where the programme asks for it."""
    starts_at, ends_at = _absolute(starts_at), _absolute(ends_at)
    pair = meeting.pair
    _check_member(pair, by)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Tell the other person why the meeting moves."), field="reason")
    with transaction.atomic():
        _lock_running_pair(pair)  # always the pair first, then the meeting
        meeting = _lock(meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise DomainError(_("Only a planned meeting can be moved."))
        if (starts_at, ends_at) == (meeting.starts_at, meeting.ends_at):
            raise DomainError(_("The new time is the same as the current one."), field="date")
        _check_time(pair, starts_at, ends_at)
        _check_no_overlap(pair, starts_at, ends_at, exclude=meeting)
        MeetingChange.objects.create(
            meeting=meeting,
            old_starts_at=meeting.starts_at,
            old_ends_at=meeting.ends_at,
            new_starts_at=starts_at,
            new_ends_at=ends_at,
            reason=reason,
            changed_by=by,
        )
        meeting.starts_at, meeting.ends_at, meeting.place = starts_at, ends_at, place.strip()
        meeting.times_moved += 1
        meeting.approval = _approval_for(pair)
        meeting.approval_comment, meeting.approval_by, meeting.approval_at = "", None, None
        meeting.save()
        audit_log(
            actor=by,
            action="meeting.move",
            obj=meeting,
            times_moved=meeting.times_moved,
            approval=meeting.approval,
            **_times(meeting),
        )
        _changed(meeting, signals.MOVED, by)
    return meeting


def meeting_cancel(*, meeting: Meeting, reason: str, by) -> Meeting:
    pair = meeting.pair
    _check_member(pair, by)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Tell the other person why the meeting is cancelled."), field="reason")
    with transaction.atomic():
        _lock_running_pair(pair)
        meeting = _lock(meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise DomainError(_("Only a planned meeting can be cancelled."))
        MeetingChange.objects.create(
            meeting=meeting,
            old_starts_at=meeting.starts_at,
            old_ends_at=meeting.ends_at,
            reason=reason,
            changed_by=by,
        )
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancel_reason = reason
        meeting.save(update_fields=["status", "cancel_reason"])
        audit_log(actor=by, action="meeting.cancel", obj=meeting)
        _changed(meeting, signals.CANCELLED, by)
    return meeting


def meeting_log(
    *,
    meeting: Meeting,
    minutes: int,
    themes: Iterable[Theme] = (),
    goals: Iterable[Goal] = (),
    progress: str = "",
    notes: str = "",
    by,
) -> MeetingLog:
    """Record (or correct) what happened in a meeting: it becomes held.

    Themes must be the programme's; goals must belong to the accepted agreement (or already be
    in this log, when a later version of the agreement replaced them)."""
    pair = meeting.pair
    _check_member(pair, by)
    if not isinstance(minutes, int) or not 0 < minutes <= MAX_HELD_MINUTES:
        raise DomainError(
            _("Give the length in minutes, from 1 to %(max)s.") % {"max": MAX_HELD_MINUTES},
            field="minutes",
        )
    themes, goals = list(themes), list(goals)
    with transaction.atomic():
        _lock_running_pair(pair)
        meeting = _lock(meeting)
        if meeting.status == Meeting.Status.CANCELLED:
            raise DomainError(_("A cancelled meeting cannot be logged."))
        if meeting.starts_at > timezone.now():
            raise DomainError(_("You can log a meeting once it has started."))
        if meeting.status == Meeting.Status.PLANNED:
            if meeting.approval == Meeting.Approval.DECLINED:
                raise DomainError(
                    _("The supervisor declined this time. Move or cancel the meeting instead.")
                )
            if meeting.approval == Meeting.Approval.PENDING:
                # Only an approved time counts as working time (and in the pair's hours).
                raise DomainError(
                    _(
                        "Your supervisor has not approved this meeting time yet. You can log "
                        "the meeting once the time is approved."
                    )
                )
        allowed_themes = set(
            programme_themes(programme=pair.programme).values_list("pk", flat=True)
        )
        if any(t.pk not in allowed_themes for t in themes):
            raise DomainError(_("Choose themes of this programme."), field="themes")
        log = MeetingLog.objects.filter(meeting=meeting).first()
        allowed_goals = set(
            Goal.objects.filter(
                agreement__pair=pair, agreement__status=Agreement.Status.ACCEPTED
            ).values_list("pk", flat=True)
        )
        if log is not None:
            allowed_goals |= set(log.goals.values_list("pk", flat=True))
        if any(g.pk not in allowed_goals for g in goals):
            raise DomainError(_("Choose goals of your agreement."), field="goals")
        first_time = meeting.status == Meeting.Status.PLANNED
        if log is None:
            log = MeetingLog(meeting=meeting)
        log.progress, log.notes, log.written_by = progress.strip(), notes.strip(), by
        log.save()
        log.themes.set(themes)
        log.goals.set(goals)
        meeting.status = Meeting.Status.HELD
        meeting.held_minutes = minutes
        if first_time:
            meeting.logged_at = timezone.now()
        meeting.save(update_fields=["status", "held_minutes", "logged_at"])
        # Only the length goes to the audit log: what was said stays with the pair.
        audit_log(
            actor=by,
            action="meeting.log" if first_time else "meeting.log_update",
            obj=meeting,
            minutes=minutes,
        )
    return log


def _check_supervisor(meeting: Meeting, by) -> None:
    if not user_supervises(user=by, programme=meeting.pair.programme):
        raise DomainError(_("Only a supervisor of the programme can decide on meeting times."))


def _decide(*, meeting: Meeting, approval: str, comment: str, by) -> Meeting:
    _check_supervisor(meeting, by)
    with transaction.atomic():
        _lock_running_pair(meeting.pair)
        meeting = _lock(meeting)
        if meeting.status != Meeting.Status.PLANNED or meeting.approval != Meeting.Approval.PENDING:
            raise DomainError(_("This meeting time is no longer waiting for a decision."))
        # A time that has already passed can still be decided: the pair cannot log the
        # meeting until it is approved, and a declined one is never counted.
        meeting.approval = approval
        meeting.approval_comment = comment
        meeting.approval_by = by
        meeting.approval_at = timezone.now()
        meeting.save(update_fields=["approval", "approval_comment", "approval_by", "approval_at"])
        audit_log(actor=by, action=f"meeting.{approval}", obj=meeting, **_times(meeting))
    return meeting


def meeting_approve(*, meeting: Meeting, comment: str = "", by) -> Meeting:
    """The supervisor agrees that the time fits the roster."""
    return _decide(
        meeting=meeting, approval=Meeting.Approval.APPROVED, comment=comment.strip(), by=by
    )


def meeting_decline(*, meeting: Meeting, comment: str, by) -> Meeting:
    """The supervisor declines the time and tells the pair why (a comment is required)."""
    comment = comment.strip()
    if not comment:
        raise DomainError(
            _("Tell the pair why the time does not fit, so they can find a better one."),
            field="comment",
        )
    return _decide(meeting=meeting, approval=Meeting.Approval.DECLINED, comment=comment, by=by)


def meetings_cancel_for_concluded(*, pair, by) -> int:
    """Call off the meetings a pair still has booked when it concludes (called by the
    evaluations part inside its transaction). Returns how many were called off."""
    reason = _("The pair concluded its mentoring.")
    booked = list(
        Meeting.objects.select_for_update().filter(
            pair=pair, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()
        )
    )
    for meeting in booked:
        MeetingChange.objects.create(
            meeting=meeting,
            old_starts_at=meeting.starts_at,
            old_ends_at=meeting.ends_at,
            reason=reason,
            changed_by=by,
        )
        meeting.status, meeting.cancel_reason = Meeting.Status.CANCELLED, reason
        meeting.save(update_fields=["status", "cancel_reason"])
        audit_log(actor=by, action="meeting.cancel", obj=meeting, why="pair concluded")
        _changed(meeting, signals.CALLED_OFF, by)
    return len(booked)
