from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.core.errors import DomainError
from mentoring.programmes.selectors import programme_for_overseer, programmes_overseen_by
from units.models import Organisation
from units.selectors import user_roles

from . import reports, selectors, services
from .forms import EvaluationForm
from .services import Outcome


def _outcome_message(result: services.EvaluationResult) -> str:
    messages_by_outcome = {
        Outcome.WAITING: _(
            "Thank you, your answers are saved. Your pair's answers will show here once "
            "they have answered too."
        ),
        Outcome.CONCLUDED: _("Thank you. You both chose to conclude: your mentoring has ended."),
        Outcome.CONTINUED: _(
            "Thank you. You both chose to continue: a new version of your agreement has been "
            "started with your new goals. Go through it together and accept it."
        ),
        Outcome.CONTINUED_NO_DRAFT: _(
            "Thank you. You both chose to continue, but the new version of your agreement "
            "could not be started: %(reason)s Write it together on your pair page."
        )
        % {"reason": result.note},
        Outcome.DISAGREE: _(
            "Thank you. One of you wants to continue and the other to conclude. Talk it over "
            "together and with your supervisor, then book a new evaluation meeting."
        ),
    }
    return messages_by_outcome[result.outcome]


def _after_answer(meeting):
    return redirect(reverse("pairs:detail", kwargs={"pair_id": meeting.pair_id}))


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, meeting_id):
    meeting = selectors.meeting_for_answer(user=request.user, meeting_id=meeting_id)
    current = selectors.answer_page_round(meeting=meeting, user=request.user)
    form = None
    if current.can_answer:
        goals = services.evaluation_goals(pair=meeting.pair)
        form = EvaluationForm(request.POST or None, goals=goals)
        if request.method == "POST" and form.is_valid():
            try:
                result = services.evaluation_submit(
                    meeting=meeting, by=request.user, **form.service_kwargs()
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _outcome_message(result))
                return _after_answer(meeting)
    elif request.method == "POST":
        # A second answer, or one after the evaluation closed: say so, change nothing.
        if current.mine is not None:
            messages.error(
                request, _("You have already answered this evaluation. Each member answers once.")
            )
        else:
            messages.error(request, current.closed_reason)
        return redirect("evaluations:answer", meeting_id=meeting.pk)
    return render(
        request,
        "evaluations/answer.html",
        {"meeting": meeting, "pair": meeting.pair, "round": current, "form": form},
    )


@login_required
@require_GET
def report_list(request):
    roles = user_roles(request.user)
    if not (roles.is_supervisor or roles.is_org_admin):
        raise Http404
    programmes = programmes_overseen_by(user=request.user).order_by("-starts_on", "name")
    organisations = Organisation.objects.filter(pk__in=roles.admin_organisation_ids)
    return render(
        request,
        "evaluations/report_list.html",
        {"programmes": list(programmes), "organisations": list(organisations)},
    )


@login_required
@require_GET
def programme_report(request, programme_id):
    programme = programme_for_overseer(user=request.user, programme_id=programme_id)
    report = reports.programme_report(programme=programme)
    return render(request, "evaluations/report.html", {"report": report})


@login_required
@require_GET
def organisation_report(request, organisation_id):
    organisation = reports.organisation_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    report = reports.organisation_report(organisation=organisation)
    return render(request, "evaluations/org_report.html", {"report": report})
