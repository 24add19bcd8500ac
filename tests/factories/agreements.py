import datetime as dt

import factory
from django.db.models import Max
from django.utils import timezone

from mentoring.agreements.models import Agreement, Goal
from mentoring.pairs.models import Pair

from .base import backdated
from .pairs import PairFactory


def _next_version(o) -> int:
    if o.pair._state.adding:
        return 1
    return (o.pair.agreements.aggregate(v=Max("version"))["v"] or 0) + 1


def _accepted_at(o):
    return None if o.status == Agreement.Status.DRAFT else o.accepted_at


def _pair_status(o):
    """A draft is written by a published pair; an accepted agreement makes the pair active."""
    if o.factory_parent.status == Agreement.Status.DRAFT:
        return Pair.Status.PUBLISHED
    return Pair.Status.ACTIVE


class AgreementFactory(factory.django.DjangoModelFactory):
    """The next version of a pair's agreement, a draft unless ``accepted=True`` (both members
    accepted it ``accepted_at``, now by default) or ``superseded=True``. It has one goal,
    "Lääkehoito"; ``goals=["…", …]`` gives others in that order. ``created_at=…`` backdates it."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    class Params:
        accepted_at = factory.LazyFunction(timezone.now)
        accepted = factory.Trait(status=Agreement.Status.ACCEPTED)
        superseded = factory.Trait(status=Agreement.Status.SUPERSEDED)

    pair = factory.SubFactory(PairFactory, status=factory.LazyAttribute(_pair_status))
    version = factory.LazyAttribute(_next_version)
    status = Agreement.Status.DRAFT
    cadence_days = 14
    moving_practice = "Viestillä"
    confidentiality = "Luottamus"
    planned_meetings = 3
    evaluation_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    mentor_accepted_at = factory.LazyAttribute(_accepted_at)
    actor_accepted_at = factory.LazyAttribute(_accepted_at)
    created_at = backdated()

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        # The service asks for at least one goal; goals=[] for none.
        texts = ["Lääkehoito"] if extracted is None else extracted
        if create and texts:
            Goal.objects.bulk_create(
                Goal(agreement=self, position=n, text=text) for n, text in enumerate(texts, 1)
            )


class GoalFactory(factory.django.DjangoModelFactory):
    """A goal, placed after the agreement's other goals."""

    class Meta:
        model = Goal

    agreement = factory.SubFactory(AgreementFactory, accepted=True, goals=[])
    position = factory.LazyAttribute(
        lambda o: 1 if o.agreement._state.adding else o.agreement.goals.count() + 1
    )
    text = factory.Sequence(lambda n: f"Tavoite {n}")
