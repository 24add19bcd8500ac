"""Invitations at scale: a unit's list (waiting, accepted, expired, withdrawn) with resend,
renew and withdraw, and inviting many at once from a pasted list.

The unit's supervisors and the organisation's admin reach these; anyone else gets 404. The
programme's own list and paste form (programmes/views/invitations.py) use the same pieces.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.core.refusals import refusal_as_message, refusal_on_form
from units.access import brings_staff_into
from units.models import Unit

from . import invitations, selectors
from .forms import BulkInvitationForm, InvitationActionForm
from .models import Invitation

PER_PAGE = 50


def invitation_list_context(request, invitations_qs) -> dict:
    """The list's context: counts per state, the chosen state's page of invitations."""
    state = request.GET.get("state", "")
    if state not in Invitation.State.values:
        state = ""
    page = Paginator(selectors.in_state(invitations_qs, state), PER_PAGE).get_page(
        request.GET.get("page")
    )
    for invitation in page:
        invitation.can_manage = brings_staff_into(user=request.user, unit=invitation.unit)
    counts = selectors.invitation_counts(invitations_qs)
    return {
        "counts": counts,
        "states": [(value, label, counts[value]) for value, label in Invitation.State.choices],
        "state": state,
        "page": page,
        "next_url": request.get_full_path(),
    }


@login_required
@require_GET
def unit_invitations(request, unit_id):
    unit = selectors.unit_for_inviter(user=request.user, unit_id=unit_id)
    context = invitation_list_context(request, selectors.invitations_listed(unit=unit))
    return render(request, "accounts/invitations.html", {"unit": unit, **context})


_ACTIONS = {
    "resend": (invitations.invitation_resend, gettext_lazy("A new link is sent to %(email)s.")),
    "renew": (
        invitations.invitation_renew,
        gettext_lazy("The invitation to %(email)s is renewed and sent."),
    ),
    "withdraw": (
        invitations.invitation_withdraw,
        gettext_lazy("The invitation to %(email)s is withdrawn: its link no longer works."),
    ),
}


@login_required
@require_POST
def invitation_action(request, key):
    """Resend, renew or withdraw one invitation; back to the list it was on."""
    invitation = selectors.invitation_for_manager(user=request.user, key=key)
    form = InvitationActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the invitation."))
    else:
        service, done = _ACTIONS[form.cleaned_data["action"]]
        with refusal_as_message(request):
            service(invitation=invitation, by=request.user)
            messages.success(request, str(done) % {"email": invitation.email})
    return redirect(_back(request, invitation))


def _back(request, invitation: Invitation) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("accounts:unit_invitations", kwargs={"unit_id": invitation.unit_id})


def bulk_invite(request, *, form: BulkInvitationForm, programme=None) -> dict | None:
    """The paste form's two steps. "Check" shows the preview; "Send" (offered only after
    it) invites the valid, new addresses. Returns the page's context, or None when sent
    (the caller redirects)."""
    context = {"form": form, "bulk_max": invitations.BULK_MAX}
    if request.method != "POST" or not form.is_valid():
        return context
    data = form.cleaned_data
    if data["step"] == BulkInvitationForm.CHECK:
        return {**context, "preview": invitations.invitations_preview(**_unit_text(data))}
    with refusal_on_form(form, or_message_to=request):
        preview = invitations.invitations_create_many(
            by=request.user, language=data["language"], programme=programme, **_unit_text(data)
        )
        count = len(preview.valid)
        messages.success(
            request,
            ngettext(
                "%(count)s invitation is on its way.",
                "%(count)s invitations are on their way.",
                count,
            )
            % {"count": count},
        )
        return None
    return context


def _unit_text(data: dict) -> dict:
    return {"unit": data["unit"], "text": data["emails"]}


@login_required
@require_http_methods(["GET", "POST"])
def unit_invite_many(request, unit_id):
    unit = selectors.unit_for_inviter(user=request.user, unit_id=unit_id)
    form = BulkInvitationForm(request.POST or None, units=Unit.objects.filter(pk=unit.pk))
    context = bulk_invite(request, form=form)
    if context is None:
        return redirect("accounts:unit_invitations", unit_id=unit.pk)
    return render(request, "accounts/invite_many.html", {"unit": unit, **context})
