"""The organisation admin's pages: units, their supervisors and workers, invitations, and the
controller's contact details shown on the privacy notice and the accessibility statement.

Every object is fetched through the user (units.selectors.*_for_admin): anyone but the
organisation's admin gets 404. Every change goes through a service and answers with a redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.accounts.selectors import pending_invitations
from mentoring.accounts.services import invitation_create
from mentoring.core.paging import PER_PAGE, listing
from mentoring.core.refusals import refusal_as_message, refusal_on_form
from mentoring.core.rows import Counted, row_link
from units import selectors, services
from units.forms import (
    MembershipRemoveForm,
    MembershipRoleForm,
    OrganisationContactsForm,
    UnitForm,
    UnitInvitationForm,
)
from units.models import Membership

from ..erasure import erasure_refusal
from ..erasure import person_erase as erase_person
from ..forms import ErasureConfirmForm


def _posted(request):
    """The submitted data on POST (even an empty one), nothing on GET."""
    return request.POST if request.method == "POST" else None


@login_required
@require_GET
def organisations(request):
    """The "Organisation" menu item: straight to it, or a choice when there are several."""
    administered = list(selectors.organisations_administered_by(user=request.user))
    if not administered:
        raise Http404
    if len(administered) == 1:
        return redirect("units:organisation", organisation_id=administered[0].pk)
    return render(request, "units/organisations.html", {"organisations": administered})


def _unit_rows(units: list) -> list:
    """Each unit of a page with ``url``, ``supervisor_names`` and ``workers_text``, made once
    per page and filled in per row (issue 13). Returns the same list."""
    unit_url = row_link("units:unit_detail", "unit_id")
    workers = Counted(lambda n: ngettext("%(count)s worker", "%(count)s workers", n) % {"count": n})
    for unit in units:
        unit.url = unit_url(unit.pk)
        unit.supervisor_names = ", ".join(
            m.user.name or m.user.email for m in unit.supervisor_memberships
        )
        unit.workers_text = workers(unit.worker_count)
    return units


@login_required
@require_GET
def organisation(request, organisation_id):
    organisation = selectors.organisation_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    found = listing(request.GET, selectors.units_overview(organisation=organisation))
    # After a staff import thousands may wait: the count and the first page of them here,
    # every one of them on its unit's page.
    waiting = pending_invitations(organisation=organisation)
    return render(
        request,
        "units/organisation.html",
        {
            "organisation": organisation,
            "listing": found,
            "units": _unit_rows(found.items),
            "invitations": list(waiting[:PER_PAGE]),
            "invitations_waiting": waiting.count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request, organisation_id):
    organisation = selectors.organisation_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    form = UnitForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            unit = services.unit_create(
                organisation=organisation, name=form.cleaned_data["name"], by=request.user
            )
            messages.success(request, _("Unit %(name)s added.") % {"name": unit.name})
            return redirect("units:unit_detail", unit_id=unit.pk)
    return render(
        request,
        "units/unit_form.html",
        {"organisation": organisation, "form": form, "unit": None},
    )


@login_required
@require_GET
def unit_detail(request, unit_id):
    unit = selectors.unit_for_admin(user=request.user, unit_id=unit_id)
    members = selectors.unit_members(unit=unit)
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "organisation": unit.organisation,
            "supervisors": [m for m in members if m.role == Membership.Role.SUPERVISOR],
            "workers": [m for m in members if m.role == Membership.Role.WORKER],
            "invitations": list(pending_invitations(unit=unit)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, unit_id):
    unit = selectors.unit_for_admin(user=request.user, unit_id=unit_id)
    form = UnitForm(_posted(request), initial={"name": unit.name})
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            services.unit_rename(unit=unit, name=form.cleaned_data["name"], by=request.user)
            messages.success(request, _("The unit is now called %(name)s.") % {"name": unit.name})
            return redirect("units:unit_detail", unit_id=unit.pk)
    return render(
        request,
        "units/unit_form.html",
        {"organisation": unit.organisation, "form": form, "unit": unit},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_supervisor(request, unit_id):
    unit = selectors.unit_for_admin(user=request.user, unit_id=unit_id)
    form = UnitInvitationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            invitation_create(by=request.user, unit=unit, **form.cleaned_data)
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("units:unit_detail", unit_id=unit.pk)
    return render(request, "units/invite.html", {"unit": unit, "form": form})


@login_required
@require_POST
def membership_role(request, membership_id):
    membership = selectors.membership_for_admin(user=request.user, membership_key=membership_id)
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose supervisor or worker."))
        return redirect("units:unit_detail", unit_id=membership.unit_id)
    with refusal_as_message(request):
        services.membership_role_set(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
        text = (
            _("%(name)s is now a supervisor of %(unit)s.")
            if membership.role == Membership.Role.SUPERVISOR
            else _("%(name)s is now a worker in %(unit)s.")
        )
        messages.success(request, text % {"name": membership.user, "unit": membership.unit.name})
    return redirect("units:unit_detail", unit_id=membership.unit_id)


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request, membership_id):
    """A confirmation page, then the removal. One's own membership needs a ticked box too."""
    membership = selectors.membership_for_admin(user=request.user, membership_key=membership_id)
    is_self = membership.user_id == request.user.pk
    form = MembershipRemoveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            services.membership_remove(
                membership=membership,
                by=request.user,
                confirm_self=form.cleaned_data["confirm_self"],
            )
            messages.success(
                request,
                _("%(name)s is no longer a member of %(unit)s.")
                % {"name": membership.user, "unit": membership.unit.name},
            )
            return redirect("units:unit_detail", unit_id=membership.unit_id)
    return render(
        request,
        "units/membership_remove.html",
        {"membership": membership, "unit": membership.unit, "form": form, "is_self": is_self},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_contacts(request, organisation_id):
    organisation = selectors.organisation_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    initial = {name: getattr(organisation, name) for name in services.CONTACT_FIELDS}
    form = OrganisationContactsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            services.organisation_contacts_update(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
            messages.success(request, _("The contact details are saved."))
            return redirect("units:organisation", organisation_id=organisation.pk)
    context = {
        "organisation": organisation,
        "form": form,
        "privacy_url": reverse("site:privacy"),
        "accessibility_url": reverse("site:accessibility"),
    }
    return render(request, "units/organisation_contacts.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request, membership_id):
    """Remove a member's data (see mentoring.site.erasure): a confirmation page, then the
    removal. The page says at once when it cannot be done."""
    membership = selectors.membership_for_admin(user=request.user, membership_key=membership_id)
    person = membership.user
    form = ErasureConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            erase_person(person=person, by=request.user)
            messages.success(request, _("The person's data has been removed."))
            return redirect("units:unit_detail", unit_id=membership.unit_id)
    return render(
        request,
        "site/erase.html",
        {
            "form": form,
            "person": person,
            "unit": membership.unit,
            "refusal": erasure_refusal(person=person, by=request.user),
        },
    )
