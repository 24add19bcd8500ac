from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mentoring.core.limits import NOTE_LENGTH, text_limit
from mentoring.core.models import UUIDModel


class Meeting(UUIDModel):
    """A meeting of a pair. What the supervisor may see lives here (kind, times, state,
    held minutes); what was said lives in ``MeetingLog``, which only the pair may read."""

    class Kind(models.TextChoices):
        FIRST = "first", _("first meeting")
        REGULAR = "regular", _("meeting")
        EVALUATION = "evaluation", _("evaluation meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class Approval(models.TextChoices):
        NOT_NEEDED = "not_needed", _("no approval needed")
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    pair = models.ForeignKey(
        "pairs.Pair", verbose_name=_("pair"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.REGULAR)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    approval = models.CharField(
        _("approval"), max_length=12, choices=Approval.choices, default=Approval.NOT_NEEDED
    )
    approval_comment = models.CharField(_("supervisor's comment"), max_length=300, blank=True)
    approval_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approval_at = models.DateTimeField(_("decided"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Times moved: how many times (the history is in MeetingChange).
    times_moved = models.PositiveSmallIntegerField(default=0)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    held_minutes = models.PositiveSmallIntegerField(_("duration (min)"), null=True, blank=True)
    logged_at = models.DateTimeField(_("logged"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            # A pair's planned or held meetings in time order (the path, the next meeting on the
            # board, dashboard and approvals): a lookup per pair, whatever the organisation's
            # size; without it the database read every future meeting of all pairs (issue 13).
            models.Index(fields=["pair", "status", "starts_at"], name="meeting_pair_status_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="held", held_minutes__gt=0) | ~Q(status="held"),
                name="meeting_held_has_duration",
            ),
            models.CheckConstraint(
                condition=Q(held_minutes__isnull=True) | Q(held_minutes__lte=240),
                name="meeting_held_minutes_max",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="meeting_cancel_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(approval="declined") | ~Q(approval_comment=""),
                name="meeting_decline_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def planned_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def sequence(self) -> int:
        """The iCalendar SEQUENCE (RFC 5545 3.8.7.4): how many times the event was revised in
        a way a calendar must follow. Each move raises it, and so does the cancellation, which
        ends the meeting's changes: it never goes down, and the same meeting always has the
        same UID, so a phone replaces its copy with the newer one."""
        return self.times_moved + (1 if self.status == self.Status.CANCELLED else 0)


class MeetingChange(models.Model):
    """A move or a cancellation, with its reason: the history of a meeting's times."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    old_starts_at = models.DateTimeField()
    old_ends_at = models.DateTimeField()
    new_starts_at = models.DateTimeField(null=True, blank=True)
    new_ends_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting change")
        verbose_name_plural = _("meeting changes")
        ordering = ["created_at"]


class MeetingLog(models.Model):
    """What happened in a held meeting. Visible to the pair only, always."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="log")
    themes = models.ManyToManyField(
        "programmes.Theme", verbose_name=_("themes touched"), blank=True, related_name="+"
    )
    goals = models.ManyToManyField(
        "agreements.Goal", verbose_name=_("goals touched"), blank=True, related_name="+"
    )
    progress = models.TextField(_("progress on our goals"), max_length=NOTE_LENGTH, blank=True)
    notes = models.TextField(_("private notes"), max_length=NOTE_LENGTH, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting log")
        verbose_name_plural = _("meeting logs")
        constraints = [
            text_limit(field="progress", limit=NOTE_LENGTH, name="meetinglog_progress_length"),
            text_limit(field="notes", limit=NOTE_LENGTH, name="meetinglog_notes_length"),
        ]
