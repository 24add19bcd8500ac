import datetime as dt

import factory
from django.utils import timezone

from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair

from .base import backdated
from .pairs import PairFactory

Status = Meeting.Status
Approval = Meeting.Approval


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned regular meeting of a published pair, ``days`` from now (3 by default),
    ``minutes`` long (60), proposed by the mentor.

    ``held=True``: held for ``minutes`` and logged now (``held_minutes`` to differ);
    ``cancelled=True``: with a reason. ``first=True`` / ``evaluation=True`` for the kind;
    ``pending``, ``approved``, ``declined`` (with a comment) for the supervisor's approval.
    ``log__notes="…"`` (or any ``log__`` field) also writes its log.
    """

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    class Params:
        days = 3
        minutes = 60
        held = factory.Trait(status=Status.HELD)
        cancelled = factory.Trait(status=Status.CANCELLED)
        first = factory.Trait(kind=Meeting.Kind.FIRST)
        evaluation = factory.Trait(kind=Meeting.Kind.EVALUATION)
        pending = factory.Trait(approval=Approval.PENDING)
        approved = factory.Trait(approval=Approval.APPROVED)
        declined = factory.Trait(approval=Approval.DECLINED)

    pair = factory.SubFactory(PairFactory, status=Pair.Status.PUBLISHED)
    kind = Meeting.Kind.REGULAR
    status = Status.PLANNED
    starts_at = factory.LazyAttribute(lambda o: timezone.now() + dt.timedelta(days=o.days))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=o.minutes))
    proposed_by = factory.LazyAttribute(lambda o: o.pair.mentor.user)
    held_minutes = factory.LazyAttribute(lambda o: o.minutes if o.status == Status.HELD else None)
    logged_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == Status.HELD else None)
    cancel_reason = factory.LazyAttribute(
        lambda o: "Sairastuminen" if o.status == Status.CANCELLED else ""
    )
    approval_comment = factory.LazyAttribute(
        lambda o: "Koulutuspäivä" if o.approval == Approval.DECLINED else ""
    )
    approval_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.approval in (Approval.APPROVED, Approval.DECLINED) else None
    )
    created_at = backdated()

    @factory.post_generation
    def log(self, create, extracted, **kwargs):
        if create and (extracted or kwargs):
            MeetingLogFactory(meeting=self, **kwargs)


class MeetingLogFactory(factory.django.DjangoModelFactory):
    """The mentor's log of a meeting held three days ago. ``goals=[…]`` and ``themes=[…]``
    mark what it touched."""

    class Meta:
        model = MeetingLog
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory, held=True, days=-3)
    progress = ""
    notes = ""
    written_by = factory.LazyAttribute(lambda o: o.meeting.pair.mentor.user)

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.goals.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
