"""Work on a large programme's suggestions, done by a worker while the page shows the
progress: suggesting the pairs, and making all of them into draft pairs.

A web request must stay well under two seconds, and this work grows with actors × mentor
places. ``background_needed`` estimates it from two counts (one query); past
``MATCHING_BACKGROUND_CELLS`` the view starts a ``SuggestionRun`` instead, and the Celery
task ``mentoring.matching.tasks.suggestions_run`` does it. Suggestions are made outside the
programme's lock (so that the progress can be written and seen), then stored under the lock
by ``services.suggestions_store``, which makes them again if anything changed meanwhile.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from mentoring.core.audit import audit_log
from mentoring.core.tunables import tunable
from mentoring.programmes.access import require_supervisor
from mentoring.programmes.models import SignUp

from . import services
from .models import SuggestionRun
from .run_work import finish as _finish
from .tasks import suggestions_run as suggestions_run_task

logger = logging.getLogger(__name__)


def background_cells() -> int:
    """Actors × mentor places above which a run goes to a worker (about a second here)."""
    return int(tunable("MATCHING_BACKGROUND_CELLS", 1_500_000))


def stale_minutes() -> int:
    """An unfinished run this old has lost its worker (or never got one): start anew."""
    return int(tunable("MATCHING_RUN_STALE_MINUTES", 15))


def background_needed(*, programme) -> bool:
    """Would this programme's run take more than about a second? (one query)"""
    counts = SignUp.objects.filter(programme=programme, status=SignUp.Status.ACTIVE).aggregate(
        actors=Count("pk", filter=Q(role=SignUp.Role.ACTOR)),
        places=Sum("capacity", filter=Q(role=SignUp.Role.MENTOR)),
    )
    return (counts["actors"] or 0) * (counts["places"] or 0) > background_cells()


def suggestions_run_start(
    *, programme, by, kind: str = SuggestionRun.Kind.SUGGEST
) -> SuggestionRun:
    """Start work in the background, or give the programme's work already under way (one
    at a time: making the pairs while they are suggested again would mix the two)."""
    require_supervisor(user=by, programme=programme)
    with transaction.atomic():
        services.lock_programme(programme)
        current = SuggestionRun.objects.filter(
            programme=programme, status__in=SuggestionRun.UNFINISHED
        ).first()
        if current and current.created_at > timezone.now() - dt.timedelta(minutes=stale_minutes()):
            return current
        if current:
            _finish(current, SuggestionRun.Status.FAILED, error="lost")
        run = SuggestionRun.objects.create(programme=programme, kind=kind, created_by=by)
        audit_log(actor=by, action="matching.run_start", obj=programme, run=str(run.pk), kind=kind)
        transaction.on_commit(lambda: _queue(run))
    return run


def _queue(run: SuggestionRun) -> None:
    """Hand the run to a worker; if the broker does not answer, the page says so."""
    try:
        suggestions_run_task.delay(str(run.pk))
    except Exception:
        logger.warning("could not queue suggestion run %s", run.pk, exc_info=True)
        _finish(run, SuggestionRun.Status.FAILED, error="not_started")
