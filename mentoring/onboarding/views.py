"""The pages of onboarding: site staff start an organisation; supervisors and organisation
admins import staff (upload → preview → confirm → progress) and download the template.

Every import is fetched through the user (selectors.staff_import_for_user): anyone else gets
404. Every change goes through a service and answers with a redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from kombu.exceptions import KombuError

from mentoring.core.refusals import refusal_as_message, refusal_on_form
from units.access import is_site_staff, user_roles

from . import selectors, services, tasks
from .forms import OrganisationStartForm, StaffImportForm
from .models import StaffImport
from .plan import ERROR, NEW, UNCHANGED, UPDATE
from .template_file import staff_template

# The preview lists every row with an error or a change, and this many of the others.
PREVIEW_LIST_LIMIT = 200


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def organisation_start(request):
    """Site staff start an organisation and invite its first admin."""
    if not is_site_staff(request.user):
        raise Http404
    form = OrganisationStartForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form):
            organisation, created, invitation = services.organisation_start(
                by=request.user, **form.cleaned_data
            )
            messages.success(request, _start_message(organisation, created, invitation))
            return redirect("onboarding:organisation_start")
    return render(request, "onboarding/organisation_start.html", {"form": form})


def _start_message(organisation, created: bool, invitation) -> str:
    parts = [
        (
            _("The organisation %(name)s was created.")
            if created
            else _("The organisation %(name)s already exists.")
        )
        % {"name": organisation.name}
    ]
    if invitation is not None:
        parts.append(_("An invitation was sent to %(email)s.") % {"email": invitation.email})
    else:
        parts.append(_("The admin already has the role or a pending invitation: nothing sent."))
    return " ".join(parts)


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request):
    organisations = selectors.organisations_to_import_to(user=request.user)
    if not organisations:
        raise Http404
    form = StaffImportForm(
        _posted(request),
        request.FILES or None,
        organisations=organisations,
        may_create_units=user_roles(request.user).is_org_admin,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with refusal_on_form(form):
            batch = services.staff_import_upload(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                name=upload.name,
                content=upload.read(),
                create_units=form.cleaned_data.get("create_units", False),
            )
            return redirect("onboarding:import_detail", import_id=batch.pk)
    return render(request, "onboarding/import_new.html", {"form": form})


@login_required
@require_GET
def import_detail(request, import_id):
    """The preview while the import waits for confirmation; then its progress."""
    batch = selectors.staff_import_for_user(user=request.user, import_id=import_id)
    if batch.status != StaffImport.Status.PREVIEW:
        return render(request, "onboarding/import_progress.html", {"batch": batch})
    plan = services.staff_import_preview(batch=batch, by=request.user)
    shown = {
        ERROR: plan.of(ERROR),
        UPDATE: plan.of(UPDATE),
        NEW: plan.of(NEW)[:PREVIEW_LIST_LIMIT],
        UNCHANGED: plan.of(UNCHANGED)[:PREVIEW_LIST_LIMIT],
    }
    return render(
        request,
        "onboarding/import_preview.html",
        {
            "batch": batch,
            "plan": plan,
            "counts": plan.counts,
            "shown": shown,
            "limit": PREVIEW_LIST_LIMIT,
        },
    )


@login_required
@require_POST
def import_confirm(request, import_id):
    batch = selectors.staff_import_for_user(user=request.user, import_id=import_id)
    with refusal_as_message(request):
        services.staff_import_confirm(batch=batch, by=request.user)
        try:
            tasks.send_invitations.delay(str(batch.pk))
        except KombuError:
            # The rows are applied; the sending waits for the broker (the page offers to
            # try again, which queues the task without applying anything twice).
            messages.warning(request, _("The invitations could not be sent yet. Try again soon."))
        else:
            messages.success(request, _("The file is imported. The invitations are on their way."))
    return redirect("onboarding:import_detail", import_id=batch.pk)


@login_required
@require_GET
def import_template(request, kind: str):
    """An empty staff file with the column names in the user's language, and one example."""
    if not selectors.organisations_to_import_to(user=request.user):
        raise Http404
    content, content_type = staff_template(kind=kind, language=get_language())
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="staff.{kind}"'
    return response
