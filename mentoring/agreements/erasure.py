"""Erasing a person, as far as agreements hold them.

An agreement is the pair's shared text: both members wrote and accepted it, and it is the
partner's record as much as the erased person's. So it stays while the partner is there, and
its words go only once both members have been erased. The versions, dates and the number of
goals stay (they count in reports)."""

from .models import Agreement, Goal

# Required texts cannot be empty: they read as a dash.
ERASED_TEXT = "–"


def agreement_texts_erase(*, pairs) -> None:
    agreements = Agreement.objects.filter(pair__in=pairs)
    agreements.update(
        usual_place="", usual_time="", moving_practice=ERASED_TEXT, confidentiality=ERASED_TEXT
    )
    Goal.objects.filter(agreement__in=agreements).update(text=ERASED_TEXT)
