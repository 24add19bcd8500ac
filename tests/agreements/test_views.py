import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from mentoring.agreements.models import Agreement, Goal
from mentoring.agreements.selectors import pair_page_context
from mentoring.core.models import AuditEntry
from mentoring.pairs.access import PairAccess
from mentoring.pairs.models import Pair
from tests import factories as f
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def url(name, pair, query=""):
    return reverse(f"agreements:{name}", kwargs={"pair_id": pair.pk}) + query


def form_data(**changes):
    data = {
        "goal_1": "Varmuutta lääkehoitoon",
        "goal_2": "Kirjaaminen sujuvammaksi",
        "cadence_days": "14",
        "usual_place": "Taukotila",
        "usual_time": "Tiistaisin klo 13",
        "moving_practice": "Viesti viimeistään edellisenä päivänä",
        "confidentiality": "Puhutut asiat jäävät meille",
        "planned_meetings": "3",
        "evaluation_date": (timezone.localdate() + dt.timedelta(days=50)).isoformat(),
        "revision": "0",
    }
    data.update(changes)
    return data


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_whole_path_in_the_browser_forms(cast, pair):
    mentor, actor = cast.client("worker_a"), cast.client("worker_a2")

    page = mentor.get(url("edit", pair))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["cadence_days"] == 14 and form.initial["planned_meetings"] == 3
    assert "between the two of us" in form.initial["confidentiality"]

    response = mentor.post(url("edit", pair), form_data(), follow=True)
    assert response.redirect_chain[-1][0] == url("detail", pair)
    draft = Agreement.objects.get()
    assert draft.status == "draft" and draft.goals.count() == 2

    detail = actor.get(url("detail", pair))
    assert b"Varmuutta l\xc3\xa4\xc3\xa4kehoitoon" in detail.content
    accept = {"version": 1, "revision": draft.revision}
    response = actor.post(url("accept", pair), accept, follow=True)
    assert any("comes into force when" in m for m in messages_of(response))
    response = actor.post(url("accept", pair), accept, follow=True)
    assert any("already accepted" in m for m in messages_of(response))

    response = mentor.post(url("accept", pair), accept, follow=True)
    assert any("now in force" in m for m in messages_of(response))
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE
    assert Agreement.objects.get().status == "accepted"

    # Amend: version 2 starts as a copy, version 1 stays in force until both accept.
    response = actor.post(url("amend", pair), follow=True)
    assert response.redirect_chain[-1][0] == url("edit", pair)
    assert response.context["form"].initial["goal_1"] == "Varmuutta lääkehoitoon"
    response = actor.post(
        url("edit", pair), form_data(goal_3="Uusi tavoite", revision="1"), follow=True
    )
    v2 = Agreement.objects.get(version=2)
    assert v2.goals.count() == 3 and v2.revision == 2
    for client in (mentor, actor):
        client.post(url("accept", pair), {"version": 2, "revision": 2})
    assert dict(Agreement.objects.values_list("version", "status")) == {
        1: "superseded",
        2: "accepted",
    }

    history = mentor.get(url("history", pair))
    assert history.status_code == 200
    assert [a.version for a in history.context["versions"]] == [2, 1]
    assert b"Uusi tavoite" in history.content


def test_accept_goes_back_to_the_page_it_came_from_but_never_elsewhere(cast, pair):
    f.AgreementFactory(pair=pair)
    client = cast.client("worker_a")
    response = client.post(
        url("accept", pair), {"version": 1, "revision": 1, "next": "/pairs/x/#agreement"}
    )
    assert response["Location"] == "/pairs/x/#agreement"
    Agreement.objects.update(mentor_accepted_at=None)
    response = client.post(
        url("accept", pair), {"version": 1, "revision": 1, "next": "https://evil.example/"}
    )
    assert response["Location"] == url("detail", pair)


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"goal_1": "", "goal_2": " "}, "goal_1", "at least one goal"),
        ({"cadence_days": "5"}, "cadence_days", "between every 7 and every 42"),
        ({"cadence_days": "lots"}, "cadence_days", ""),
        ({"evaluation_date": "2001-01-01"}, "evaluation_date", "in the future"),
        ({"evaluation_date": "2099-01-01"}, "evaluation_date", "programme ends on"),
        ({"evaluation_date": "3001-01-01"}, "evaluation_date", "Choose a day between"),
        ({"evaluation_date": "not a date"}, "evaluation_date", ""),
        ({"moving_practice": ""}, "moving_practice", ""),
        ({"planned_meetings": "0"}, "planned_meetings", "between 1 and"),
        ({"goal_1": "x" * 301}, "goal_1", "300"),
    ],
)
def test_bad_input_changes_nothing_and_says_why_next_to_the_field(
    cast, pair, changes, field, words
):
    response = cast.client("worker_a").post(url("edit", pair), form_data(**changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    # Django's own messages come in the user's language (Finnish here); ours are checked.
    assert errors and words in errors, response.context["form"].errors
    assert not Agreement.objects.exists() and not AuditEntry.objects.exists()


def test_a_stale_form_keeps_the_text_and_warns(cast, pair):
    client = cast.client("worker_a")
    client.post(url("edit", pair), form_data())
    cast.client("worker_a2").post(url("edit", pair), form_data(usual_place="Kahvio", revision="1"))
    response = client.post(url("edit", pair), form_data(usual_place="Kirjasto", revision="1"))
    assert response.status_code == 200
    assert "changed while you were editing" in " ".join(response.context["form"].non_field_errors())
    assert Agreement.objects.get().usual_place == "Kahvio"
    assert 'name="revision" value="2"' in response.content.decode()


def test_editing_a_concluded_pairs_agreement_is_refused(cast, pair):
    f.AgreementFactory(pair=pair, accepted=True)
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.CONCLUDED)
    client = cast.client("worker_a")
    assert client.get(url("edit", pair))["Location"] == url("detail", pair)
    client.post(url("edit", pair), form_data(revision="0"))
    client.post(url("amend", pair))
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize("who", ["sup_a", "admin", "worker_b", "outsider", "sup_b"])
@pytest.mark.parametrize("name", ["detail", "edit", "history", "print"])
def test_everyone_but_the_pair_gets_404(cast, pair, who, name):
    f.AgreementFactory(pair=pair, accepted=True, goals=("SALAINEN",))
    response = cast.client(who).get(url(name, pair))
    assert response.status_code == 404 and b"SALAINEN" not in response.content


@pytest.mark.parametrize("who", ["sup_a", "admin", "worker_b"])
def test_nobody_else_can_post(cast, pair, who):
    draft = f.AgreementFactory(pair=pair)
    client = cast.client(who)
    assert client.post(url("accept", pair), {"version": 1, "revision": 1}).status_code == 404
    assert client.post(url("amend", pair)).status_code == 404
    assert client.post(url("edit", pair), form_data()).status_code == 404
    draft.refresh_from_db()
    assert draft.mentor_accepted_at is None and draft.revision == 1


def test_a_draft_pair_is_not_reachable_by_its_members(cast, pair):
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.DRAFT)
    assert cast.client("worker_a").get(url("edit", pair)).status_code == 404


