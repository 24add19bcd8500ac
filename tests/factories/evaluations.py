import factory

from mentoring.evaluations.models import Evaluation
from mentoring.pairs.models import Pair

from .meetings import MeetingFactory


def _author(o):
    signup = o.pair.mentor if o.author_role == "mentor" else o.pair.actor
    return signup.user


class EvaluationFactory(factory.django.DjangoModelFactory):
    """The mentor's answer at an active pair's evaluation meeting, held yesterday: every
    benefit rated ``rating`` (4), deciding to conclude. ``author_role="actor"`` for the
    actor's answer."""

    class Meta:
        model = Evaluation

    class Params:
        rating = 4

    meeting = factory.SubFactory(
        MeetingFactory, held=True, evaluation=True, days=-1, pair__status=Pair.Status.ACTIVE
    )
    pair = factory.SelfAttribute("meeting.pair")
    author_role = "mentor"
    author = factory.LazyAttribute(_author)
    learning = factory.SelfAttribute("rating")
    growth = factory.SelfAttribute("rating")
    tips = factory.SelfAttribute("rating")
    perspectives = factory.SelfAttribute("rating")
    valuing = factory.SelfAttribute("rating")
    wellbeing = factory.SelfAttribute("rating")
    decision = Evaluation.Decision.CONCLUDE
    new_goals = factory.LazyFunction(list)
