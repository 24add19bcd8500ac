"""The organisation report reads ProgrammeFigures (issue 13): one row per programme, kept
current by the services' signals, recomputed nightly for data written outside them."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.evaluations.figures import (
    programme_figures_recompute,
    programme_figures_recompute_all,
)
from mentoring.evaluations.models import Evaluation, ProgrammeFigures
from mentoring.evaluations.release import release_programme
from mentoring.evaluations.reports import (
    anonymous_answers,
    benefits,
    organisation_programmes,
    organisation_report,
    programme_stages,
)
from mentoring.evaluations.services import evaluation_submit
from mentoring.evaluations.tasks import recount_programmes
from mentoring.meetings import services as meetings
from mentoring.pairs import services as pairs
from mentoring.pairs.models import Pair
from tests import factories as f
from tests.meetings.conftest import local

from .support import answer, grow_programme

pytestmark = pytest.mark.django_db


def _direct(organisation):
    """The organisation's figures the old way: every pair, meeting and answer read."""
    programmes = list(organisation_programmes(organisation=organisation))
    totals = {}
    for programme in programmes:
        for name, value in vars(programme_stages(programme=programme)).items():
            totals[name] = totals.get(name, 0) + value
    answers = anonymous_answers(
        Evaluation.objects.filter(pair__programme__organisation=organisation)
    )
    by_programme = {}
    for one in answers:
        by_programme.setdefault(one.person[0], []).append(one)
    released = [release_programme(own) for own in by_programme.values()]
    return totals, benefits([r for r in released if r.answers])


def _assert_same_as_direct(organisation):
    report = organisation_report(organisation=organisation)
    totals, direct = _direct(organisation)
    assert vars(report.stages) == totals
    assert report.benefits.respondents == direct.respondents
    assert report.benefits.by_role == direct.by_role
    for mine, theirs in zip(report.benefits.rows, direct.rows, strict=True):
        assert mine.overall == pytest.approx(theirs.overall)
        assert mine.mentors == pytest.approx(theirs.mentors)
    assert report.benefits.shared_texts == direct.shared_texts
    return report


def test_the_totals_follow_the_services_without_a_recount(world):
    organisation = world.cast.organisation
    other = f.ProgrammeFactory(organisation=organisation, units=[world.cast.unit_b])
    grow_programme(other, world.cast.unit_b, 3, rating=2)
    grow_programme(world.programme, world.cast.unit_a, 2, rating=5)
    programme_figures_recompute_all()  # as the nightly count leaves it
    before = organisation_report(organisation=organisation).stages

    Pair.objects.filter(pk=world.pair.pk).update(published_at=local(-30))
    world.pair.refresh_from_db()
    meetings.meeting_record(
        pair=world.pair, kind="regular", starts_at=local(-4, 8), minutes=30, by=world.user("mentor")
    )
    for who in ("mentor", "actor"):
        evaluation_submit(by=world.user(who), **answer(world, unit_work="Yhteiset kirjaukset"))

    report = _assert_same_as_direct(organisation)
    assert report.stages.meetings_held == before.meetings_held + 1
    assert report.stages.minutes_held == before.minutes_held + 30
    assert report.benefits.respondents == 12  # three people per group, both programmes
    assert not report.stale


def test_a_recount_touches_only_its_own_programme(world):
    other = f.ProgrammeFactory(organisation=world.cast.organisation, units=[world.cast.unit_b])
    grow_programme(other, world.cast.unit_b, 3)
    grow_programme(world.programme, world.cast.unit_a, 3)
    with CaptureQueriesContext(connection) as ctx:
        programme_figures_recompute(programme_id=world.programme.pk)
    own, theirs = world.programme.pk.hex, other.pk.hex
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    assert reads and all(own in sql.replace("-", "") for sql in reads)
    assert not any(theirs in q["sql"].replace("-", "") for q in ctx.captured_queries)
    assert list(ProgrammeFigures.objects.values_list("programme", flat=True)) == [
        world.programme.pk
    ]


