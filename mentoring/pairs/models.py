from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.core.models import UUIDModel


class Pair(UUIDModel):
    """A mentor and an actor in one programme.

    draft → published (both told) → active (agreement accepted by both) → concluded.
    A draft can be undone (deleted) before it is published.

    Capacity is kept by the database: each live pair holds one numbered slot of its
    mentor (1..capacity, chosen by the service under a row lock), and a slot can be held
    by one live pair only. Two supervisors racing for a mentor's last place cannot both win.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("not published")
        PUBLISHED = "published", _("published")
        ACTIVE = "active", _("agreement made")
        CONCLUDED = "concluded", _("concluded")

    # Holding a mentor's place and the actor (drafts included).
    LIVE = (Status.DRAFT, Status.PUBLISHED, Status.ACTIVE)
    # Running: told about each other and not concluded. Only a running pair plans, moves,
    # cancels or logs meetings, has them approved, or changes its agreement.
    RUNNING = (Status.PUBLISHED, Status.ACTIVE)

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="pairs",
    )
    mentor = models.ForeignKey(
        "programmes.SignUp",
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="pairs_as_mentor",
    )
    actor = models.ForeignKey(
        "programmes.SignUp",
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="pairs_as_actor",
    )
    mentor_slot = models.PositiveSmallIntegerField(_("mentor's place"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    activated_at = models.DateTimeField(_("agreement made"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    # When the reminder sweep must look at this running pair again: the next moment its
    # path can change by the clock alone (``mentoring.path.state.assess``), written by the
    # sweep; NULL (new, or changed since: ``signals.pair_changed``) means at the next sweep.
    next_change_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["created_at"]
        indexes = [
            # The usual sweep reads only the running pairs whose moment has come.
            models.Index(
                fields=["next_change_at"],
                condition=Q(status__in=["published", "active"]),
                name="pair_running_next_change",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["actor"],
                condition=Q(status__in=["draft", "published", "active"]),
                name="pair_one_live_pair_per_actor",
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentor_slot"],
                condition=Q(status__in=["draft", "published", "active"]),
                name="pair_mentor_slot_unique",
            ),
            models.CheckConstraint(condition=Q(mentor_slot__gte=1), name="pair_slot_positive"),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("actor")), name="pair_mentor_is_not_actor"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "active", "concluded"]),
                name="pair_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.user} – {self.actor.user}"
