"""Invitations and requests to take part, as the services leave them."""

import datetime as dt

import factory
from django.utils import timezone

from mentoring.accounts.models import Invitation
from mentoring.programmes.models import ParticipationRequest

from .people import ProgrammeFactory, UnitFactory


class InvitationFactory(factory.django.DjangoModelFactory):
    """A sent, waiting invitation (nobody knows its token)."""

    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"kutsuttu{n}@example.test")
    unit = factory.SubFactory(UnitFactory)
    token_hash = factory.LazyFunction(lambda: Invitation.new_token()[1])
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    sent_at = factory.LazyFunction(timezone.now)
    send_count = factory.LazyAttribute(lambda o: 1 if o.sent_at else 0)


class ParticipationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationRequest

    programme = factory.SubFactory(ProgrammeFactory)
    unit = factory.LazyAttribute(lambda o: o.programme.units.first())
    name = factory.Faker("name", locale="fi_FI")
    email = factory.Sequence(lambda n: f"kysyja{n}@example.test")
    role = "actor"
