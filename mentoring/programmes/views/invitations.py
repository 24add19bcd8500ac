"""A programme's invitations and requests to take part, beside its sign-ups: the list of
its invitations, inviting many at once to it, and accepting or declining a request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.accounts.forms import BulkInvitationForm
from mentoring.accounts.invitation_views import bulk_invite, invitation_list_context
from mentoring.accounts.selectors import invitations_listed
from mentoring.core.refusals import refusal_as_message
from units.access import units_supervised_by

from .. import selectors, services
from ..forms import RequestDeclineForm


@login_required
@require_GET
def invitations(request, programme_id):
    programme = selectors.programme_for_supervisor(user=request.user, programme_id=programme_id)
    context = invitation_list_context(request, invitations_listed(programme=programme))
    return render(request, "programmes/invitations.html", {"programme": programme, **context})


@login_required
@require_http_methods(["GET", "POST"])
def invite_many(request, programme_id):
    programme = selectors.programme_for_supervisor(user=request.user, programme_id=programme_id)
    units = programme.units.filter(pk__in=units_supervised_by(user=request.user))
    form = BulkInvitationForm(request.POST or None, units=units.order_by("name"))
    context = bulk_invite(request, form=form, programme=programme)
    if context is None:
        return redirect("programmes:invitations", programme_id=programme.pk)
    return render(request, "programmes/invite_many.html", {"programme": programme, **context})


@login_required
@require_POST
def request_accept(request, programme_id, request_id):
    """One click: the person gets an invitation to the programme."""
    programme = selectors.programme_for_supervisor(user=request.user, programme_id=programme_id)
    asked = selectors.participation_request_of(programme=programme, request_id=request_id)
    with refusal_as_message(request):
        services.participation_request_accept(request=asked, by=request.user)
        messages.success(
            request,
            _("%(name)s is invited. After joining, they come to the sign-up form.")
            % {"name": asked.name},
        )
    return redirect("programmes:signups", programme_id=programme.pk)


@login_required
@require_POST
def request_decline(request, programme_id, request_id):
    programme = selectors.programme_for_supervisor(user=request.user, programme_id=programme_id)
    asked = selectors.participation_request_of(programme=programme, request_id=request_id)
    form = RequestDeclineForm(request.POST)
    notify = form.is_valid() and form.cleaned_data["notify"]
    with refusal_as_message(request):
        services.participation_request_decline(request=asked, by=request.user, notify=notify)
        done = (
            _("The request of %(name)s is declined and they are told so.")
            if notify
            else _("The request of %(name)s is declined.")
        )
        messages.success(request, done % {"name": asked.name})
    return redirect("programmes:signups", programme_id=programme.pk)
