import hashlib
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=username)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.DEFAULT_LANGUAGE,
    )
    # Optional reminder kinds the user has turned off (see mentoring.reminders.kinds).
    muted_reminders = models.JSONField(_("reminders turned off"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("site staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Set when the person's data was erased (mentoring.site.erasure): the row stays, so that
    # counts, hours and the audit log still add up, but it names and reaches nobody.
    erased_at = models.DateTimeField(_("data removed"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(
            accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A single-use, expiring link that lets a new worker set a password and join a unit,
    or (role ``admin``, with an organisation and no unit) become an organisation's admin.

    Only the hash of the token is stored: a database leak does not leak usable links.
    Resending or renewing replaces the hash (the old link stops working); withdrawing
    stops it for good.
    """

    # The role of an invitation that makes its acceptor the organisation's admin.
    ORGANISATION_ADMIN = "admin"

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        ACCEPTED = "accepted", _("accepted")
        EXPIRED = "expired", _("expired")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # The invitation's address in URLs (the primary key is a sequential number).
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE
    )
    # Set (instead of the unit) when the invitation makes an organisation admin: a new
    # organisation has no unit yet.
    organisation = models.ForeignKey(
        "units.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=16, default="worker")
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    # What a staff import knows of the person, given to the account and the membership
    # when the invitation is accepted.
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    started_in_field = models.PositiveSmallIntegerField(
        _("year started in the field"), null=True, blank=True
    )
    shifts = models.JSONField(_("usual shifts"), default=list, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.DEFAULT_LANGUAGE
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when the invitation came from a programme's sign-up screen.
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the link last went out, and how many times; empty while a batch waits for its
    # Celery task, which makes the token and sends the email.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | models.Q(organisation__isnull=False),
                name="invitation_has_a_place",
            )
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def place(self):
        """What the invitation joins: the unit, or the organisation of an admin invitation."""
        return self.unit if self.unit_id else self.organisation

    @property
    def place_organisation(self):
        return self.unit.organisation if self.unit_id else self.organisation

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.withdrawn_at:
            return self.State.WITHDRAWN
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @staticmethod
    def hash(token: str) -> str:
        return _hash_token(token)


class CalendarFeed(models.Model):
    """A person's secret calendar address (``/calendar/feed/<token>.ics``), to subscribe to
    their mentoring meetings in a phone's calendar, which cannot log in.

    The address is ``key`` followed by an HMAC of it under the site's SECRET_KEY: the table
    alone (a backup, a leak) does not give a usable address, yet the profile can show the
    address again. Making a new key replaces the old one, whose address then answers 404.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self) -> str:
        return str(self.user)


class SingleSignOn(models.Model):
    """An organisation's own sign-in (OpenID Connect), set up by its admin.

    allauth reads it as one OIDC "app" per organisation (signin/sso.py): no SocialApp rows to
    keep in step. The secret is write-only in the app: no page shows it again.
    """

    organisation = models.OneToOneField(
        "units.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="single_sign_on",
    )
    server_url = models.URLField(_("issuer URL"), max_length=300)
    client_id = models.CharField(_("client ID"), max_length=200)
    secret = models.CharField(_("client secret"), max_length=500)
    # Addresses in these domains count as verified by this provider even without the
    # email_verified claim (Entra ID does not send it); the organisation owns the domains.
    email_domains = models.CharField(_("email domains"), max_length=300, blank=True)
    sso_only = models.BooleanField(_("single sign-on is the only way in"), default=False)
    trust_provider_mfa = models.BooleanField(_("the provider's MFA counts"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    secret_updated_at = models.DateTimeField(_("secret saved"), default=timezone.now)

    class Meta:
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-ons")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.server_url})"

    @property
    def provider_id(self) -> str:
        """allauth's name for this organisation's provider, in the callback URL."""
        return str(self.organisation_id)

    def domains(self) -> set[str]:
        return {d.strip().lower().lstrip("@") for d in self.email_domains.split(",") if d.strip()}
