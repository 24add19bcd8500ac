import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.core.models import UUIDModel


class Shift(models.TextChoices):
    DAY = "day", _("day shift")
    EVENING = "evening", _("evening shift")
    NIGHT = "night", _("night shift")
    ROTATING = "rotating", _("rotating shifts")


class Organisation(UUIDModel):
    name = models.CharField(_("name"), max_length=200)
    # The controller's contact details, shown on the public privacy notice and accessibility
    # statement; kept up to date by the organisation's admin. Work contacts, not a person's
    # private data (a named officer's work email at most).
    controller_name = models.CharField(_("controller"), max_length=200, blank=True)
    controller_address = models.CharField(_("postal address"), max_length=300, blank=True)
    controller_email = models.EmailField(_("email of the controller"), blank=True)
    dpo_contact = models.CharField(
        _("data protection officer's contact"), max_length=300, blank=True
    )
    accessibility_contact = models.CharField(
        _("accessibility feedback contact"), max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(UUIDModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationAdmin(models.Model):
    """A development coordinator: manages units and supervisors, sees aggregate reports."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="admins",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organisation_admin_roles",
    )

    class Meta:
        verbose_name = _("organisation admin")
        verbose_name_plural = _("organisation admins")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="org_admin_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class Membership(models.Model):
    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", _("supervisor")
        WORKER = "worker", _("worker")

    # The membership's address in URLs (the primary key is a sequential number).
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.WORKER)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    started_in_field = models.PositiveSmallIntegerField(
        _("year started in the field"), null=True, blank=True
    )
    shifts = models.JSONField(_("usual shifts"), default=list, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__name", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="membership_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=["supervisor", "worker"]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.unit})"

    def get_shifts_display(self) -> str:
        labels = dict(Shift.choices)
        return ", ".join(str(labels.get(s, s)) for s in self.shifts)
