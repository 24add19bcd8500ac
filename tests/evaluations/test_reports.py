import pytest
from django.urls import reverse

from mentoring.evaluations.models import BENEFIT_KEYS, Evaluation
from mentoring.evaluations.reports import benefits, organisation_report, programme_report
from mentoring.evaluations.services import evaluation_submit
from tests import factories as f
from tests.utils import assert_constant_queries

from .support import answer, grow_programme

pytestmark = pytest.mark.django_db

TOO_FEW = "Too few answers to show yet"


def _report_url(programme):
    return reverse("evaluations:report", kwargs={"programme_id": programme.pk})


def _org_url(organisation):
    return reverse("evaluations:org_report", kwargs={"organisation_id": organisation.pk})


def test_two_answers_show_no_averages_and_no_decisions(world, client_for):
    for who in ("mentor", "actor"):
        evaluation_submit(by=world.user(who), **answer(world))
    report = programme_report(programme=world.programme)
    assert report.benefits.respondents == 0  # answers count in groups of three per role
    assert not report.benefits.shown
    assert report.benefits.rows == []
    assert report.benefits.decided_conclude is None
    html = client_for("sup_a").get(_report_url(world.programme)).content.decode()
    assert TOO_FEW in html
    assert "answers to conclude" not in html


def test_three_pairs_answered_show_averages_and_decisions(world, client_for):
    for who in ("mentor", "actor"):
        evaluation_submit(
            by=world.user(who),
            **answer(
                world,
                ratings=dict.fromkeys(
                    ["learning", "growth", "tips", "perspectives", "valuing", "wellbeing"], 2
                ),
            ),
        )
    grow_programme(world.programme, world.cast.unit_a, 2, rating=5)  # three mentors, three actors
    report = programme_report(programme=world.programme)
    assert report.benefits.respondents == 6
    assert report.benefits.shown and report.benefits.by_role
    assert [round(row.overall, 2) for row in report.benefits.rows] == [4.0] * 6  # (2 + 5 + 5) / 3
    assert (report.benefits.decided_conclude, report.benefits.decided_continue) == (2, 4)
    html = client_for("sup_a").get(_report_url(world.programme)).content.decode()
    assert TOO_FEW not in html
    assert "4.0" in html or "4,0" in html
    assert "2 answers to conclude" in html


def test_one_more_answer_never_changes_the_figures(world):
    """Reading the report before and after one person answers must not give away that
    person's ratings: new answers count only in whole groups of three per role."""
    grow_programme(world.programme, world.cast.unit_a, 3, rating=4)
    before = programme_report(programme=world.programme).benefits
    evaluation_submit(
        by=world.user("mentor"),
        **answer(world, ratings=dict.fromkeys(BENEFIT_KEYS, 1)),
    )
    after = programme_report(programme=world.programme).benefits
    assert after.respondents == before.respondents == 6
    assert [r.overall for r in after.rows] == [r.overall for r in before.rows]
    assert [r.mentors for r in after.rows] == [r.mentors for r in before.rows]


def test_mentors_and_actors_are_shown_apart_only_when_both_groups_are_large_enough(world):
    pairs = grow_programme(world.programme, world.cast.unit_a, 3)
    report = programme_report(programme=world.programme)
    assert report.benefits.by_role  # 3 mentors, 3 actors
    assert report.benefits.rows[0].mentors == 4 and report.benefits.rows[0].actors == 4
    Evaluation.objects.filter(pair=pairs[0], author_role="actor").delete()
    report = programme_report(programme=world.programme)
    assert report.benefits.shown and not report.benefits.by_role  # 3 mentors, 2 actors
    assert all(row.mentors is None and row.actors is None for row in report.benefits.rows)


def test_the_reports_never_contain_free_text_or_notes(world, client_for):
    grow_programme(world.programme, world.cast.unit_a, 3)
    for who in ("mentor", "actor"):
        evaluation_submit(
            by=world.user(who),
            **answer(
                world,
                own_work="OWN-SECRET",
                unit_work="UNIT-SECRET",
                decision="continue",
                new_goals=["GOAL-SECRET"],
            ),
        )
    pages = [
        client_for("sup_a").get(_report_url(world.programme)),
        client_for("admin").get(_report_url(world.programme)),
        client_for("admin").get(_org_url(world.cast.organisation)),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert "Average" in html or "average" in html  # the averages are there...
        for secret in (
            "OWN-SECRET",
            "UNIT-SECRET",
            "GOAL-SECRET",
            "FREE-TEXT",
            "SECRET-NOTE-TEXT",
            "SECRET-PROGRESS",
            "Lääkehoidon varmuus",
        ):
            assert secret not in html  # ...but nothing anyone wrote
        for person in (world.user("mentor"), world.user("actor")):
            assert person.name not in html  # nor anyone's name


def test_stages_meetings_and_hours(world):
    programme = world.programme
    f.PairFactory(programme=programme)
    stages = programme_report(programme=programme).stages
    # pair (active), other_pair (published), the new draft
    assert (stages.formed, stages.published, stages.agreed, stages.concluded) == (3, 2, 1, 0)
    assert (stages.now_draft, stages.now_published, stages.now_active) == (1, 1, 1)
    # The world's pair has held two meetings of 55 minutes; the planned one does not count.
    assert stages.meetings_held == 2
    assert stages.minutes_held == 110 and stages.minutes_working_time == 110
    programme.meetings_in_working_time = False
    programme.save()
    assert programme_report(programme=programme).stages.minutes_working_time == 0
    for who in ("mentor", "actor"):
        evaluation_submit(by=world.user(who), **answer(world))
    stages = programme_report(programme=programme).stages
    assert (stages.concluded, stages.agreed, stages.now_active) == (1, 1, 0)


def test_the_organisation_report_leaves_out_programmes_with_too_few_answers(world):
    other = f.ProgrammeFactory(organisation=world.cast.organisation, units=[world.cast.unit_b])
    grow_programme(other, world.cast.unit_b, 3, rating=2)  # 6 people: included
    grow_programme(world.programme, world.cast.unit_a, 1, rating=5)  # 2 people: left out
    report = organisation_report(organisation=world.cast.organisation)
    assert report.benefits.respondents == 6
    assert [row.overall for row in report.benefits.rows] == [2] * 6
    assert report.programmes_left_out == 1
    lines = {line.programme.pk: line for line in report.programmes}
    assert lines[world.programme.pk].respondents == 2 and not lines[world.programme.pk].included
    assert report.stages.formed == 2 + 3 + 1  # world's two pairs, 3 + 1 grown
    assert report.stages.meetings_held == 2 + 3 + 1


def test_benefits_of_no_answers():
    result = benefits(Evaluation.objects.none())
    assert not result.shown and result.respondents == 0


def test_programme_report_queries_do_not_grow_with_pairs(world, client_for):
    client = client_for("sup_a")
    assert_constant_queries(
        client,
        _report_url(world.programme),
        lambda n: grow_programme(world.programme, world.cast.unit_a, n),
        sizes=(1, 200),
    )


def test_organisation_report_queries_do_not_grow_with_pairs_or_programmes(world, client_for):
    client = client_for("admin")

    def grow(n):
        programme = f.ProgrammeFactory(
            organisation=world.cast.organisation, units=[world.cast.unit_b]
        )
        grow_programme(programme, world.cast.unit_b, n)
        grow_programme(world.programme, world.cast.unit_a, n)

    assert_constant_queries(client, _org_url(world.cast.organisation), grow, sizes=(1, 200))
