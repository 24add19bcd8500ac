from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.core.limits import NOTE_LENGTH, text_limit
from mentoring.core.models import UUIDModel

# The rules of an agreement, shared by the service that enforces them and the form that
# hints them. The database holds the same bounds as check constraints.
CADENCE_MIN_DAYS = 7
CADENCE_MAX_DAYS = 42
MAX_GOALS = 8
MAX_PLANNED_MEETINGS = 50


class Agreement(UUIDModel):
    """The mentoring agreement, versioned. Version n+1 supersedes n once both accept it.

    draft: being written (either member may edit) → accepted when both have accepted.
    An amendment after acceptance is a new version; the accepted one stays in force until
    the new one is accepted by both, then becomes superseded. History is never rewritten.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACCEPTED = "accepted", _("accepted by both")
        SUPERSEDED = "superseded", _("replaced by a newer version")

    pair = models.ForeignKey(
        "pairs.Pair", verbose_name=_("pair"), on_delete=models.CASCADE, related_name="agreements"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    cadence_days = models.PositiveSmallIntegerField(_("meet every (days)"), default=14)
    usual_place = models.CharField(_("usual place"), max_length=200, blank=True)
    usual_time = models.CharField(_("usual time"), max_length=200, blank=True)
    moving_practice = models.TextField(_("how we move or cancel a meeting"), max_length=NOTE_LENGTH)
    confidentiality = models.TextField(_("confidentiality"), max_length=NOTE_LENGTH)
    planned_meetings = models.PositiveSmallIntegerField(
        _("planned number of meetings"), null=True, blank=True
    )
    evaluation_date = models.DateField(_("evaluation meeting by"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Grows with every edit of the text. An acceptance names the revision the member read,
    # so nobody accepts words they have not seen.
    revision = models.PositiveIntegerField(default=1)
    mentor_accepted_at = models.DateTimeField(_("mentor accepted"), null=True, blank=True)
    actor_accepted_at = models.DateTimeField(_("actor accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentoring agreement")
        verbose_name_plural = _("mentoring agreements")
        ordering = ["pair", "-version"]
        constraints = [
            text_limit(
                field="moving_practice", limit=NOTE_LENGTH, name="agreement_moving_practice_length"
            ),
            text_limit(
                field="confidentiality", limit=NOTE_LENGTH, name="agreement_confidentiality_length"
            ),
            models.UniqueConstraint(fields=["pair", "version"], name="agreement_version_unique"),
            models.UniqueConstraint(
                fields=["pair"], condition=Q(status="draft"), name="agreement_one_draft"
            ),
            models.UniqueConstraint(
                fields=["pair"], condition=Q(status="accepted"), name="agreement_one_in_force"
            ),
            models.CheckConstraint(
                condition=Q(cadence_days__gte=CADENCE_MIN_DAYS)
                & Q(cadence_days__lte=CADENCE_MAX_DAYS),
                name="agreement_cadence_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "accepted", "superseded"]),
                name="agreement_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(mentor_accepted_at__isnull=False) & Q(actor_accepted_at__isnull=False)),
                name="agreement_accepted_by_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pair_id} v{self.version}"

    @property
    def accepted_on(self):
        """When the second member accepted: the moment the version came into force."""
        if self.mentor_accepted_at and self.actor_accepted_at:
            return max(self.mentor_accepted_at, self.actor_accepted_at)
        return None


class Goal(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="goals"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("goal"), max_length=300)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["agreement", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="goal_text_not_empty"),
        ]

    def __str__(self) -> str:
        # Not the text: a goal's words belong to its pair, and __str__ reaches the admin,
        # logs and error reports. Pages show goal.text where the pair reads it.
        return f"{self.agreement_id} #{self.position}"
