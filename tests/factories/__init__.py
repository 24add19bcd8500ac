"""factory_boy factories for the whole domain, one module per part:
``from tests import factories as f`` and ``f.PairFactory(active=True)``.

Left alone, each factory builds a consistent world that satisfies every database
constraint (a pair's mentor and actor signed up for its programme as workers of its unit,
a free place of the mentor, ...); traits name the common states. See each factory's
docstring for its defaults and traits.
"""

from .agreements import AgreementFactory, GoalFactory
from .evaluations import EvaluationFactory
from .invitations import InvitationFactory, ParticipationRequestFactory
from .meetings import MeetingFactory, MeetingLogFactory
from .pairs import PairFactory
from .people import (
    MembershipFactory,
    OrganisationAdminFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SignUpFactory,
    UnitFactory,
    UserFactory,
    WorkerFactory,
)
from .signin import TOTP_SECRET, SingleSignOnFactory, TOTPFactory

__all__ = [
    "AgreementFactory",
    "EvaluationFactory",
    "GoalFactory",
    "InvitationFactory",
    "MeetingFactory",
    "MeetingLogFactory",
    "MembershipFactory",
    "OrganisationAdminFactory",
    "OrganisationFactory",
    "PairFactory",
    "ParticipationRequestFactory",
    "ProgrammeFactory",
    "SignUpFactory",
    "TOTP_SECRET",
    "SingleSignOnFactory",
    "TOTPFactory",
    "UnitFactory",
    "UserFactory",
    "WorkerFactory",
]
