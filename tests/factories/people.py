"""Who takes part: organisations, units, users and their memberships, programmes and
sign-ups. Left alone, the factories build a consistent world: a programme has a unit of its
organisation, and a sign-up's worker is a member of the sign-up's unit."""

import datetime as dt

import factory
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.programmes.models import Programme, SignUp
from units.models import Membership, Organisation, OrganisationAdmin, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    name = factory.Faker("name", locale="fi_FI")
    language = "fi"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "password-123")
        if create:
            self.save(update_fields=["password"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Unit {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Membership.Role.WORKER
    job_title = "Lähihoitaja"
    started_in_field = 2015
    shifts = factory.LazyFunction(lambda: ["day"])


class WorkerFactory(UserFactory):
    """A user who works in ``unit`` (a worker's membership there, with ``job_title``)."""

    class Params:
        unit = factory.SubFactory(UnitFactory)
        job_title = "Lähihoitaja"

    membership = factory.RelatedFactory(
        MembershipFactory,
        factory_related_name="user",
        unit=factory.SelfAttribute("..unit"),
        job_title=factory.SelfAttribute("..job_title"),
    )


class OrganisationAdminFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationAdmin

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A running programme (started a month ago). Without ``units`` it gets a new unit of
    its organisation, so that its sign-ups have a unit to belong to."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Mentorointi {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=300))
    short_code = factory.LazyFunction(Programme.new_short_code)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [UnitFactory(organisation=self.organisation)]
        self.units.set(extracted)


class SignUpFactory(factory.django.DjangoModelFactory):
    """An actor's sign-up by a worker of the programme's (first) unit.
    ``mentor=True``: a mentor with 15 years in the field and room for two actors."""

    class Meta:
        model = SignUp

    class Params:
        mentor = factory.Trait(
            role=SignUp.Role.MENTOR, experience_years=15, user__job_title="Sairaanhoitaja"
        )

    programme = factory.SubFactory(ProgrammeFactory)
    unit = factory.LazyAttribute(lambda o: o.programme.units.first())
    user = factory.SubFactory(WorkerFactory, unit=factory.SelfAttribute("..unit"))
    role = SignUp.Role.ACTOR
    experience_years = 1
    shifts = factory.LazyFunction(lambda: ["day"])
    languages = factory.LazyFunction(lambda: ["fi"])
    capacity = factory.LazyAttribute(lambda o: 2 if o.role == SignUp.Role.MENTOR else None)
