"""Existing memberships each get their own URL key when 0002 runs."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("units", "0001_initial")]
AFTER = [("units", "0002_membership_key")]


def test_existing_memberships_get_distinct_keys():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("accounts", "User")
    Organisation = old.get_model("units", "Organisation")
    Unit = old.get_model("units", "Unit")
    Membership = old.get_model("units", "Membership")
    unit = Unit.objects.create(organisation=Organisation.objects.create(name="O"), name="U")
    for i in range(3):
        user = User.objects.create(email=f"m{i}@example.test", name=f"M{i}")
        Membership.objects.create(user=user, unit=unit, role="worker")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    keys = list(new.get_model("units", "Membership").objects.values_list("key", flat=True))
    assert len(keys) == 3 and len(set(keys)) == 3 and None not in keys
