import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.emails import send_templated_email
from mentoring.core.errors import DomainError
from units.access import administers_organisation, is_site_staff, supervises_unit
from units.models import Membership, Organisation, OrganisationAdmin, Unit

from .calendar_feed import new_key
from .models import CalendarFeed, Invitation, SingleSignOn

logger = logging.getLogger(__name__)

User = get_user_model()


def invitation_create(
    *,
    by,
    email: str,
    unit: Unit,
    name: str = "",
    job_title: str = "",
    language: str = settings.DEFAULT_LANGUAGE,
    programme=None,
    role: str = Membership.Role.WORKER,
) -> Invitation:
    """Invite a person to a unit with a role. Sends the link after commit.

    The organisation admin may invite supervisors and workers to any unit of the organisation;
    a supervisor invites workers to the units they supervise.
    """
    email = email.strip().lower()
    require_inviter(by=by, unit=unit, role=role)
    if Membership.objects.filter(unit=unit, user__email__iexact=email).exists():
        raise DomainError(_("This person is already a member of the unit."), field="email")
    with transaction.atomic():
        return invitation_issue(
            by=by,
            email=email,
            language=language,
            unit=unit,
            role=role,
            name=name,
            job_title=job_title,
            programme=programme,
        )


def require_inviter(*, by, unit: Unit, role: str) -> None:
    """Who may bring a person into a unit with a role (invite, resend, renew, withdraw): the
    organisation admin, any role; a supervisor of the unit, workers."""
    if role not in Membership.Role.values:
        raise DomainError(_("Choose supervisor or worker."), field="role")
    if not administers_organisation(user=by, organisation_id=unit.organisation_id):
        if not supervises_unit(user=by, unit_id=unit.id):
            raise DomainError(_("You can invite workers only to units you supervise."))
        if role != Membership.Role.WORKER:
            raise DomainError(
                _("Only the organisation admin can invite supervisors."), field="role"
            )


def invitation_expiry():
    """When a link sent now stops working."""
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


def invitation_email_send(*, invitation: Invitation, token: str) -> None:
    """Email the link with ``token`` in the invitation's language (from the inviter's name)."""
    send_templated_email(
        "invitation",
        to=invitation.email,
        language=invitation.language,
        context={
            "invitation": invitation,
            "unit": invitation.place,
            "inviter": invitation.invited_by,
            "url": settings.SITE_URL + f"/accounts/invite/{token}/",
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


def invitation_issue(*, by, email: str, language: str, **fields) -> Invitation:
    """Write an invitation row and its audit entry, and send the link after commit. The
    caller has decided that ``by`` may invite (and holds the transaction): an invitation to a
    unit and the organisation's start end here (many at once:
    ``invitations.invitations_write_waiting``)."""
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email,
        language=language,
        token_hash=token_hash,
        invited_by=by,
        expires_at=invitation_expiry(),
        sent_at=timezone.now(),
        send_count=1,
        **fields,
    )
    place = "unit" if invitation.unit_id else "organisation"
    audit_log(
        actor=by,
        action="invitation.create",
        obj=invitation,
        **{place: str(invitation.place.pk)},
        role=invitation.role,
    )
    transaction.on_commit(lambda: _send_issued(invitation=invitation, token=token))
    return invitation


def _send_issued(*, invitation: Invitation, token: str) -> None:
    """After the commit: email the new invitation. If the mail server will not take it, the
    invitation is left "not sent yet" (the lists show it, and "Send again" sends it) and the
    request that made it still answers normally."""
    try:
        invitation_email_send(invitation=invitation, token=token)
    except Exception:
        logger.exception("invitation %s: the email could not be sent", invitation.pk)
        Invitation.objects.filter(pk=invitation.pk, send_count__gt=0).update(
            sent_at=None, send_count=F("send_count") - 1
        )


def organisation_admin_invite(
    *, organisation: Organisation, email: str, by=None, name: str = "", language: str = ""
) -> Invitation | None:
    """Invite the organisation's admin; site staff (or the ``create_organisation`` command,
    ``by=None``) do it. Nothing is sent when the person already is its admin or has a usable
    admin invitation to it (returns None): running the start twice sends one invitation."""
    if by is not None and not is_site_staff(by):
        raise DomainError(_("Only the site's staff can invite an organisation's admin."))
    email = _valid_email(email)
    if OrganisationAdmin.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        return None
    pending = Invitation.objects.usable().filter(
        organisation=organisation, role=Invitation.ORGANISATION_ADMIN, email__iexact=email
    )
    if pending.exists():
        return None
    with transaction.atomic():
        return invitation_issue(
            by=by,
            email=email,
            organisation=organisation,
            role=Invitation.ORGANISATION_ADMIN,
            name=name,
            language=language or settings.DEFAULT_LANGUAGE,
        )


def _valid_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(
            _("“%(email)s” is not a valid email address.") % {"email": email}, field="email"
        ) from exc
    return email


def invitations_send_waiting(*, ids: list[int]) -> int:
    """Make the token of each invitation not yet sent and email it. Each row is claimed with a
    conditional update, so a task run twice sends once. If an email fails, its claim is
    undone and the others go on; the last error then goes to the task, which tries again
    for those left (one address the server refuses does not hold back the rest). The number
    sent."""
    sent = 0
    failure: Exception | None = None
    waiting = Invitation.objects.filter(pk__in=ids, sent_at__isnull=True)
    for invitation in waiting.select_related("unit", "invited_by", "programme"):
        token, token_hash = Invitation.new_token()
        claimed = Invitation.objects.usable().filter(pk=invitation.pk, sent_at__isnull=True)
        if not claimed.update(
            token_hash=token_hash,
            expires_at=invitation_expiry(),
            sent_at=timezone.now(),
            send_count=F("send_count") + 1,
        ):
            continue
        try:
            invitation_email_send(invitation=invitation, token=token)
        except Exception as error:
            Invitation.objects.filter(pk=invitation.pk).update(
                sent_at=None, send_count=F("send_count") - 1
            )
            failure = error
            continue
        sent += 1
    if failure is not None:
        raise failure
    return sent


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.usable()
        .select_related("unit", "unit__organisation", "organisation")
        .filter(token_hash=Invitation.hash(token))
        .first()
    )


