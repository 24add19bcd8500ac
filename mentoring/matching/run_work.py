"""The worker's part of a suggestion run (see ``runs.py``): suggest the pairs or make all of
them into draft pairs, write the progress, and finish the run. ``tasks.suggestions_run``
calls it; ``runs.py`` starts runs and queues that task, so the imports run one way:
runs → tasks → run_work.
"""

from django.utils import timezone, translation

from mentoring.core.errors import DomainError

from . import services
from .engine import suggest
from .models import SuggestionRun


def finish(run: SuggestionRun, status: str, **result) -> None:
    SuggestionRun.objects.filter(pk=run.pk).update(
        status=status, progress=100, result=result, finished_at=timezone.now()
    )


def suggestions_run_perform(*, run_id) -> None:
    """The worker's part, in the language of the supervisor who started it. A run handed
    over twice (a worker died and the broker gave it again) is done once."""
    claimed = SuggestionRun.objects.filter(pk=run_id, status__in=SuggestionRun.UNFINISHED).update(
        status=SuggestionRun.Status.RUNNING, progress=5
    )
    run = SuggestionRun.objects.select_related("programme", "created_by").filter(pk=run_id).first()
    if not claimed or run is None:
        return
    try:
        with translation.override(run.created_by.language if run.created_by else None):
            result = _accept(run) if run.kind == SuggestionRun.Kind.ACCEPT else _suggest(run)
    except DomainError:  # someone changed the suggestions at the same moment
        finish(run, SuggestionRun.Status.FAILED, error="conflict")
        return
    except Exception:
        finish(run, SuggestionRun.Status.FAILED, error="crashed")
        raise
    finish(run, SuggestionRun.Status.DONE, **result)


def _suggest(run: SuggestionRun) -> dict:
    def progress(percent: int) -> None:
        SuggestionRun.objects.filter(pk=run.pk).update(progress=percent)

    proposal = suggest(run.programme, progress=progress)
    proposal = services.suggestions_store(
        programme=run.programme, proposal=proposal, by=run.created_by
    )
    return {
        "suggested": len(proposal.items),
        "unmatched": len(proposal.unmatched),
        "dropped_locks": [vars(lock) for lock in proposal.dropped_locks],
    }


def _accept(run: SuggestionRun) -> dict:
    accepted, problems = services.suggestions_accept_all(programme=run.programme, by=run.created_by)
    return {"accepted": accepted, "problems": problems}
