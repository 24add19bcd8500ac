from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.core.audit import audit_read
from mentoring.core.paging import listing
from mentoring.core.refusals import refusal_on_form
from mentoring.core.rows import date_text, row_link
from mentoring.programmes.access import programmes_overseen_by
from mentoring.programmes.selectors import programme_for_overseer
from units.access import organisations_administered_by, user_roles
from units.selectors import organisation_for_admin

from . import reports, selectors, services
from .forms import EvaluationForm
from .services import Outcome


def _outcome_warning(result: services.EvaluationResult) -> str | None:
    """What the pair page cannot tell by itself after an answer. The outcome box on that
    page (evaluations/_outcome.html) already confirms the answer and says what follows, so
    a message repeating it would show the same words twice; only the reason a new version
    of the agreement could not be started is news."""
    if result.outcome != Outcome.CONTINUED_NO_DRAFT:
        return None
    return _(
        "Your new goals could not be put into a new version of the agreement: %(reason)s "
        "Add them to the agreement together on your pair page."
    ) % {"reason": result.note}


def _report_links(programmes: list, *, dates: bool = False) -> list:
    """Each programme of a page with ``report_url`` (and ``dates``, its first and last day
    as short dates): made once per page, not per row (issue 13). Returns the same list."""
    report_url = row_link("evaluations:report", "programme_id")
    day = date_text("SHORT_DATE_FORMAT")
    for programme in programmes:
        programme.report_url = report_url(programme.pk)
        if dates:
            programme.dates = f"{day(programme.starts_on)}–{day(programme.ends_on)}"
    return programmes


def _after_answer(meeting):
    """The pair page, scrolled to the evaluation: its outcome box is the confirmation."""
    url = reverse("pairs:detail", kwargs={"pair_id": meeting.pair_id})
    return redirect(f"{url}#evaluation-heading")


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
            with refusal_on_form(form):
                result = services.evaluation_submit(
                    meeting=meeting, by=request.user, **form.service_kwargs()
                )
                warning = _outcome_warning(result)
                if warning:
                    messages.warning(request, warning)
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
    found = listing(request.GET, programmes)
    organisations = organisations_administered_by(user=request.user)
    return render(
        request,
        "evaluations/report_list.html",
        {
            "programmes": _report_links(found.items, dates=True),
            "listing": found,
            "organisations": list(organisations),
        },
    )


@login_required
@require_GET
def programme_report(request, programme_id):
    programme = programme_for_overseer(user=request.user, programme_id=programme_id)
    report = reports.programme_report(programme=programme)
    audit_read(actor=request.user, action="programme.read_report", obj=programme)
    return render(request, "evaluations/report.html", {"report": report})


@login_required
@require_GET
def organisation_report(request, organisation_id):
    organisation = organisation_for_admin(user=request.user, organisation_id=organisation_id)
    found = listing(request.GET, reports.organisation_programmes(organisation=organisation))
    report = reports.organisation_report(
        organisation=organisation, programmes=_report_links(found.items)
    )
    audit_read(actor=request.user, action="organisation.read_report", obj=organisation)
    return render(request, "evaluations/org_report.html", {"report": report, "listing": found})
