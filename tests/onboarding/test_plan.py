"""What an import would do, row by row; its reasons in words; a fixed number of queries."""

import pytest

from mentoring.accounts.services import invitation_create
from mentoring.onboarding.plan import ERROR, NEW, UNCHANGED, UPDATE, import_plan
from tests import factories as f
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _plan(cast, rows, *, by=None, create_units=False):
    rows = [{"line": n, **row} for n, row in enumerate(rows, start=2)]
    return import_plan(
        organisation=cast.organisation, by=by or cast.admin, rows=rows, create_units=create_units
    )


def test_each_row_is_classified(cast):
    invitation_create(by=cast.admin, email="pending@example.test", unit=cast.unit_a, name="P")
    plan = _plan(
        cast,
        [
            {"email": "new@example.test", "unit": "Yksikkö A", "name": "Uusi"},
            # The member as stored (factory: Lähihoitaja, day shift), in upper case.
            {"email": "WORKER.A@example.test", "unit": "yksikkö a", "job_title": "Lähihoitaja"},
            {
                "email": "worker.b@example.test",
                "unit": "Yksikkö B",
                "job_title": "Sairaanhoitaja",
                "shifts": "yö, ilta",
                "started_in_field": "2001",
            },
            {"email": "pending@example.test", "unit": "Yksikkö A", "phone": "040 1"},
            {"email": "not-an-email", "unit": "Yksikkö A"},
            {"email": "x@example.test", "unit": "Muu yksikkö"},
            {"email": "y@example.test", "unit": "Yksikkö A", "role": "boss", "shifts": "moon"},
        ],
    )
    actions = [row.action for row in plan.rows]
    assert actions == [NEW, UNCHANGED, UPDATE, UPDATE, ERROR, ERROR, ERROR]
    assert plan.rows[2].changes == ["job_title", "started_in_field", "shifts"]
    assert plan.rows[2].values["shifts"] == ["evening", "night"]
    assert plan.rows[3].changes == ["phone"]
    assert plan.rows[4].errors == ["The email “not-an-email” is not valid."]
    assert plan.rows[5].errors == ["The unit “Muu yksikkö” is not in your organisation."]
    assert len(plan.rows[6].errors) == 2
    assert plan.counts == {NEW: 1, UPDATE: 2, UNCHANGED: 1, ERROR: 3}


def test_two_rows_for_the_same_person_and_unit_are_both_refused(cast):
    plan = _plan(
        cast,
        [
            {"email": "same@example.test", "unit": "Yksikkö A"},
            {"email": "Same@Example.test", "unit": "Yksikkö A"},
            {"email": "same@example.test", "unit": "Yksikkö B"},
        ],
    )
    assert [row.action for row in plan.rows] == [ERROR, ERROR, NEW]
    assert plan.rows[0].errors == ["Rows 2, 3 have the same email for the same unit."]


def test_another_organisations_unit_is_refused_even_with_units_added(cast):
    plan = _plan(cast, [{"email": "a@example.test", "unit": "Muu yksikkö"}])
    assert plan.rows[0].action == ERROR
    added = _plan(cast, [{"email": "a@example.test", "unit": "Muu yksikkö"}], create_units=True)
    # The admin chose to add units: the name becomes a unit of their own organisation.
    assert added.new_units == ["Muu yksikkö"] and added.rows[0].action == NEW


def test_a_supervisor_imports_workers_of_their_own_units_only(cast):
    plan = _plan(
        cast,
        [
            {"email": "a@example.test", "unit": "Yksikkö A"},
            {"email": "b@example.test", "unit": "Yksikkö B"},
            {"email": "c@example.test", "unit": "Yksikkö A", "role": "esihenkilö"},
            {"email": "sup.a@example.test", "unit": "Yksikkö A", "job_title": "Johtaja"},
            {"email": "d@example.test", "unit": "Uusi yksikkö"},
        ],
        by=cast.sup_a,
        create_units=True,
    )
    assert [row.action for row in plan.rows] == [NEW, ERROR, ERROR, ERROR, ERROR]
    assert plan.rows[1].errors == ["You do not supervise the unit “Yksikkö B”."]
    assert plan.rows[2].errors == ["Only the organisation's admin can import supervisors."]
    assert plan.new_units == []


def test_the_plan_runs_a_fixed_number_of_queries(cast):
    def rows(n):
        for i in range(n):
            f.MembershipFactory(unit=cast.unit_a, user__email=f"m{n}-{i}@example.test")
        return [
            {"email": f"m{n}-{i}@example.test", "unit": "Yksikkö A", "job_title": "X"}
            for i in range(n)
        ] + [{"email": f"new{n}-{i}@example.test", "unit": "Yksikkö B"} for i in range(n)]

    _plan(cast, [])  # the admin's roles are read once, then cached on the user
    small, _ = count_queries(_plan, cast, rows(2))
    large, plan = count_queries(_plan, cast, rows(150))
    assert small == large
    assert plan.counts[UPDATE] == 150 and plan.counts[NEW] == 150


def test_the_same_shifts_in_another_order_are_no_change(cast):
    member = cast.worker_a.memberships.get(unit=cast.unit_a)
    member.shifts = ["evening", "day"]
    member.save(update_fields=["shifts"])
    plan = _plan(
        cast, [{"email": cast.worker_a.email, "unit": "Yksikkö A", "shifts": "aamu, ilta"}]
    )
    assert [row.action for row in plan.rows] == [UNCHANGED]
