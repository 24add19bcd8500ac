import datetime as dt

import pytest
from django.utils import timezone

from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.pairs.models import Pair
from mentoring.programmes import services
from mentoring.programmes.models import SignUp, Theme
from tests import factories as f

from .conftest import details

pytestmark = pytest.mark.django_db


def test_worker_signs_up_as_actor(cast, programme):
    theme = Theme.objects.get(key="dementia-care")
    signup = services.signup_create(
        programme=programme,
        user=cast.worker_a2,
        by=cast.worker_a2,
        **details(themes=[theme], capacity=5, themes_text=" Omaiset "),
    )
    assert signup.unit == cast.unit_a and signup.role == "actor"
    assert signup.capacity is None  # actors take no one
    assert list(signup.themes.all()) == [theme]
    assert signup.themes_text == "Omaiset" and signup.entered_by is None
    assert AuditEntry.objects.get(action="signup.create").data == {
        "role": "actor",
        "on_behalf": False,
    }


def test_mentor_gives_a_capacity_from_1_to_10(cast, programme):
    for bad in (None, 0, 11):
        with pytest.raises(DomainError) as error:
            services.signup_create(
                programme=programme,
                user=cast.worker_a,
                by=cast.worker_a,
                **details(role="mentor", capacity=bad),
            )
        assert error.value.field == "capacity"
    assert not SignUp.objects.exists()
    signup = services.signup_create(
        programme=programme,
        user=cast.worker_a,
        by=cast.worker_a,
        **details(role="mentor", capacity=10),
    )
    assert signup.capacity == 10


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"role": "boss"}, "role"),
        ({"experience_years": 99}, "experience_years"),
        ({"shifts": ["lunch"]}, "shifts"),
        ({"languages": ["xx"]}, "languages"),
    ],
)
def test_bad_details_are_refused(cast, programme, changes, field):
    with pytest.raises(DomainError) as error:
        services.signup_create(
            programme=programme, user=cast.worker_a, by=cast.worker_a, **details(**changes)
        )
    assert error.value.field == field
    assert not SignUp.objects.exists()


def test_another_organisations_theme_is_refused(cast, programme):
    foreign = Theme.objects.create(organisation=f.OrganisationFactory(), name="Vieras")
    with pytest.raises(DomainError) as error:
        services.signup_create(
            programme=programme, user=cast.worker_a, by=cast.worker_a, **details(themes=[foreign])
        )
    assert error.value.field == "themes"


def test_only_workers_of_the_programme_units(cast, programme):
    for user in (cast.worker_b, cast.sup_a, cast.outsider):
        with pytest.raises(DomainError, match="Only workers"):
            services.signup_create(programme=programme, user=user, by=user, **details())
    assert not SignUp.objects.exists()


def test_closed_signup_refuses_the_worker_but_not_the_supervisor(cast, programme):
    programme.signup_open = False
    programme.save()
    with pytest.raises(DomainError, match="closed"):
        services.signup_create(
            programme=programme, user=cast.worker_a, by=cast.worker_a, **details()
        )
    signup = services.signup_create(
        programme=programme, user=cast.worker_a, by=cast.sup_a, **details()
    )
    assert signup.entered_by == cast.sup_a


def test_ended_programme_refuses(cast, programme):
    programme.ends_on = timezone.localdate() - dt.timedelta(days=1)
    programme.save()
    with pytest.raises(DomainError, match="ended"):
        services.signup_create(
            programme=programme, user=cast.worker_a, by=cast.worker_a, **details()
        )


def test_one_active_signup_per_person(cast, programme):
    services.signup_create(programme=programme, user=cast.worker_a, by=cast.worker_a, **details())
    with pytest.raises(DomainError, match="already signed up"):
        services.signup_create(
            programme=programme, user=cast.worker_a, by=cast.worker_a, **details()
        )
    assert SignUp.objects.count() == 1


def test_supervisor_on_behalf_uses_the_unit_records(cast, programme):
    signup = services.signup_create(
        programme=programme,
        user=cast.worker_a,
        by=cast.sup_a,
        **details(experience_years=None),
    )
    assert signup.experience_years == timezone.localdate().year - 2005
    assert AuditEntry.objects.get(action="signup.create").actor == cast.sup_a