def test_print_view_is_a_clean_page(cast, pair):
    f.AgreementFactory(pair=pair, superseded=True, version=1, goals=("Vanha",))
    f.AgreementFactory(
        pair=pair,
        accepted=True,
        version=2,
        goals=("Tavoite yksi", "Tavoite kaksi"),
        usual_place="Taukotila",
    )
    client = cast.client("worker_a2")
    response = client.get(url("print", pair))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tavoite kaksi" in html and "Vanha" not in html
    assert pair.mentor.user.name in html and pair.actor.user.name in html
    assert pair.programme.name in html and "Yksikkö A" in html
    assert "css/agreements.css" in html and "navbar" not in html and "<footer" not in html
    assert "Vanha" in client.get(url("print", pair, "?version=1")).content.decode()
    for bad in ("?version=9", "?version=x", "?version=99999999999999999999", "?version=²"):
        assert client.get(url("print", pair, bad)).status_code == 404


def test_print_css_sets_an_a4_page():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/agreements.css"), encoding="utf-8").read()
    assert "size: A4" in css and "@media print" in css


def _render_section(pair, role, user):
    request = RequestFactory().get(f"/pairs/{pair.pk}/")
    request.user = user
    context = pair_page_context(access=PairAccess(pair, role))
    return render_to_string("agreements/_pair_section.html", context, request=request)


def test_pair_section_for_members_shows_goals_acceptances_and_buttons(cast, pair):
    html = _render_section(pair, "mentor", cast.worker_a)
    assert url("edit", pair) in html  # write the agreement
    f.AgreementFactory(pair=pair, accepted=True, version=1, goals=("Voimassa oleva tavoite",))
    f.AgreementFactory(pair=pair, version=2, goals=("Luonnoksen tavoite",))
    html = _render_section(pair, "mentor", cast.worker_a)
    assert "Voimassa oleva tavoite" in html and "Luonnoksen tavoite" in html
    assert url("accept", pair) in html and url("print", pair) in html
    assert url("history", pair) in html and 'name="next"' in html
    assert "has not accepted yet" in html


def test_pair_section_for_overseers_shows_only_status_and_date(cast, pair):
    agreement = f.AgreementFactory(
        pair=pair,
        accepted=True,
        goals=("SALAINEN TAVOITE",),
        usual_place="SALAINEN PAIKKA",
        confidentiality="Luottamuksellista",
    )
    for role, user in (("supervisor", cast.sup_a), ("org_admin", cast.admin)):
        html = _render_section(pair, role, user)
        assert "SALAINEN" not in html and "Luottamuksellista" not in html
        assert "version 1" in html
        assert (
            agreement.accepted_on.astimezone(timezone.get_current_timezone()).strftime("%Y") in html
        )
        assert "/agreement/" not in html  # no links into the pair's own pages


def _grow_goals(pair):
    agreement = f.AgreementFactory(pair=pair, accepted=True, goals=())
    draft = f.AgreementFactory(pair=pair, version=2, goals=())

    def grow(n):
        for target in (agreement, draft):
            have = target.goals.count()
            Goal.objects.bulk_create(
                f.GoalFactory.build(agreement=target, position=i, text=f"Tavoite {i}")
                for i in range(have, n)
            )

    return grow


@pytest.mark.parametrize("name", ["detail", "edit", "print"])
def test_pages_run_constant_queries_whatever_the_number_of_goals(cast, pair, name):
    assert_constant_queries(
        cast.client("worker_a"), url(name, pair), _grow_goals(pair), sizes=(1, 50)
    )


def test_history_runs_constant_queries_whatever_the_number_of_versions(cast, pair):
    def grow(n):
        for version in range(Agreement.objects.count() + 1, n + 1):
            f.AgreementFactory(pair=pair, superseded=True, version=version, goals=("A", "B", "C"))

    assert_constant_queries(cast.client("worker_a"), url("history", pair), grow, sizes=(1, 50))
