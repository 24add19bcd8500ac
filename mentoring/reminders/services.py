"""Writes of the reminders part: the rows (for the sweep, pair publishing and meeting changes),
a user's preferences and the admin's retry. The sweep is in ``sweep.py``, queueing in
``queueing.py``, sending in ``sending.py``."""

import datetime as dt
import json

from django.db import connection, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from mentoring.meetings import signals as meeting_signals
from mentoring.meetings.models import Meeting
from mentoring.pairs.access import pairs_of_member
from mentoring.pairs.models import Pair
from mentoring.path.kinds import Kind
from mentoring.path.situations import published_key

from .due import Candidate, schedule
from .kinds import OPTIONAL, wants
from .models import Reminder
from .queueing import queue_on_commit
from .selectors import supervisors_by_unit


def pairs_look_again(*, pair_ids) -> None:
    """Make the sweep look at these pairs at its next run: something their path depends on
    changed (``pairs.signals.pair_changed``, received inside the service's transaction, so
    the mark stands or falls with the change)."""
    Pair.objects.filter(pk__in=pair_ids).update(next_change_at=None)


_NEXT_CHANGE_POSTGRES = """
    UPDATE {table} AS p SET {column} = v.moment
    FROM unnest(%s::uuid[], %s::timestamptz[]) AS v(id, moment)
    WHERE p.{pk} = v.id
"""


