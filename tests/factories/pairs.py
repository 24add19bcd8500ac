import datetime as dt
import itertools

import factory
from django.utils import timezone

from mentoring.pairs.models import Pair

from .base import backdated
from .people import ProgrammeFactory, SignUpFactory


def _free_slot(o) -> int:
    """The mentor's lowest place that no live pair holds (the service picks it the same way)."""
    mentor = o.mentor
    if mentor._state.adding:
        return 1
    taken = set(
        Pair.objects.filter(mentor=mentor, status__in=Pair.LIVE).values_list(
            "mentor_slot", flat=True
        )
    )
    return next(n for n in itertools.count(1) if n not in taken)


def _published_at(o):
    if o.status == Pair.Status.DRAFT:
        return None
    return timezone.now() - dt.timedelta(days=o.published_days_ago)


class PairFactory(factory.django.DjangoModelFactory):
    """A draft pair: a mentor and an actor who signed up for the same programme.

    The status brings its moments: ``published=True`` (or ``status=...``) is published
    ``published_days_ago`` days ago (0 by default); ``active=True`` also made its agreement
    then; ``concluded=True`` was concluded now. Each moment can be given instead.
    """

    class Meta:
        model = Pair
        skip_postgeneration_save = True

    class Params:
        published_days_ago = 0
        published = factory.Trait(status=Pair.Status.PUBLISHED)
        active = factory.Trait(status=Pair.Status.ACTIVE)
        concluded = factory.Trait(status=Pair.Status.CONCLUDED)

    programme = factory.SubFactory(ProgrammeFactory)
    mentor = factory.SubFactory(
        SignUpFactory, programme=factory.SelfAttribute("..programme"), mentor=True
    )
    actor = factory.SubFactory(SignUpFactory, programme=factory.SelfAttribute("..programme"))
    mentor_slot = factory.LazyAttribute(_free_slot)
    status = Pair.Status.DRAFT
    published_at = factory.LazyAttribute(_published_at)
    activated_at = factory.LazyAttribute(
        lambda o: (
            o.published_at if o.status in (Pair.Status.ACTIVE, Pair.Status.CONCLUDED) else None
        )
    )
    concluded_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Pair.Status.CONCLUDED else None
    )
    created_at = backdated()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Given sign-ups do not bring their programme along: say so rather than build a
        # pair whose members signed up for another programme.
        for role in ("mentor", "actor"):
            if kwargs[role].programme_id != kwargs["programme"].pk:
                raise ValueError(f"the {role} signed up for another programme: pass programme=")
        return super()._create(model_class, *args, **kwargs)
