"""Reminders are data: one row per message, written by the sweep under a unique key.

A row goes pending → sending (claimed with a lease) → sent, or back to pending with a later
``next_try_at`` after a failure, and finally failed after too many tries. A row whose
reason disappeared before sending (the meeting was logged, the pair concluded, the user
turned the kind off) ends as skipped.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.core.limits import ERROR_TEXT_LENGTH, text_limit
from mentoring.path.kinds import Kind


class Reminder(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("no longer needed")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    pair = models.ForeignKey(
        "pairs.Pair", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    # What makes the message unique: kind, subject, occasion and recipient.
    dedupe_key = models.CharField(_("key"), max_length=200, unique=True)
    # Extra facts fixed when the row was written (the digest's list of pairs).
    payload = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    due_at = models.DateTimeField(_("due"))
    next_try_at = models.DateTimeField(_("next try"))
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    # Set by the database's clock (every worker agrees on it, whatever its own clock says).
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    # Which claim holds the row: a worker marks it sent only while its own claim holds.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), max_length=ERROR_TEXT_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-due_at"]
        indexes = [
            # The sweep's doorbell: pending rows whose time has come.
            models.Index(
                fields=["next_try_at"],
                condition=Q(state="pending"),
                name="reminder_pending_next_try",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=Q(state="sending"),
                name="reminder_sending_claimed",
            ),
        ]
        constraints = [
            text_limit(
                field="last_error", limit=ERROR_TEXT_LENGTH, name="reminder_last_error_length"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sending", "sent", "failed", "skipped"]),
                name="reminder_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="reminder_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="sending") | Q(claimed_at__isnull=False),
                name="reminder_sending_is_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id} ({self.state})"


class DigestRun(models.Model):
    """Marks a week whose supervisor digests have been written (so a missed Monday beat is
    caught up by the next sweep, and a second beat writes nothing)."""

    week = models.CharField(max_length=10, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest run")
        verbose_name_plural = _("weekly digest runs")

    def __str__(self) -> str:
        return self.week


class MailPause(models.Model):
    """Sending paused because the mail server refused many different recipients in a short
    time (its fault, not theirs: a circuit breaker). While ``until`` is ahead nothing is
    sent and the reminders stay pending; then one message is tried (the probe), and the
    pause ends (``ended_at``) when the server takes it, or lasts another while."""

    started_at = models.DateTimeField(_("pause began"), auto_now_add=True)
    until = models.DateTimeField(_("next try"))
    ended_at = models.DateTimeField(_("resumed"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=ERROR_TEXT_LENGTH, blank=True)

    class Meta:
        verbose_name = _("pause in sending")
        verbose_name_plural = _("pauses in sending")
        ordering = ["-started_at"]
        constraints = [
            text_limit(field="reason", limit=ERROR_TEXT_LENGTH, name="mail_pause_reason_length"),
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} – {self.ended_at or '…'}"
