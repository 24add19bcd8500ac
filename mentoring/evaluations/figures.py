"""Keeping ``ProgrammeFigures`` current: one programme's totals, recomputed from its own
pairs, held meetings and answers (indexed aggregates over that programme only), whenever a
service changes one of them (``receivers.py``) and nightly for every programme
(``tasks.py``, ``manage.py programme_figures``), so data written outside the services
converges too."""

from django.db.models import Count, Sum
from django.utils import timezone

from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme

from .models import Evaluation, ProgrammeFigures
from .release import Answer, person_means, release_programme
from .reports import anonymous_answers, pair_stage_counts


def _role_figures(released: list[Answer]) -> tuple[int, list[float], object, object]:
    """(people, sum of their mean ratings per benefit, time and id of the last answer)."""
    means = list(person_means(released).values())
    sums = [sum(column) for column in zip(*means, strict=True)] if means else []
    last = released[-1].order if released else (None, None)
    return len(means), sums, last[0], last[1]


def programme_figures_recompute(*, programme_id) -> ProgrammeFigures:
    """Recompute one programme's row: four queries, whatever the size of the organisation."""
    pairs = Pair.objects.filter(programme_id=programme_id).aggregate(**pair_stage_counts())
    meetings = Meeting.objects.filter(
        pair__programme_id=programme_id, status=Meeting.Status.HELD
    ).aggregate(meetings_held=Count("id"), minutes_held=Sum("held_minutes"))
    answers = anonymous_answers(Evaluation.objects.filter(pair__programme_id=programme_id))
    released = release_programme(answers)
    m_people, m_sums, m_until, m_until_id = _role_figures(released.mentors)
    a_people, a_sums, a_until, a_until_id = _role_figures(released.actors)
    values = {
        **{key: value or 0 for key, value in {**pairs, **meetings}.items()},
        "respondents": len({a.person[2] for a in answers}),
        "mentors_released": m_people,
        "mentor_sums": m_sums,
        "mentors_until": m_until,
        "mentors_until_id": m_until_id,
        "actors_released": a_people,
        "actor_sums": a_sums,
        "actors_until": a_until,
        "actors_until_id": a_until_id,
        "computed_at": timezone.now(),
    }
    figures, _created = ProgrammeFigures.objects.update_or_create(
        programme_id=programme_id, defaults=values
    )
    return figures


def programme_figures_recompute_all() -> int:
    """The safety net: every programme's row again (nightly). Returns how many."""
    ids = list(Programme.objects.order_by("pk").values_list("pk", flat=True))
    for programme_id in ids:
        programme_figures_recompute(programme_id=programme_id)
    return len(ids)


def programme_figures_for_pair(*, pair_id) -> None:
    """A pair changed: its programme's row is recomputed (nothing if the pair is gone)."""
    programme_id = Pair.objects.filter(pk=pair_id).values_list("programme_id", flat=True).first()
    if programme_id is not None:
        programme_figures_recompute(programme_id=programme_id)