def test_other_supervisors_cannot_enter_signups(cast, programme):
    for by in (cast.sup_b, cast.admin, cast.worker_a2):
        with pytest.raises(DomainError):
            services.signup_create(programme=programme, user=cast.worker_a, by=by, **details())
    assert not SignUp.objects.exists()


def test_update_and_withdraw_before_pairing(cast, programme):
    signup = services.signup_create(
        programme=programme, user=cast.worker_a, by=cast.worker_a, **details()
    )
    services.signup_update(
        signup=signup, by=cast.worker_a, **details(role="mentor", capacity=2, experience_years=19)
    )
    signup.refresh_from_db()
    assert (signup.role, signup.capacity, signup.experience_years) == ("mentor", 2, 19)
    services.signup_withdraw(signup=signup, by=cast.worker_a)
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.WITHDRAWN
    assert {"signup.update", "signup.withdraw"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )
    # Withdrawn: no more changes; signing up again makes a new sign-up.
    with pytest.raises(DomainError, match="withdrawn"):
        services.signup_update(signup=signup, by=cast.worker_a, **details())
    again = services.signup_create(
        programme=programme, user=cast.worker_a, by=cast.worker_a, **details()
    )
    assert again.pk != signup.pk


@pytest.mark.parametrize("status", [Pair.Status.DRAFT, Pair.Status.PUBLISHED, Pair.Status.ACTIVE])
def test_no_changes_once_in_a_live_pair(cast, programme, status):
    mentor = f.SignUpFactory(programme=programme, user=cast.worker_a, role="mentor")
    actor = f.SignUpFactory(programme=programme, user=cast.worker_a2)
    pair = f.PairFactory(programme=programme, mentor=mentor, actor=actor)
    Pair.objects.filter(pk=pair.pk).update(status=status)
    for signup, user in ((mentor, cast.worker_a), (actor, cast.worker_a2)):
        with pytest.raises(DomainError, match="already in a pair"):
            services.signup_update(signup=signup, by=user, **details(experience_years=7))
        with pytest.raises(DomainError, match="already in a pair"):
            services.signup_withdraw(signup=signup, by=cast.sup_a)
        signup.refresh_from_db()
        assert signup.status == SignUp.Status.ACTIVE and signup.experience_years == 1


def test_a_concluded_pair_no_longer_locks(cast, programme):
    mentor = f.SignUpFactory(programme=programme, user=cast.worker_a, role="mentor")
    actor = f.SignUpFactory(programme=programme, user=cast.worker_a2)
    pair = f.PairFactory(programme=programme, mentor=mentor, actor=actor)
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.CONCLUDED)
    services.signup_withdraw(signup=actor, by=cast.worker_a2)


def test_only_the_owner_or_the_supervisor_changes_a_signup(cast, programme):
    signup = f.SignUpFactory(programme=programme, user=cast.worker_a)
    for by in (cast.worker_a2, cast.sup_b, cast.admin):
        with pytest.raises(DomainError):
            services.signup_withdraw(signup=signup, by=by)
    services.signup_update(signup=signup, by=cast.sup_a, **details(experience_years=4))
    services.signup_withdraw(signup=signup, by=cast.sup_a)
    assert AuditEntry.objects.get(action="signup.withdraw").data == {"on_behalf": True}


def test_a_shared_programme_is_run_jointly_for_sign_ups(cast):
    """Any supervisor of the programme's units changes and withdraws any of its sign-ups (the
    rule of docs/architecture.md); whoever runs none of its units may not, admin included."""
    from mentoring.programmes.services import signup_update, signup_withdraw

    programme = f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a, cast.unit_b], signup_open=True
    )
    signup = f.SignUpFactory(programme=programme, user=cast.worker_a, unit=cast.unit_a)
    for stranger in (cast.admin, cast.outsider, cast.worker_b):
        with pytest.raises(DomainError, match="Only the supervisor of the programme"):
            signup_withdraw(signup=signup, by=stranger)
        with pytest.raises(DomainError, match="Only the supervisor of the programme"):
            signup_update(signup=signup, by=stranger, role="actor", experience_years=3)
    signup.refresh_from_db()
    assert (signup.status, signup.experience_years) == ("active", 1)
    signup_update(signup=signup, by=cast.sup_b, role="actor", experience_years=3)  # unit B's
    signup.refresh_from_db()
    assert signup.experience_years == 3
    signup_withdraw(signup=signup, by=cast.sup_b)
    signup.refresh_from_db()
    assert signup.status == "withdrawn"