def invitation_single_sign_on(invitation: Invitation) -> SingleSignOn | None:
    """The sign-in service of the organisation the invitation leads into, if it has one."""
    return SingleSignOn.objects.filter(organisation=invitation.place_organisation).first()


def invitation_accept(*, invitation: Invitation, name: str, password: str | None, user=None):
    """Use the invitation once: create the account (or take the signed-in one) and join the unit.

    The row is claimed with a conditional update, so the same link cannot be used twice even
    by two requests at the same moment. Where the organisation made its sign-in service the
    only way in, no account is made with a password (it could never be used): the person
    accepts by signing in there (``signin/sso.py`` passes ``password=None``).
    """
    if user is None and password is not None:
        sso = invitation_single_sign_on(invitation)
        if sso is not None and sso.sso_only:
            raise DomainError(
                _(
                    "%(organisation)s signs you in through its own sign-in service, so your "
                    "account needs no password. Accept the invitation with the button "
                    "“Sign in with %(organisation)s”."
                )
                % {"organisation": invitation.place_organisation.name}
            )
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=timezone.now()
        ).update(accepted_at=timezone.now())
        if not claimed:
            raise DomainError(_("This invitation link has already been used or has expired."))
        if user is None:
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise DomainError(_("An account with this email exists. Log in to accept."))
            try:
                user = User.objects.create_user(
                    invitation.email, password, name=name, language=invitation.language
                )
            except IntegrityError as exc:  # a parallel sign-up with the same email
                raise DomainError(
                    _("An account with this email exists. Log in to accept.")
                ) from exc
        elif user.email.lower() != invitation.email.lower():
            raise DomainError(_("This invitation was sent to another email address."))
        _join(invitation=invitation, user=user)
        Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
        audit_log(actor=user, action="invitation.accept", obj=invitation)
    return user


def _join(*, invitation: Invitation, user) -> None:
    """Give the invitation's place to the person: the organisation's admin role, or the
    unit's membership with what the inviter (or the staff import) knew of them."""
    if invitation.role == Invitation.ORGANISATION_ADMIN:
        OrganisationAdmin.objects.get_or_create(organisation=invitation.organisation, user=user)
        return
    Membership.objects.get_or_create(
        user=user,
        unit=invitation.unit,
        defaults={
            "role": invitation.role,
            "job_title": invitation.job_title,
            "started_in_field": invitation.started_in_field,
            "shifts": invitation.shifts,
        },
    )
    if invitation.phone and not user.phone:
        user.phone = invitation.phone
        user.save(update_fields=["phone"])


def profile_update(*, user, name: str, phone: str, language: str) -> None:
    user.name, user.phone, user.language = name, phone, language
    user.save(update_fields=["name", "phone", "language"])
    audit_log(actor=user, action="profile.update", obj=user)


def user_language_set(*, user, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."), field="language")
    user.language = language
    user.save(update_fields=["language"])
    audit_log(actor=user, action="profile.language", obj=user, language=language)


def calendar_feed_renew(*, user, by) -> CalendarFeed:
    """Make the user's secret calendar address, or a new one: the old address stops working
    at once (the row keeps its id; only the key changes)."""
    if user.pk != by.pk:
        raise DomainError(_("You can change only your own calendar address."))
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(
            user=user, defaults={"key": new_key()}
        )
        if not created:
            feed.key, feed.created_at = new_key(), timezone.now()
            feed.save(update_fields=["key", "created_at"])
        audit_log(actor=by, action="calendar_feed.new", obj=user, replaced=not created)
    return feed


def calendar_feed_stop(*, user, by) -> bool:
    """Remove the user's calendar address; returns whether there was one."""
    if user.pk != by.pk:
        raise DomainError(_("You can change only your own calendar address."))
    with transaction.atomic():
        deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
        if deleted:
            audit_log(actor=by, action="calendar_feed.stop", obj=user)
    return bool(deleted)
