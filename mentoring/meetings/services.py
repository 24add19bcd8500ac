"""Meetings: propose, move, cancel, log, record; the supervisor approves or declines a time.

Transitions of ``Meeting.status``: planned → held (logged) | cancelled; a meeting held
without booking is recorded straight as held. A planned meeting can be moved (its history
goes to MeetingChange). ``Meeting.approval``: not_needed, or pending → approved | declined; a
move puts it back to pending where approval is required. A planned meeting is logged (held)
only with an approved time or one needing no approval; the supervisor may decide on a pending
time before or after it starts.
Every service locks the pair row (and checks under the lock that the pair is running), then
the meeting row: two requests cannot both change the same meeting, overlap checks run one at a
time, and no meeting changes once the pair has concluded — except the log: a concluded pair
still logs (and records) the meetings that started before it concluded, typically the
evaluation meeting at which it did, so that their time counts.
Proposals, moves and cancellations send ``signals.meeting_changed`` inside their transaction
(the reminders part tells the other member, with a calendar update).
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.agreements.models import Goal
from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from mentoring.pairs.models import Pair
from mentoring.pairs.signals import pair_changed
from mentoring.programmes.access import user_supervises
from mentoring.programmes.models import Theme

from . import rules, signals
from .models import Meeting, MeetingChange, MeetingLog


def _approval_for(pair: Pair) -> str:
    if pair.programme.approval_required:
        return Meeting.Approval.PENDING
    return Meeting.Approval.NOT_NEEDED


def _lock_pair(pair: Pair) -> tuple[str, dt.datetime | None]:
    """Lock the pair row; its status and when it concluded, as read under the lock."""
    return Pair.objects.select_for_update().values_list("status", "concluded_at").get(pk=pair.pk)


def _lock_running_pair(pair: Pair) -> None:
    """Lock the pair row and check, under the lock, that the pair is running.

    Every service here starts with it (the pair first, then the meeting): proposals and moves
    check for overlapping meetings of the pair one after the other (locking only the moved
    meeting would let a proposal and a move take the same time), and nothing changes a
    meeting of a pair the evaluation is concluding at the same moment."""
    status, _concluded_at = _lock_pair(pair)
    rules.check_running(status)


def _lock(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock; the caller's copy may be stale."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.pair = meeting.pair
    return locked


def _changed(meeting: Meeting, change: str, by) -> None:
    """Tell the parts above (inside the caller's transaction) that the meeting changed."""
    signals.meeting_changed.send(sender=Meeting, meeting=meeting, change=change, by=by)
    _path_changed(meeting)


def _path_changed(meeting: Meeting) -> None:
    """The pair's path depends on its meetings: its reminders are looked at again."""
    pair_changed.send(sender=Meeting, pair_id=meeting.pair_id)


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
    starts_at, ends_at = rules.in_utc(starts_at), rules.in_utc(ends_at)
    rules.check_member(pair, by)
    if kind not in Meeting.Kind.values:
        raise DomainError(_("Choose the kind of meeting."), field="kind")
    with transaction.atomic():
        _lock_running_pair(pair)
        rules.check_first(pair, kind)
        rules.check_time(pair, starts_at, ends_at)
        rules.check_no_overlap(pair, starts_at, ends_at)
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
    starts_at, ends_at = rules.in_utc(starts_at), rules.in_utc(ends_at)
    pair = meeting.pair
    rules.check_member(pair, by)
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
        rules.check_time(pair, starts_at, ends_at)
        rules.check_no_overlap(pair, starts_at, ends_at, exclude=meeting)
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
    rules.check_member(pair, by)
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


def _write_log(meeting, log, *, themes, goals, progress: str, notes: str, by) -> MeetingLog:
    if log is None:
        log = MeetingLog(meeting=meeting)
    log.progress, log.notes, log.written_by = progress.strip(), notes.strip(), by
    log.save()
    log.themes.set(themes)
    log.goals.set(goals)
    return log


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
    in this log, when a later version of the agreement replaced them). A concluded pair still
    logs the meetings that started before it concluded."""
    pair = meeting.pair
    rules.check_member(pair, by)
    rules.check_held_minutes(minutes)
    themes, goals = list(themes), list(goals)
    with transaction.atomic():
        status, concluded_at = _lock_pair(pair)
        meeting = _lock(meeting)
        rules.check_loggable_then(status, concluded_at, meeting.starts_at)
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
        log = MeetingLog.objects.filter(meeting=meeting).first()
        rules.check_log_choices(pair, themes, goals, log)
        first_time = meeting.status == Meeting.Status.PLANNED
        log = _write_log(
            meeting, log, themes=themes, goals=goals, progress=progress, notes=notes, by=by
        )
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
        _path_changed(meeting)
    return log


def meeting_record(
    *,
    pair: Pair,
    kind: str,
    starts_at: dt.datetime,
    minutes: int,
    place: str = "",
    themes: Iterable[Theme] = (),
    goals: Iterable[Goal] = (),
    progress: str = "",
    notes: str = "",
    by,
) -> Meeting:
    """Record a meeting that took place without being booked (care workers often meet at a
    shift change): it is created held, with its log, in one step, and counts like any held
    meeting.

    1. Check who records, the kind and the length (before any date arithmetic: a length
       like 2**63 minutes is refused, not overflowed).
    2. Lock the pair: it is running, or it concluded after the meeting started.
    3. The time has passed, within the programme and the pair's life, and no other meeting
       of the pair (booked or held; not a declined time) overlaps it: that one is logged
       instead, never twice.
    4. Create the meeting held and its log; audit it (the length, never what was said).

    Where the programme asks the supervisor to approve meeting times, a recorded meeting
    asks for none (its approval is "not needed"): approval fits a time to the shift roster
    before it is spent, and this time already was. Refusing it would leave working time that
    can never be logged; the supervisor sees it as held, like any held meeting, and the audit
    log says it was recorded afterwards."""
    starts_at = rules.in_utc(starts_at)
    rules.check_member(pair, by)
    if kind not in Meeting.Kind.values:
        raise DomainError(_("Choose the kind of meeting."), field="kind")
    rules.check_held_minutes(minutes)
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    themes, goals = list(themes), list(goals)
    with transaction.atomic():
        status, concluded_at = _lock_pair(pair)
        if status != Pair.Status.CONCLUDED or concluded_at is None:
            rules.check_running(status)
        # (for a concluded pair, check_time_passed says the time must be before it concluded)
        rules.check_first(pair, kind)
        rules.check_time_passed(pair, starts_at, ends_at, concluded_at)
        # A time the supervisor declined is no meeting (it cannot be held or logged), so it
        # does not stand in the way; a pending one does, until the supervisor decides.
        clash = Meeting.objects.filter(
            pair=pair,
            status__in=(Meeting.Status.PLANNED, Meeting.Status.HELD),
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        ).exclude(approval=Meeting.Approval.DECLINED)
        if clash.exists():
            raise DomainError(
                _(
                    "You already have a meeting at that time. Log it (or edit its log) on "
                    "the meetings page instead."
                ),
                field="start_time",
            )
        rules.check_log_choices(pair, themes, goals, None)
        now = timezone.now()
        meeting = Meeting.objects.create(
            pair=pair,
            kind=kind,
            status=Meeting.Status.HELD,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            approval=Meeting.Approval.NOT_NEEDED,
            proposed_by=by,
            held_minutes=minutes,
            logged_at=now,
        )
        _write_log(meeting, None, themes=themes, goals=goals, progress=progress, notes=notes, by=by)
        audit_log(
            actor=by,
            action="meeting.record",
            obj=meeting,
            kind=kind,
            minutes=minutes,
            approval_required=pair.programme.approval_required,
            **_times(meeting),
        )
        _path_changed(meeting)
    return meeting


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
        _path_changed(meeting)
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
