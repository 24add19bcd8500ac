"""Requests to take part, sent from the programme's public page by people without an account.

Nothing is created for the person until a supervisor of the programme accepts: accepting
sends them an invitation to the programme (they make their account and come to the sign-up
form); declining may send a polite email. Each request is handled once (a conditional
update), so two supervisors clicking at the same moment do not invite twice.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.accounts.services import invitation_create
from mentoring.core.audit import audit_log
from mentoring.core.emails import send_templated_email
from mentoring.core.errors import DomainError

from ..access import require_supervisor
from ..models import ParticipationRequest, Programme, SignUp


def participation_request_create(
    *,
    programme: Programme,
    unit,
    name: str,
    email: str,
    role: str,
    message: str = "",
    language: str,
) -> ParticipationRequest:
    """Store a request. Asking again while one waits changes nothing and says the same, so
    the page tells nobody whether an address has asked before."""
    if not programme.signup_open:
        raise DomainError(_("Sign-up for this programme is closed."))
    if not programme.units.filter(pk=unit.pk).exists():
        raise DomainError(_("Choose one of the programme's units."), field="unit")
    if role not in SignUp.Role.values:
        raise DomainError(_("Choose mentor or actor."), field="role")
    email = email.strip().lower()
    waiting = ParticipationRequest.objects.filter(
        programme=programme, email__iexact=email, state=ParticipationRequest.State.PENDING
    )
    try:
        with transaction.atomic():
            if waiting.exists():
                return waiting.get()
            request = ParticipationRequest.objects.create(
                programme=programme,
                unit=unit,
                name=name.strip(),
                email=email,
                role=role,
                message=message.strip(),
                language=language,
            )
            audit_log(actor=None, action="participation_request.create", obj=request)
            return request
    except IntegrityError:  # the same address at the same moment: the other one stands
        return waiting.get()


def participation_request_accept(*, request: ParticipationRequest, by):
    """Invite the person to the programme (to the unit they chose); returns the invitation."""
    require_supervisor(user=by, programme=request.programme)
    with transaction.atomic():
        _claim(request=request, by=by, state=ParticipationRequest.State.ACCEPTED)
        invitation = invitation_create(
            by=by,
            email=request.email,
            unit=request.unit,
            name=request.name,
            language=request.language,
            programme=request.programme,
        )
        audit_log(actor=by, action="participation_request.accept", obj=request)
    return invitation


def participation_request_decline(*, request: ParticipationRequest, by, notify: bool) -> None:
    """Decline; with ``notify`` the person gets a short, polite email in their language."""
    require_supervisor(user=by, programme=request.programme)
    with transaction.atomic():
        _claim(request=request, by=by, state=ParticipationRequest.State.DECLINED)
        audit_log(actor=by, action="participation_request.decline", obj=request, notified=notify)
        if notify:
            transaction.on_commit(
                lambda: send_templated_email(
                    "participation_declined",
                    to=request.email,
                    language=request.language,
                    context={"request": request, "programme": request.programme},
                )
            )


def _claim(*, request: ParticipationRequest, by, state: str) -> None:
    now = timezone.now()
    claimed = ParticipationRequest.objects.filter(
        pk=request.pk, state=ParticipationRequest.State.PENDING
    ).update(state=state, handled_at=now, handled_by=by)
    if not claimed:
        raise DomainError(_("This request has already been handled."))
    request.state, request.handled_at, request.handled_by = state, now, by
