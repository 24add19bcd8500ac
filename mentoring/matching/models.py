"""What the supervisor tells the matcher, and what the matcher proposes.

- ``MatchingWeights``: how much each part of the score counts in one programme.
- ``PairRule``: a must-pair or a never-pair. A never-pair records no detail, only that
  there is a personal or line-manager reason.
- ``Suggestion``: a proposed mentor for an actor. ``proposed`` rows are replaced by the next
  run; ``locked`` rows are kept by it; ``rejected`` rows keep that mentor away from that actor.
  Accepting a suggestion turns it into a draft pair (and removes the row).
"""

from functools import reduce
from operator import and_

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mentoring.core.models import UUIDModel

from . import scoring

WEIGHT_MAX = 10


def _weight(label, part):
    """The weight of one of ``scoring.PARTS``; its default is ``scoring.Weights``'."""
    return models.PositiveSmallIntegerField(
        label,
        default=getattr(scoring.Weights(), part),
        validators=[MaxValueValidator(WEIGHT_MAX)],
    )


class MatchingWeights(models.Model):
    """Weights of the score parts, 0 (ignore) to 10, per programme: one field per part of
    ``scoring.PARTS``, with the defaults of ``scoring.Weights``."""

    PARTS = scoring.PARTS

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="matching_weights",
    )
    themes = _weight(_("themes wanted and offered"), "themes")
    experience = _weight(_("experience gap"), "experience")
    shifts = _weight(_("shifts in common"), "shifts")
    unit = _weight(_("same unit"), "unit")
    language = _weight(_("shared language"), "language")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")
        constraints = [
            models.CheckConstraint(
                condition=reduce(and_, (Q(**{f"{p}__lte": WEIGHT_MAX}) for p in scoring.PARTS)),
                name="matching_weights_at_most_10",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme}"


class PairRule(UUIDModel):
    class Kind(models.TextChoices):
        MUST = "must", _("must be paired")
        NEVER = "never", _("never paired (personal or line-manager reason)")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="pair_rules",
    )
    mentor = models.ForeignKey(
        "programmes.SignUp", verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        "programmes.SignUp", verbose_name=_("actor"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("rule"), max_length=8, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pairing rule")
        verbose_name_plural = _("pairing rules")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "mentor"], name="pair_rule_one_per_couple"),
            models.UniqueConstraint(
                fields=["actor"], condition=Q(kind="must"), name="pair_rule_one_must_per_actor"
            ),
            models.CheckConstraint(condition=Q(kind__in=["must", "never"]), name="pair_rule_kind"),
            models.CheckConstraint(condition=~Q(mentor=F("actor")), name="pair_rule_two_people"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentor_id} – {self.actor_id}"


class Suggestion(UUIDModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("suggested")
        LOCKED = "locked", _("locked")
        REJECTED = "rejected", _("rejected")

    CURRENT = (Status.PROPOSED, Status.LOCKED)

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    mentor = models.ForeignKey(
        "programmes.SignUp", verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        "programmes.SignUp", verbose_name=_("actor"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    score = models.FloatField(_("score"), default=0)
    # Weighted points of each part when the suggestion was made, e.g. {"themes": 3.3, ...}.
    parts = models.JSONField(_("score parts"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pair suggestion")
        verbose_name_plural = _("pair suggestions")
        ordering = ["-score", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["actor"],
                condition=Q(status__in=["proposed", "locked"]),
                name="suggestion_one_current_per_actor",
            ),
            models.UniqueConstraint(
                fields=["actor", "mentor"],
                condition=Q(status="rejected"),
                name="suggestion_rejected_once",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "locked", "rejected"]),
                name="suggestion_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} – {self.actor_id} ({self.status})"


class SuggestionRun(UUIDModel):
    """Work on a large programme's suggestions done by a worker (suggesting the pairs, or
    making all of them into draft pairs): its progress for the page while it works, then
    what it did (counts; the locks it had to drop or the pairs it could not make, by name).
    Kept briefly (``retention.py``): the suggestions themselves are ``Suggestion`` rows."""

    class Kind(models.TextChoices):
        SUGGEST = "suggest", _("suggest pairs")
        ACCEPT = "accept", _("make the suggested pairs")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("working")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="suggestion_runs",
    )
    kind = models.CharField(_("work"), max_length=8, choices=Kind.choices, default=Kind.SUGGEST)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # suggest: {"suggested": 12, "unmatched": 3, "dropped_locks": [{"actor", "mentor",
    # "reason"}]}; accept: {"accepted": 12, "problems": ["… already has a mentor."]};
    # failed: {"error": "conflict"}. Names only in dropped_locks and problems.
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion run")
        verbose_name_plural = _("suggestion runs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status__in=["queued", "running"]),
                name="suggestion_run_one_unfinished",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="suggestion_run_status_valid",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="suggestion_run_progress"),
            models.CheckConstraint(
                condition=Q(kind__in=["suggest", "accept"]), name="suggestion_run_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} ({self.status}, {self.progress} %)"
