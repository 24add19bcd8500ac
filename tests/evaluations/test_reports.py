import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.evaluations import reports
from mentoring.evaluations.figures import programme_figures_recompute_all
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


def test_two_answers_show_no_averages(world, client_for):
    for who in ("mentor", "actor"):
        evaluation_submit(by=world.user(who), **answer(world))
    report = programme_report(programme=world.programme)
    assert report.benefits.respondents == 0  # answers count in groups of three per role
    assert not report.benefits.shown
    assert report.benefits.rows == []
    html = client_for("sup_a").get(_report_url(world.programme)).content.decode()
    assert TOO_FEW in html


def test_three_pairs_answered_show_averages_but_no_decisions(world, client_for):
    """Decisions are not counted: supervisors see each pair's outcome, so a count over a
    release step holding one member of a disagreeing pair would tell that member's choice."""
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
    assert not hasattr(report.benefits, "decided_conclude")
    html = client_for("sup_a").get(_report_url(world.programme)).content.decode()
    assert TOO_FEW not in html
    assert "4.0" in html or "4,0" in html
    assert "to conclude" not in html and "to continue" not in html


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
    programme_figures_recompute_all()  # the factories write outside the services
    report = organisation_report(organisation=world.cast.organisation)
    assert report.benefits.respondents == 6
    assert [row.overall for row in report.benefits.rows] == [2] * 6
    assert report.programmes_left_out == 1
    lines = {line.programme.pk: line for line in report.programmes}
    assert lines[world.programme.pk].respondents == 2 and not lines[world.programme.pk].included
    assert report.stages.formed == 2 + 3 + 1  # world's two pairs, 3 + 1 grown
    assert report.stages.meetings_held == 2 + 3 + 1


def test_benefits_of_no_answers():
    result = benefits([])
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
        programme_figures_recompute_all()  # the factories write outside the services

    assert_constant_queries(client, _org_url(world.cast.organisation), grow, sizes=(1, 200))


# --- People, not answers; released in steps of three (issue 10) -------------------------

_clock = iter(range(10**6))


def _answer(pair, role, *, rating=4, shared="", decision="continue"):
    """One answer at a new evaluation meeting of ``pair``, submitted after all earlier ones
    (explicit times: the release order must not hang on clock ties)."""
    meeting = f.MeetingFactory(pair=pair, held=True, evaluation=True, days=-1)
    evaluation = f.EvaluationFactory(
        meeting=meeting,
        author_role=role,
        rating=rating,
        decision=decision,
        unit_work=shared or "NOT-SHARED-TEXT",
        share_unit_work=bool(shared),
    )
    moment = timezone.now() - dt.timedelta(days=30) + dt.timedelta(minutes=next(_clock))
    Evaluation.objects.filter(pk=evaluation.pk).update(submitted_at=moment)
    return evaluation


def _pair(programme, mentor=None):
    if mentor is None:
        mentor = f.SignUpFactory(programme=programme, mentor=True, capacity=10)
    return f.PairFactory(programme=programme, mentor=mentor, active=True)


def _overall(report):
    return [row.overall for row in report.benefits.rows]


def test_the_differencing_attack_of_issue_10_no_longer_works(world):
    """Three mentors answered (4.0 everywhere); then a fourth mentor answers for each of
    three actors. The old rule released his three answers together, and
    (new × 6 − old × 3) / 3 was exactly his ratings. Now he is one person, the fourth
    mentor: nothing changes until two more mentors have answered."""
    programme = f.ProgrammeFactory(organisation=world.cast.organisation, units=[world.cast.unit_a])
    for _ in range(3):
        _answer(_pair(programme), "mentor", rating=4)
    before = programme_report(programme=programme)
    assert before.benefits.respondents == 3 and _overall(before) == [4.0] * 6
    his = f.SignUpFactory(programme=programme, mentor=True, capacity=3)
    for _ in range(3):
        _answer(_pair(programme, his), "mentor", rating=1)
    after = programme_report(programme=programme)
    assert after.benefits.respondents == 3 and _overall(after) == [4.0] * 6
    # Two more mentors: the three new people come in together, his mean counting once.
    for rating in (2, 3):
        _answer(_pair(programme), "mentor", rating=rating)
    released = programme_report(programme=programme)
    assert released.benefits.respondents == 6
    assert _overall(released) == [pytest.approx((4 + 4 + 4 + 1 + 2 + 3) / 6)] * 6


def test_three_people_show_the_fourth_and_fifth_change_nothing_the_sixth_releases_all(world):
    programme = f.ProgrammeFactory(organisation=world.cast.organisation, units=[world.cast.unit_a])
    seen = []
    for rating in (5, 5, 5, 1, 1, 2):
        _answer(_pair(programme), "actor", rating=rating)
        benefits_now = programme_report(programme=programme).benefits
        seen.append((benefits_now.respondents, benefits_now.rows and benefits_now.rows[0].overall))
    assert seen == [(0, []), (0, []), (3, 5.0), (3, 5.0), (3, 5.0), (6, pytest.approx(19 / 6))]


def test_a_released_persons_later_answer_waits_for_the_next_three_people(world):
    programme = f.ProgrammeFactory(organisation=world.cast.organisation, units=[world.cast.unit_a])
    mentors = [f.SignUpFactory(programme=programme, mentor=True) for _ in range(3)]
    for mentor in mentors:
        _answer(_pair(programme, mentor), "mentor", rating=4)
    _answer(_pair(programme, mentors[0]), "mentor", rating=1)  # his second actor
    assert _overall(programme_report(programme=programme)) == [4.0] * 6
    for _ in range(3):
        _answer(_pair(programme), "mentor", rating=4)
    # His mean (4 + 1) / 2 = 2.5 now counts once among six people.
    assert _overall(programme_report(programme=programme)) == [pytest.approx((2.5 + 4 * 5) / 6)] * 6


