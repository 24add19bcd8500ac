"""The supervisor's pairs board: sign-ups side by side, and the pairs with their stage."""

from mentoring.pairs.models import Pair
from mentoring.pairs.selectors import board_signups, pairs_of_programme
from mentoring.path.selectors import with_path
from mentoring.programmes.models import SignUp


def pairs_board(*, programme) -> dict:
    """Everything the pairs board shows, in a constant number of queries: mentors, actors
    (those without a mentor first), the unpaired actors, draft and published pairs (with
    their stage)."""
    signups = board_signups(programme=programme)
    actors = sorted((s for s in signups if s.role == SignUp.Role.ACTOR), key=lambda a: a.paired)
    pairs = with_path(pairs_of_programme(programme=programme))
    return {
        "programme": programme,
        "mentors": [s for s in signups if s.role == SignUp.Role.MENTOR],
        "actors": actors,
        "unpaired_actors": [a for a in actors if not a.paired],
        "drafts": [p for p in pairs if p.status == Pair.Status.DRAFT],
        "published": [p for p in pairs if p.status != Pair.Status.DRAFT],
    }
