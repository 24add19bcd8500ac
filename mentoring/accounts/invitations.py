"""Invitations at scale: resend, renew, withdraw, and many at once from a pasted list.

A new link replaces the old one (only the token's hash is stored, and it changes), so a
resent or renewed invitation's earlier email stops working. Many invitations are written in
one transaction with no token yet; a Celery task (``tasks.send_invitations``) makes each
token and sends the email, so no link ever passes through the broker.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log, audit_log_many
from mentoring.core.errors import DomainError
from units.models import Membership, Unit

from .models import Invitation
from .services import invitation_email_send, invitation_expiry, require_inviter
from .tasks import queue_invitations

# One paste invites at most this many; a whole staff comes through the staff import.
BULK_MAX = 500
EMAIL_MAX_LENGTH = 254  # the column's length
_SEPARATORS = re.compile(r"[\n\r,;]+")


def invitation_resend(*, invitation: Invitation, by) -> None:
    """Send a waiting invitation again with a new link, valid for the full period again."""
    require_inviter(by=by, unit=invitation.unit, role=invitation.role)
    if invitation.state != Invitation.State.PENDING:
        raise DomainError(_("Only an invitation that is still waiting can be sent again."))
    _send_new_link(invitation=invitation, by=by, action="invitation.resend")


def invitation_renew(*, invitation: Invitation, by) -> None:
    """Give an expired invitation a new link and send it."""
    require_inviter(by=by, unit=invitation.unit, role=invitation.role)
    if invitation.state != Invitation.State.EXPIRED:
        raise DomainError(_("Only an expired invitation can be renewed."))
    _send_new_link(invitation=invitation, by=by, action="invitation.renew")


def invitation_withdraw(*, invitation: Invitation, by) -> None:
    """Stop a waiting or expired invitation's link for good."""
    require_inviter(by=by, unit=invitation.unit, role=invitation.role)
    with transaction.atomic():
        withdrawn = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        if not withdrawn:
            raise DomainError(_("This invitation has already been accepted or withdrawn."))
        audit_log(actor=by, action="invitation.withdraw", obj=invitation)


def _send_new_link(*, invitation: Invitation, by, action: str) -> None:
    """A new token and expiry, claimed with a conditional update (a parallel accept or
    withdrawal wins); the email goes after commit."""
    token, token_hash = Invitation.new_token()
    now = timezone.now()
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, withdrawn_at__isnull=True
        ).update(
            token_hash=token_hash,
            expires_at=invitation_expiry(),
            sent_at=now,
            send_count=F("send_count") + 1,
        )
        if not claimed:
            raise DomainError(_("This invitation has already been accepted or withdrawn."))
        invitation.refresh_from_db()
        audit_log(actor=by, action=action, obj=invitation, times=invitation.send_count)
        transaction.on_commit(lambda: invitation_email_send(invitation=invitation, token=token))


# --- Many at once ---------------------------------------------------------------------------


@dataclass
class BulkPreview:
    """What a pasted list would do: whom to invite, what is left out and why."""

    valid: list[str] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (as written, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (address, note)
    too_many: bool = False

    @property
    def ready(self) -> bool:
        """Something to send, and nothing wrong left unmentioned."""
        return bool(self.valid) and not self.too_many


def _reason_invalid(address: str) -> str | None:
    if len(address) > EMAIL_MAX_LENGTH:
        return _("Too long for an email address.")
    try:
        validate_email(address)
    except ValidationError:
        return _("Not an email address.")
    return None


def invitations_preview(*, unit: Unit, text: str) -> BulkPreview:
    """Read the addresses (one a line, or separated by commas or semicolons) and sort them:
    valid, invalid with the reason, and skipped with a note (listed twice, already in the
    unit, already invited). Two queries per thousand addresses."""
    preview, seen, candidates = BulkPreview(), set(), []
    for written in (part.strip() for part in _SEPARATORS.split(text)):
        if not written:
            continue
        address = written.strip("<>").lower()
        reason = _reason_invalid(address)
        if reason:
            preview.invalid.append((written, reason))
        elif address in seen:
            preview.skipped.append((address, _("Listed twice: invited once.")))
        else:
            seen.add(address)
            candidates.append(address)
    members = _already(Membership.objects.filter(unit=unit), "user__email", candidates)
    waiting = _already(Invitation.objects.usable().filter(unit=unit), "email", candidates)
    for address in candidates:
        if address in members:
            preview.skipped.append((address, _("Already a member of the unit.")))
        elif address in waiting:
            preview.skipped.append((address, _("Already invited: the invitation is waiting.")))
        else:
            preview.valid.append(address)
    preview.too_many = len(preview.valid) > BULK_MAX
    return preview


def _already(queryset, column: str, addresses: list[str]) -> set[str]:
    """Those of ``addresses`` found in ``column``, without regard to case; one query per
    thousand addresses."""
    found = set()
    lowered = queryset.annotate(address=Lower(column))
    for start in range(0, len(addresses), 1000):
        batch = addresses[start : start + 1000]
        found.update(lowered.filter(address__in=batch).values_list("address", flat=True))
    return found


def invitations_create_many(
    *,
    by,
    unit: Unit,
    text: str,
    language: str = settings.DEFAULT_LANGUAGE,
    programme=None,
) -> BulkPreview:
    """Invite every valid, new address of the list as a worker of ``unit`` (and to
    ``programme``); invalid and skipped ones are left out, as the preview showed. The rows are
    written at once; the emails go through Celery after commit."""
    require_inviter(by=by, unit=unit, role=Membership.Role.WORKER)
    preview = invitations_preview(unit=unit, text=text)
    if preview.too_many:
        raise DomainError(
            _("At most %(count)s addresses at once.") % {"count": BULK_MAX}, field="emails"
        )
    if not preview.valid:
        raise DomainError(_("There is no new address to invite."), field="emails")
    with transaction.atomic():
        invitations_write_waiting(
            by=by,
            invitations=[
                Invitation(email=address, unit=unit, language=language, programme=programme)
                for address in preview.valid
            ],
        )
    return preview


def invitations_write_waiting(*, by, invitations: list[Invitation]) -> list[Invitation]:
    """Write many invitations at once, not sent yet, and queue their send tasks after commit
    (``tasks.send_invitations`` makes each token and sends the email, with retries): one
    INSERT for the rows and one for their audit entries. The caller has decided that ``by``
    may invite them and holds the transaction: the pasted list and the staff import end here.
    """
    for invitation in invitations:
        invitation.invited_by = by
        invitation.expires_at = invitation_expiry()
        # Nobody knows the token of this hash: the task makes the real one.
        invitation.token_hash = Invitation.new_token()[1]
    invitations = Invitation.objects.bulk_create(invitations)
    audit_log_many(
        actor=by,
        action="invitation.create",
        entries=[
            (invitation, {"unit": str(invitation.unit_id), "role": invitation.role, "many": True})
            for invitation in invitations
        ],
    )
    ids = [invitation.pk for invitation in invitations]
    transaction.on_commit(lambda: queue_invitations(ids))
    return invitations