def pairs_next_change(*, moments: dict) -> None:
    """Store pair id → the next moment the sweep must look at it (None: only after a
    change). The sweep calls it with the pair rows locked. One statement on Postgres (the
    values as two arrays); elsewhere one prepared statement run for each pair."""
    if not moments:
        return
    meta = Pair._meta
    field = meta.get_field("next_change_at")
    table, column = (
        connection.ops.quote_name(meta.db_table),
        connection.ops.quote_name("next_change_at"),
    )
    pk = connection.ops.quote_name(meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = _NEXT_CHANGE_POSTGRES.format(table=table, column=column, pk=pk)
            cursor.execute(sql, [list(moments), list(moments.values())])
            return
        cursor.executemany(
            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",
            [
                (
                    field.get_db_prep_value(moment, connection),
                    meta.pk.get_db_prep_value(pair_id, connection),
                )
                for pair_id, moment in moments.items()
            ],
        )


# Postgres: the rows as one array per column, one statement for any number of rows (the ORM's
# insert prepares every value of every row in Python, most of the first sweep's time).
_INSERT_POSTGRES = """
    INSERT INTO {table} ({columns}, state, attempts, last_error, created_at)
    SELECT v.*, %s, 0, '', %s
    FROM unnest(
        %s::text[], %s::bigint[], %s::uuid[], %s::uuid[], %s::text[], %s::jsonb[],
        %s::timestamptz[], %s::timestamptz[]
    ) AS v
    ON CONFLICT ({key}) DO NOTHING
"""
_COLUMNS = (
    "kind",
    "recipient_id",
    "pair_id",
    "meeting_id",
    "dedupe_key",
    "payload",
    "due_at",
    "next_try_at",
)


def _insert_postgres(candidates: list[Candidate]) -> int:
    quote = connection.ops.quote_name
    sql = _INSERT_POSTGRES.format(
        table=quote(Reminder._meta.db_table),
        columns=", ".join(quote(c) for c in _COLUMNS),
        key=quote("dedupe_key"),
    )
    params = [
        Reminder.State.PENDING,
        timezone.now(),
        [c.kind for c in candidates],
        [c.recipient_id for c in candidates],
        [c.pair_id for c in candidates],
        [c.meeting_id for c in candidates],
        [c.dedupe_key for c in candidates],
        [json.dumps(c.payload) for c in candidates],
        [c.due_at for c in candidates],
        [c.due_at for c in candidates],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount  # ON CONFLICT DO NOTHING: only the rows inserted


def _insert_orm(candidates: list[Candidate]) -> int:
    rows = [
        Reminder(
            kind=c.kind,
            recipient_id=c.recipient_id,
            pair_id=c.pair_id,
            meeting_id=c.meeting_id,
            dedupe_key=c.dedupe_key,
            payload=c.payload,
            due_at=c.due_at,
            next_try_at=c.due_at,
        )
        for c in candidates
    ]
    # bulk_create(ignore_conflicts=True) does not say which rows it inserted; the insert
    # underneath it does, with RETURNING (SQLite 3.35+): INSERT OR IGNORE returns only the
    # rows it wrote.
    fields = [f for f in Reminder._meta.concrete_fields if not f.primary_key]
    size = min(2000, connection.ops.bulk_batch_size(fields, rows))
    written = 0
    for start in range(0, len(rows), size):
        returned = Reminder.objects._insert(
            rows[start : start + size],
            fields=fields,
            on_conflict=OnConflict.IGNORE,
            returning_fields=[Reminder._meta.pk],
        )
        written += sum(row is not None for row in returned)  # a lone ignored row: [None]
    return written


def write_candidates(candidates: list[Candidate]) -> int:
    """Insert the candidates that have no row yet; returns how many rows this call wrote.

    One statement, ``ON CONFLICT DO NOTHING`` on the unique key: a key that has a row
    already (a pair looked at again after a change), or that a sweep running at the same
    moment inserts first, is left out, and only the rows the database reports as inserted
    are counted.
    """
    by_key = list({c.dedupe_key: c for c in candidates}.values())
    if not by_key:
        return 0
    if connection.vendor == "postgresql":
        return _insert_postgres(by_key)
    return _insert_orm(by_key)


def _write_and_queue(candidates: list[Candidate], now: dt.datetime) -> list[int]:
    """Write the rows in the caller's transaction; queue those due now after its commit."""
    write_candidates(candidates)
    ids = list(
        Reminder.objects.filter(
            dedupe_key__in=[c.dedupe_key for c in candidates],
            state=Reminder.State.PENDING,
            next_try_at__lte=now,
        ).values_list("id", flat=True)
    )
    queue_on_commit(ids)
    return ids


def change_key(meeting: Meeting, change: str, user_id) -> str:
    """One message per meeting, change, version of the meeting and recipient: the same
    change is never told twice, and each move has a key of its own."""
    return f"{Kind.MEETING_CHANGED}:{meeting.pk}:{change}:{meeting.sequence}:{user_id}"


def unit_cancel_key(meeting: Meeting, user_id) -> str:
    return f"{Kind.UNIT_MEETING_CANCELLED}:{meeting.pk}:{meeting.sequence}:{user_id}"


# A cancelled time the supervisors were asked about, or had approved: off their roster now.
_ON_THE_ROSTER = (Meeting.Approval.PENDING, Meeting.Approval.APPROVED)


def reminders_for_meeting_change(
    *, meeting: Meeting, change: str, by, now: dt.datetime | None = None
) -> list[int]:
    """Tell those a meeting change concerns, in the caller's transaction (queued after commit).

    - The other member (the one who did not act) hears of a proposal, a move or a
      cancellation, with the calendar update; when the pair concluded with the meeting still
      booked, both members do (neither cancelled it themselves).
    - The supervisors of the members' units, where the programme asks for approval, hear of
      a cancelled time that was waiting for them or approved. Proposals and moves reach them
      as ``approval_waiting`` from the sweep; decisions reach the pair as
      ``approval_decided``: neither is written twice here.
    """
    now = now or timezone.now()
    pair = Pair.objects.select_related("programme", "mentor__user", "actor__user").get(
        pk=meeting.pair_id
    )
    due_at = schedule(now, now)
    payload = {"change": change, "sequence": meeting.sequence, "by": getattr(by, "pk", None)}
    members = [pair.mentor.user, pair.actor.user]
    if change != meeting_signals.CALLED_OFF:
        members = [user for user in members if user.pk != payload["by"]]
    candidates = [
        Candidate(
            kind=Kind.MEETING_CHANGED,
            recipient_id=user.pk,
            dedupe_key=change_key(meeting, change, user.pk),
            due_at=due_at,
            pair_id=pair.pk,
            meeting_id=meeting.pk,
            payload=payload,
        )
        for user in members
        if user.is_active
    ]
    cancelled = change in (meeting_signals.CANCELLED, meeting_signals.CALLED_OFF)
    if cancelled and pair.programme.approval_required and meeting.approval in _ON_THE_ROSTER:
        member_ids = {pair.mentor.user_id, pair.actor.user_id}
        units = {pair.mentor.unit_id, pair.actor.unit_id}
        told = set()
        for people in supervisors_by_unit(unit_ids=units).values():
            for person in people:
                if person.user_id in member_ids | told or not person.active:
                    continue
                if not wants(person.muted, Kind.UNIT_MEETING_CANCELLED):
                    continue
                told.add(person.user_id)
                candidates.append(
                    Candidate(
                        kind=Kind.UNIT_MEETING_CANCELLED,
                        recipient_id=person.user_id,
                        dedupe_key=unit_cancel_key(meeting, person.user_id),
                        due_at=due_at,
                        pair_id=pair.pk,
                        meeting_id=meeting.pk,
                        payload=payload,
                    )
                )
    return _write_and_queue(candidates, now)


def reminders_for_pair_published(*, pair, now: dt.datetime | None = None) -> list[int]:
    """Write the 'you have a pair' reminders of both members in the caller's transaction
    and queue them after commit. Called when ``pairs.signals.pair_published`` is sent
    (``receivers.py``)."""
    now = now or timezone.now()
    members = [pair.mentor.user, pair.actor.user]
    candidates = [
        Candidate(
            kind=Kind.PAIR_PUBLISHED,
            recipient_id=user.pk,
            dedupe_key=published_key(pair.pk, user.pk),
            due_at=schedule(now, now),
            pair_id=pair.pk,
        )
        for user in members
        if user.is_active
    ]
    return _write_and_queue(candidates, now)


def reminder_preferences_update(*, user, enabled: list[str], offered: list[str], by) -> None:
    """Turn the optional kinds in ``offered`` on (those in ``enabled``) or off.

    Kinds not offered to this user keep their setting; essentials cannot be turned off.
    """
    if user.pk != by.pk:
        raise DomainError(_("You can change only your own reminders."))
    unknown = set(enabled) - set(offered)
    if unknown or not set(offered) <= OPTIONAL:
        raise DomainError(_("This reminder cannot be turned off."), field="enabled")
    muted = [k for k in user.muted_reminders or [] if k in OPTIONAL and k not in offered]
    muted += [k for k in offered if k not in enabled]
    muted = sorted(set(muted))
    with transaction.atomic():
        before = sorted(user.muted_reminders or [])
        user.muted_reminders = muted
        user.save(update_fields=["muted_reminders"])
        if before != muted:
            audit_log(actor=by, action="reminders.preferences", obj=user, muted=muted)
            # A kind turned back on is due at once where the pair's situation calls for it.
            pairs_look_again(pair_ids=pairs_of_member(user=user).values("pk"))


def reminders_retry(*, ids: list[int], by) -> int:
    """Give failed reminders a new round of tries (the admin's action)."""
    now = timezone.now()
    with transaction.atomic():
        retry = list(
            Reminder.objects.filter(id__in=ids, state=Reminder.State.FAILED).values_list(
                "id", flat=True
            )
        )
        Reminder.objects.filter(id__in=retry).update(
            state=Reminder.State.PENDING, attempts=0, next_try_at=now, queued_at=None
        )
        for reminder_id in retry:
            audit_log(actor=by, action="reminder.retry", obj=Reminder(pk=reminder_id))
        queue_on_commit(retry)
    return len(retry)
