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


class OrganisationAdminFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationAdmin

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
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
        if create and extracted:
            self.units.set(extracted)


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    unit = factory.LazyAttribute(lambda o: o.programme.units.first())
    role = SignUp.Role.ACTOR
    experience_years = 1
    shifts = factory.LazyFunction(lambda: ["day"])
    languages = factory.LazyFunction(lambda: ["fi"])
    capacity = factory.LazyAttribute(lambda o: 2 if o.role == SignUp.Role.MENTOR else None)