def test_a_role_under_three_people_is_neither_shown_nor_in_the_total(world):
    programme = f.ProgrammeFactory(organisation=world.cast.organisation, units=[world.cast.unit_a])
    for _ in range(3):
        _answer(_pair(programme), "mentor", rating=4)
    for _ in range(2):
        _answer(_pair(programme), "actor", rating=1)
    result = programme_report(programme=programme).benefits
    assert result.shown and not result.by_role
    assert result.respondents == 3 and _overall(programme_report(programme=programme)) == [4.0] * 6


def test_the_organisation_report_adds_up_the_released_groups(world):
    organisation = world.cast.organisation
    first = f.ProgrammeFactory(organisation=organisation, units=[world.cast.unit_a])
    second = f.ProgrammeFactory(organisation=organisation, units=[world.cast.unit_b])
    for _ in range(3):
        _answer(_pair(first), "mentor", rating=5)
        _answer(_pair(second), "actor", rating=2)
    _answer(_pair(second), "mentor", rating=1)  # a lone mentor: not released anywhere
    programme_figures_recompute_all()  # the factories write outside the services
    report = organisation_report(organisation=organisation)
    assert report.benefits.respondents == 6 and report.benefits.by_role
    assert [(r.mentors, r.actors, r.overall) for r in report.benefits.rows] == [(5, 2, 3.5)] * 6
    lines = {line.programme.pk: line for line in report.programmes}
    assert lines[second.pk].respondents == 4 and lines[second.pk].included


def test_the_report_page_says_what_the_rule_promises(world, client_for):
    grow_programme(world.programme, world.cast.unit_a, 3)
    html = client_for("sup_a").get(_report_url(world.programme)).content.decode()
    assert "Each person counts once, as the average of their own answers." in html
    assert "never one person's ratings" in html
    assert "no one's answer can be worked out" not in html  # the old, untrue promise


# --- Texts on the unit's shared work, shared by choice (issue 12) ------------------------


def test_shared_texts_show_alphabetically_without_names_and_only_when_released(world, client_for):
    programme = world.programme
    pairs = [_pair(programme) for _ in range(3)]
    _answer(pairs[0], "mentor", shared="Yhteinen perehdytyskansio")
    _answer(pairs[1], "mentor", shared="Aamupalaverit lyhenivät")
    assert programme_report(programme=programme).benefits.shared_texts == []  # 2 people
    _answer(pairs[2], "mentor")  # the third mentor shares nothing
    _answer(pairs[0], "actor", shared="Kirjaaminen yhtenäistyi")  # 1 actor: waits
    report = programme_report(programme=programme)
    assert report.benefits.shared_texts == [
        "Aamupalaverit lyhenivät",
        "Yhteinen perehdytyskansio",
    ]
    for who in ("sup_a", "admin"):
        html = client_for(who).get(_report_url(programme)).content.decode()
        assert html.index("Aamupalaverit") < html.index("Yhteinen perehdytyskansio")
        assert "Kirjaaminen yhtenäistyi" not in html
        assert "NOT-SHARED-TEXT" not in html
        for pair in pairs:
            for signup in (pair.mentor, pair.actor):
                assert signup.user.name not in html
    programme_figures_recompute_all()  # the factories write outside the services
    org_html = client_for("admin").get(_org_url(world.cast.organisation)).content.decode()
    assert "Aamupalaverit lyhenivät" in org_html and "NOT-SHARED-TEXT" not in org_html


def test_the_organisation_report_shows_the_first_texts_and_how_many_there_are(
    world, client_for, monkeypatch
):
    """A county's shared texts grow with the years: the organisation report shows the first
    ORGANISATION_TEXTS alphabetically and the count; each programme's report has all."""
    monkeypatch.setattr(reports, "ORGANISATION_TEXTS", 2)
    pairs = [_pair(world.programme) for _ in range(3)]
    for pair, text in zip(pairs, ["Cc kolmas", "aa ensimmäinen", "Bb toinen"], strict=True):
        _answer(pair, "mentor", shared=text)
    programme_figures_recompute_all()  # the factories write outside the services
    report = organisation_report(organisation=world.cast.organisation)
    assert report.benefits.shared_texts == ["aa ensimmäinen", "Bb toinen"]
    assert report.benefits.shared_texts_total == 3
    html = client_for("admin").get(_org_url(world.cast.organisation)).content.decode()
    assert "Cc kolmas" not in html and "The first 2 of 3 texts, alphabetically." in html
    assert "Cc kolmas" in client_for("admin").get(_report_url(world.programme)).content.decode()


def test_a_text_not_chosen_for_sharing_never_leaves_the_database(world):
    """Unshared texts are blanked in the query itself (CASE WHEN share_unit_work), not
    filtered afterwards in Python."""
    grow_programme(world.programme, world.cast.unit_a, 3)  # six answers, none shared
    with CaptureQueriesContext(connection) as ctx:
        report = programme_report(programme=world.programme)
    assert report.benefits.respondents == 6 and report.benefits.shared_texts == []
    (sql,) = [q["sql"] for q in ctx.captured_queries if "unit_work" in q["sql"]]
    assert "CASE WHEN" in sql and "share_unit_work" in sql


def test_the_report_page_queries_stay_constant_with_shared_texts(world, client_for):
    def grow(n):
        for _ in range(n):
            _answer(_pair(world.programme), "mentor", shared=f"Teksti {next(_clock)}")

    assert_constant_queries(client_for("sup_a"), _report_url(world.programme), grow, sizes=(3, 30))
