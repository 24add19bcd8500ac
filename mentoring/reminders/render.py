"""Turning a Reminder row into an email, in the recipient's language.

Never puts what a pair wrote about a meeting (MeetingLog) into a message: the contexts
below hold names, times and links only.
"""

import hashlib
import uuid
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from mentoring.core.emails import build_email
from mentoring.meetings.ics import CANCEL, PUBLISH, REQUEST, meeting_ics
from mentoring.meetings.models import Meeting
from mentoring.meetings.signals import CALLED_OFF
from mentoring.pairs.models import Pair
from mentoring.path.kinds import Kind

from .selectors import SendBatch

TEMPLATES = {
    # The pairs part writes this template for its introductions; the same message.
    Kind.PAIR_PUBLISHED: "pair_published",
}


def pair_url(pair_id) -> str:
    return settings.SITE_URL + reverse("pairs:detail", kwargs={"pair_id": pair_id})


def approvals_url(programme_id) -> str:
    path = reverse("meetings:approvals", kwargs={"programme_id": programme_id})
    return settings.SITE_URL + path


def _time_to_approve(meeting) -> dict:
    """What a supervisor's email says about a meeting: its kind and time, never its place
    or anything the pair wrote (as on the approvals page)."""
    return {
        "kind": meeting.get_kind_display(),
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "minutes": meeting.planned_minutes,
        "moved": meeting.times_moved > 0,
    }


def message_id(dedupe_key: str) -> str:
    """The same reminder always has the same Message-ID: if a worker dies after the mail
    server accepted a message but before the row was marked, the second copy carries the
    same identity and mail stores treat it as the same message."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:40]
    host = urlparse(settings.SITE_URL).hostname or "mentorpolku.invalid"
    return f"<reminder.{digest}@{host}>"


def _member_context(reminder, pair: Pair) -> dict:
    me, other = (
        (pair.mentor, pair.actor)
        if pair.mentor.user_id == reminder.recipient_id
        else (pair.actor, pair.mentor)
    )
    return {
        "pair": pair,
        "me": me,
        "other": other,
        "my_role": "mentor" if me is pair.mentor else "actor",
        "programme": pair.programme,
        "LANGUAGE_CODE": reminder.recipient.language,
    }


def digest_items(reminder, batch) -> list[dict]:
    """The pairs of a digest that are still in a unit its recipient supervises now (she
    may have moved or stopped supervising since the digest was written)."""
    units = batch.supervised.get(reminder.recipient_id, set())
    items = []
    for entry in reminder.payload.get("pairs", []):
        pair = batch.pairs.get(uuid.UUID(str(entry["pair"])))
        if pair is not None and {pair.mentor.unit_id, pair.actor.unit_id} & units:
            items.append({"pair": pair, "reasons": entry["reasons"], "url": pair_url(pair.pk)})
    return items


def _change_context(reminder, batch: SendBatch) -> dict:
    """What a member's email about a meeting change says: what changed, who changed it (the
    other member, except when the pair's conclusion called the meeting off), the earlier time
    and the reason they gave the recipient (from the change this row is about)."""
    change = reminder.payload.get("change", "")
    sequence = reminder.payload.get("sequence", 0)
    history = batch.changes.get(reminder.meeting_id, [])
    record = history[sequence - 1] if 0 < sequence <= len(history) else None
    return {
        "change": change,
        "previous": record,
        "reason": record.reason if record is not None and change != CALLED_OFF else "",
    }


def context_for(reminder, batch: SendBatch) -> dict:
    """The template context, from what the send chunk read up front (no queries here)."""
    ctx: dict = {"recipient": reminder.recipient, "payload": reminder.payload}
    if reminder.kind == Kind.DIGEST:
        week = reminder.payload.get("week", "")
        return {**ctx, "items": digest_items(reminder, batch), "week": week}
    pair = batch.pairs[reminder.pair_id]
    ctx["url"] = pair_url(pair.pk)
    ctx["pair"] = pair
    ctx["programme"] = pair.programme
    if reminder.kind == Kind.BOOK_NEXT_SUPERVISOR:
        return ctx
    if reminder.kind == Kind.APPROVAL_WAITING:
        ctx["url"] = approvals_url(pair.programme_id)
        ctx["meeting"] = _time_to_approve(reminder.meeting)
        return ctx
    if reminder.kind == Kind.UNIT_MEETING_CANCELLED:
        ctx["meeting"] = _time_to_approve(reminder.meeting)
        ctx["called_off"] = reminder.payload.get("change") == CALLED_OFF
        return ctx
    ctx.update(_member_context(reminder, pair))
    if reminder.kind == Kind.PAIR_PUBLISHED:
        other = ctx["other"]
        ctx["other_title"] = batch.titles.get((other.user_id, other.unit_id), "")
    if reminder.meeting_id:
        ctx["meeting"] = reminder.meeting
    if reminder.kind == Kind.APPROVAL_DECIDED:
        decided_by = reminder.meeting.approval_by
        ctx["supervisor"] = decided_by.name if decided_by else _("Your supervisor")
    if reminder.kind == Kind.MEETING_CHANGED:
        ctx.update(_change_context(reminder, batch))
    if reminder.kind == Kind.EVALUATION_DUE:
        state = batch.states[reminder.pair_id]
        ctx["agreement"] = next((a for a in state.agreements if a.status == "accepted"), None)
    return ctx


def _calendar_method(reminder) -> str | None:
    """Which calendar file goes with the email, if any: the day-before reminder publishes
    the meeting; a change tells the member's calendar to update it, or to remove it once it
    is cancelled (the meeting as it is now: the row is sent only while no later change
    has superseded it)."""
    if not reminder.meeting_id:
        return None
    if reminder.kind == Kind.UPCOMING_MEETING:
        return PUBLISH
    if reminder.kind == Kind.MEETING_CHANGED:
        return CANCEL if reminder.meeting.status == Meeting.Status.CANCELLED else REQUEST
    return None


def build_message(reminder, *, batch: SendBatch, connection=None) -> EmailMultiAlternatives:
    """The email for ``reminder``: text + HTML, an .ics for a meeting, a stable Message-ID."""
    recipient = reminder.recipient
    name = TEMPLATES.get(reminder.kind, f"reminder_{reminder.kind}")
    with translation.override(recipient.language):
        context = context_for(reminder, batch)
        attachments = []
        method = _calendar_method(reminder)
        if method is not None:
            meeting = reminder.meeting
            meeting.pair = context["pair"]  # already loaded with its programme and people
            content = meeting_ics(meeting, recipient, method=method)
            # The method in the part's type too: mail clients show a REQUEST or CANCEL as an
            # update to apply rather than as a file (RFC 6047 2.4).
            mimetype = "text/calendar" if method == PUBLISH else f"text/calendar; method={method}"
            attachments.append(("meeting.ics", content, mimetype))
        message = build_email(
            name,
            to=recipient.email,
            language=recipient.language,
            context=context,
            attachments=attachments,
            headers={
                "Message-ID": message_id(reminder.dedupe_key),
                "X-Mentorpolku-Reminder": reminder.dedupe_key,
                "Auto-Submitted": "auto-generated",
                "Content-Language": recipient.language,
            },
        )
    message.connection = connection
    return message
