from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.core.limits import NOTE_LENGTH, text_limit
from mentoring.core.models import UUIDModel

# The benefits of mentoring, rated 1–5 at the evaluation meeting.
BENEFITS = [
    ("learning", _("It helped me learn and build my competence")),
    ("growth", _("It supported my professional growth")),
    ("tips", _("It gave me practical tips for everyday work")),
    ("perspectives", _("Thinking through challenges together gave new perspectives and solutions")),
    ("valuing", _("It gave me new ways to see and value my own work")),
    ("wellbeing", _("It strengthened my wellbeing and resources at work")),
]
BENEFIT_KEYS = [key for key, _label in BENEFITS]
MIN_RESPONDENTS = 3  # reports release people in steps of this many (see release.py)


class Evaluation(UUIDModel):
    class Decision(models.TextChoices):
        CONTINUE = "continue", _("continue with new goals")
        CONCLUDE = "conclude", _("conclude")

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("evaluation meeting"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    pair = models.ForeignKey(
        "pairs.Pair", verbose_name=_("pair"), on_delete=models.CASCADE, related_name="evaluations"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    author_role = models.CharField(_("role"), max_length=8)
    learning = models.PositiveSmallIntegerField(BENEFITS[0][1])
    growth = models.PositiveSmallIntegerField(BENEFITS[1][1])
    tips = models.PositiveSmallIntegerField(BENEFITS[2][1])
    perspectives = models.PositiveSmallIntegerField(BENEFITS[3][1])
    valuing = models.PositiveSmallIntegerField(BENEFITS[4][1])
    wellbeing = models.PositiveSmallIntegerField(BENEFITS[5][1])
    own_work = models.TextField(
        _("what mentoring gave to my own work"), max_length=NOTE_LENGTH, blank=True
    )
    unit_work = models.TextField(
        _("what mentoring gave to the shared work of the unit"),
        max_length=NOTE_LENGTH,
        blank=True,
    )
    # The author's choice, per answer: the programme report may show ``unit_work`` without a
    # name (see reports.py). Off unless they tick it.
    share_unit_work = models.BooleanField(_("shared in the programme report"), default=False)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    # The goals this member proposes for the next round (only when continuing). When both
    # continue, the goals of both start the new agreement version. Private to the pair.
    new_goals = models.JSONField(_("new goals"), default=list, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["submitted_at"]
        constraints = [
            text_limit(field="own_work", limit=NOTE_LENGTH, name="evaluation_own_work_length"),
            text_limit(field="unit_work", limit=NOTE_LENGTH, name="evaluation_unit_work_length"),
            models.UniqueConstraint(fields=["meeting", "author"], name="evaluation_one_per_member"),
            models.CheckConstraint(
                condition=Q(decision__in=["continue", "conclude"]), name="evaluation_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(author_role__in=["mentor", "actor"]), name="evaluation_role_valid"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{key}__gte": 1, f"{key}__lte": 5}),
                    name=f"evaluation_{key}_1_to_5",
                )
                for key in BENEFIT_KEYS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.author} @ {self.meeting}"

    @property
    def rating_items(self) -> list[tuple[str, int]]:
        """(statement, rating) for each benefit, in the order of BENEFITS."""
        return [(label, getattr(self, key)) for key, label in BENEFITS]


class GoalOutcome(models.Model):
    class Outcome(models.TextChoices):
        REACHED = "reached", _("reached")
        PARTLY = "partly", _("partly reached")
        NOT_REACHED = "not_reached", _("not reached")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="outcomes")
    goal = models.ForeignKey("agreements.Goal", on_delete=models.CASCADE, related_name="outcomes")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)

    class Meta:
        verbose_name = _("goal outcome")
        verbose_name_plural = _("goal outcomes")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "goal"], name="goal_outcome_unique")
        ]


class ProgrammeFigures(models.Model):
    """One programme's totals for the organisation report (issue 13): counts and sums only,
    so the report adds up at most one row per programme instead of scanning every meeting
    and answer. ``figures.py`` recomputes a row when its programme's pairs, meetings or
    answers change (and nightly, for data written outside the services). No name and no
    single person's answer: the benefit sums cover only the groups release.py releases,
    each a sum over at least MIN_RESPONDENTS people."""

    programme = models.OneToOneField(
        "programmes.Programme",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="figures",
    )
    formed = models.PositiveIntegerField(default=0)
    published = models.PositiveIntegerField(default=0)
    agreed = models.PositiveIntegerField(default=0)
    concluded = models.PositiveIntegerField(default=0)
    now_draft = models.PositiveIntegerField(default=0)
    now_published = models.PositiveIntegerField(default=0)
    now_active = models.PositiveIntegerField(default=0)
    meetings_held = models.PositiveIntegerField(default=0)
    minutes_held = models.PositiveBigIntegerField(default=0)
    respondents = models.PositiveIntegerField(default=0)  # people who answered, released or not
    # Per role: the released people, the sum over them of each person's mean rating (in the
    # order of BENEFITS), and the (time, id) of the last released answer, so the shared
    # texts are read from the released answers only.
    mentors_released = models.PositiveIntegerField(default=0)
    mentor_sums = models.JSONField(default=list)
    mentors_until = models.DateTimeField(null=True)
    mentors_until_id = models.UUIDField(null=True)
    actors_released = models.PositiveIntegerField(default=0)
    actor_sums = models.JSONField(default=list)
    actors_until = models.DateTimeField(null=True)
    actors_until_id = models.UUIDField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("programme figures")
        verbose_name_plural = _("programme figures")

    RELEASED = Q(mentors_released__gt=0) | Q(actors_released__gt=0)

    @property
    def released(self) -> bool:
        """Some group is released: the programme counts in the organisation's benefits."""
        return bool(self.mentors_released or self.actors_released)