def test_the_nightly_task_and_the_command_count_every_programme(world, capsys):
    f.ProgrammeFactory(organisation=world.cast.organisation, units=[world.cast.unit_b])
    assert recount_programmes() == ProgrammeFigures.objects.count() >= 2
    ProgrammeFigures.objects.all().delete()
    call_command("programme_figures")
    assert "recomputed the figures of" in capsys.readouterr().out
    assert ProgrammeFigures.objects.count() >= 2
    schedule = settings.CELERY_BEAT_SCHEDULE["programme-figures-nightly"]
    assert schedule["task"] == recount_programmes.name


def _org_page(client_for, organisation):
    url = reverse("evaluations:org_report", kwargs={"organisation_id": organisation.pk})
    return client_for("admin").get(url).content.decode()


def test_the_report_says_when_some_programme_is_not_counted_yet(world, client_for):
    organisation = world.cast.organisation
    assert "These figures have not been counted yet." in _org_page(client_for, organisation)
    programme_figures_recompute_all()
    assert "Figures as of" not in _org_page(client_for, organisation)
    f.ProgrammeFactory(organisation=organisation, units=[world.cast.unit_b])  # an import
    assert "Figures as of" in _org_page(client_for, organisation)


def test_a_programme_with_few_answers_shows_no_benefit_figures(world):
    """The summary holds sums only of released groups: two people show nothing."""
    for who in ("mentor", "actor"):
        evaluation_submit(by=world.user(who), **answer(world))
    row = ProgrammeFigures.objects.get(programme=world.programme)
    assert (row.respondents, row.mentors_released, row.actors_released) == (2, 0, 0)
    assert row.mentor_sums == [] and row.actor_sums == []
    report = organisation_report(organisation=world.cast.organisation)
    assert not report.benefits.shown and report.programmes_left_out == 1


def test_forming_and_undoing_draft_pairs_counts_the_programme_again(world):
    programme = world.programme
    mentor = f.SignUpFactory(mentor=True, programme=programme, capacity=2)
    actors = [f.SignUpFactory(programme=programme) for _ in range(2)]
    first = pairs.pair_create(
        programme=programme, mentor=mentor, actor=actors[0], by=world.cast.sup_a
    )
    pairs.pairs_create_many(
        programme=programme, couples=[(mentor.pk, actors[1].pk)], by=world.cast.sup_a
    )
    row = ProgrammeFigures.objects.get(programme=programme)
    assert row.now_draft == Pair.objects.filter(programme=programme, status="draft").count() == 2
    pairs.pair_undo(pair=first, by=world.cast.sup_a)
    row.refresh_from_db()
    assert row.now_draft == 1
    assert row.formed == Pair.objects.filter(programme=programme).count()


def _drafts(world, n):
    """A new programme of the world's unit with ``n`` draft pairs (counted once, at forming)."""
    programme = f.ProgrammeFactory(organisation=world.cast.organisation, units=[world.cast.unit_a])
    couples = [
        (
            f.SignUpFactory(mentor=True, programme=programme, capacity=1).pk,
            f.SignUpFactory(programme=programme).pk,
        )
        for _ in range(n)
    ]
    made, problems = pairs.pairs_create_many(
        programme=programme, couples=couples, by=world.cast.sup_a
    )
    assert len(made) == n and not problems
    return programme


def _figures_queries(ctx) -> int:
    return sum(ProgrammeFigures._meta.db_table in q["sql"] for q in ctx.captured_queries)


def test_publishing_all_pairs_counts_the_programme_once(world):
    """However many pairs "publish all" publishes, the programme is counted again once."""
    counted = {}
    for n in (1, 4):
        programme = _drafts(world, n)
        with CaptureQueriesContext(connection) as ctx:
            assert pairs.pair_publish_all(programme=programme, by=world.cast.sup_a) == n
        counted[n] = _figures_queries(ctx)
        row = ProgrammeFigures.objects.get(programme=programme)
        assert (row.now_draft, row.now_published, row.published) == (0, n, n)
    assert counted[1] == counted[4] > 0
