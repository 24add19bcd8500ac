import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from mentoring.core.limits import (
    DESCRIPTION_LENGTH,
    FIRST_DAY,
    LAST_DAY,
    SIGNUP_TEXT_LENGTH,
    text_limit,
)
from mentoring.core.models import UUIDModel
from units.models import Shift

MAX_CAPACITY = 10  # the most actors one mentor can take

# Themes every organisation starts with. Keys are stable; labels are translated.
BUILTIN_THEMES = {
    "medication-safety": _("Medication safety"),
    "dementia-care": _("Dementia care"),
    "palliative-care": _("Palliative care"),
    "relatives": _("Encounters with relatives"),
    "documentation": _("Documentation"),
    "ergonomics": _("Ergonomics"),
    "shift-recovery": _("Shift work and recovery"),
    "career": _("Career path"),
    "ethics": _("Ethically demanding situations"),
    "new-ways": _("Trying new ways of working"),
}


class Language(models.TextChoices):
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")
    EN = "en", _("English")
    OTHER = "other", _("another language")


class Theme(models.Model):
    """A subject a worker wants to learn or can offer. Built-in themes have a ``key``;
    an organisation may add its own (``organisation`` set, ``name`` as written)."""

    organisation = models.ForeignKey(
        "units.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="themes",
    )
    key = models.SlugField(_("key"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(organisation__isnull=True), name="theme_builtin_key"
            ),
            models.UniqueConstraint(fields=["organisation", "name"], name="theme_org_name"),
            # "Dementia care" and "dementia care" are the same theme.
            models.UniqueConstraint(
                "organisation", Lower("name"), name="theme_org_name_case_insensitive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return str(BUILTIN_THEMES.get(self.key, self.name)) if self.key else self.name


class Programme(UUIDModel):
    class LengthMode(models.TextChoices):
        MEETINGS = "meetings", _("a number of meetings, then decide")
        UNTIL_DATE = "until_date", _("until a date")

    organisation = models.ForeignKey(
        "units.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="programmes",
    )
    units = models.ManyToManyField("units.Unit", verbose_name=_("units"), related_name="programmes")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LENGTH, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # Terms agreed with the supervisor: how meetings fit the roster.
    meetings_in_working_time = models.BooleanField(_("meetings in working time"), default=True)
    meeting_minutes_min = models.PositiveSmallIntegerField(
        _("meeting length from (min)"), default=45
    )
    meeting_minutes_max = models.PositiveSmallIntegerField(_("meeting length to (min)"), default=60)
    cadence_min_days = models.PositiveSmallIntegerField(_("meet every (days) from"), default=14)
    cadence_max_days = models.PositiveSmallIntegerField(_("meet every (days) to"), default=21)
    length_mode = models.CharField(
        _("planned length"), max_length=16, choices=LengthMode.choices, default=LengthMode.MEETINGS
    )
    planned_meetings = models.PositiveSmallIntegerField(
        _("planned number of meetings"), null=True, blank=True, default=3
    )
    planned_until = models.DateField(_("planned until"), null=True, blank=True)
    approval_required = models.BooleanField(
        _("meeting times need the supervisor's approval"), default=False
    )
    signup_open = models.BooleanField(_("sign-up open"), default=True)
    short_code = models.CharField(_("short code"), max_length=12, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        # An organisation's programmes, newest first: the admin's lists and the report take
        # a page of a county's 2,000 from the front of the index instead of sorting them all.
        indexes = [
            models.Index(fields=["organisation", "-starts_on", "name"], name="programme_org_newest")
        ]
        constraints = [
            text_limit(
                field="description", limit=DESCRIPTION_LENGTH, name="programme_description_length"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="programme_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__gte=FIRST_DAY, ends_on__lte=LAST_DAY),
                name="programme_days_in_range",
            ),
            models.CheckConstraint(
                condition=Q(meeting_minutes_min__gt=0)
                & Q(meeting_minutes_max__gte=F("meeting_minutes_min")),
                name="programme_meeting_minutes_valid",
            ),
            models.CheckConstraint(
                condition=Q(cadence_min_days__gt=0)
                & Q(cadence_max_days__gte=F("cadence_min_days")),
                name="programme_cadence_valid",
            ),
            models.CheckConstraint(
                condition=(Q(length_mode="meetings") & Q(planned_meetings__gte=1))
                | (Q(length_mode="until_date") & Q(planned_until__isnull=False)),
                name="programme_planned_length_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def new_short_code() -> str:
        alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
        return "".join(secrets.choice(alphabet) for _ in range(8))


class SignUp(UUIDModel):
    class Role(models.TextChoices):
        MENTOR = "mentor", _("mentor")
        ACTOR = "actor", _("actor")

    class Status(models.TextChoices):
        ACTIVE = "active", _("signed up")
        WITHDRAWN = "withdrawn", _("withdrawn")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="signups"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="signups"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    experience_years = models.PositiveSmallIntegerField(_("years in the field"))
    shifts = models.JSONField(_("usual shifts"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="signups"
    )
    themes_text = models.TextField(_("in my own words"), max_length=SIGNUP_TEXT_LENGTH, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("how many actors I can take"), null=True, blank=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at"]
        constraints = [
            text_limit(
                field="themes_text", limit=SIGNUP_TEXT_LENGTH, name="signup_themes_text_length"
            ),
            models.UniqueConstraint(
                fields=["programme", "user"],
                condition=Q(status="active"),
                name="signup_one_active_per_programme",
            ),
            models.CheckConstraint(
                condition=(Q(role="mentor") & Q(capacity__gte=1))
                | (Q(role="actor") & Q(capacity__isnull=True)),
                name="signup_capacity_for_mentors_only",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["mentor", "actor"]), name="signup_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__lte=MAX_CAPACITY),
                name="signup_capacity_at_most_10",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "withdrawn"]), name="signup_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def get_shifts_display(self) -> str:
        labels = dict(Shift.choices)
        return ", ".join(str(labels.get(s, s)) for s in self.shifts)

    def get_languages_display(self) -> str:
        labels = dict(Language.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.languages)


# A visitor's own words when asking to take part: a line or two, no more.
REQUEST_MESSAGE_LENGTH = 500


class ParticipationRequest(UUIDModel):
    """ "I want to take part": sent by someone without an account from the programme's public
    page (its QR code and short link). Nothing is created for them until a supervisor accepts
    the request, which sends them an invitation to the programme; a declined one may get a
    polite email. Kept until handled plus ``RETENTION_PARTICIPATION_REQUESTS_DAYS``."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        ACCEPTED = "accepted", _("invited")
        DECLINED = "declined", _("declined")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="participation_requests",
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=8, choices=SignUp.Role.choices)
    message = models.TextField(_("message"), max_length=REQUEST_MESSAGE_LENGTH, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.DEFAULT_LANGUAGE
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("request to take part")
        verbose_name_plural = _("requests to take part")
        ordering = ["created_at"]
        constraints = [
            text_limit(
                field="message", limit=REQUEST_MESSAGE_LENGTH, name="participation_message_length"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["mentor", "actor"]), name="participation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "accepted", "declined"]),
                name="participation_state_valid",
            ),
            # Asking twice does not make two requests.
            models.UniqueConstraint(
                "programme",
                Lower("email"),
                condition=Q(state="pending"),
                name="participation_one_pending_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
