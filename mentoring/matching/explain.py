"""Why a pair scores what it does, in plain words the supervisor can check.

``Explainer`` translates its phrases once (in the active language) and then writes the
reasons of many pairs quickly: "both work evenings", "wants dementia care, which Aino
offers", "12 vs 2 years in the field".
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.programmes.models import Language

from . import scoring
from .scoring import CLEAR_GAP_YEARS, PARTS, SHIFT_AXES, Weights


@dataclass(frozen=True)
class Reason:
    part: str
    label: str
    points: float
    text: str
    good: bool  # speaks for the pair: true of the pair, and the part counts
    counted: bool = True  # false where the part's weight is 0


@dataclass(frozen=True)
class Explanation:
    score: float
    reasons: tuple[Reason, ...]
    maximum: float = 0.0  # the best score any pair could get with these weights

    @property
    def summary(self) -> str:
        """The reasons that speak for the pair, e.g. "both work evenings; wants …"."""
        return "; ".join(r.text for r in self.reasons if r.good)


def _mid_sentence(label: str) -> str:
    """Lower-case the first letter of a label used inside a sentence (not an acronym)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


class Explainer:
    def __init__(self, *, theme_labels: dict, weights: Weights, spans_units: bool) -> None:
        self.weighting = weights
        self.weights = weights.as_array()
        self.spans_units = spans_units
        self.theme_labels = theme_labels
        self.part_labels = {
            "themes": _("Themes"),
            "experience": _("Experience"),
            "shifts": _("Shifts"),
            "unit": _("Unit"),
            "language": _("Language"),
        }
        self.shift_words = {"day": _("days"), "evening": _("evenings"), "night": _("nights")}
        self.language_words = {code: str(label) for code, label in Language.choices}
        self.and_ = _("and")
        self.t_both_work = _("both work %(shifts)s")
        self.t_rotating = _("their shifts overlap in part (rotating shifts)")
        self.t_no_shift = _("no shift in common")
        self.t_wants = _("wants %(themes)s, which %(mentor)s offers")
        self.t_no_theme = _("%(mentor)s offers none of the themes wanted")
        self.t_no_wish = _("has not named themes to learn")
        self.t_same_unit = _("both in %(unit)s")
        self.t_other_unit = _("different units")
        self.t_language = _("both speak %(languages)s")
        self.t_no_language = _("no language in common")
        self.t_not_clear = _("not clearly more experienced")
        self.parts = [(k, p) for k, p in enumerate(PARTS) if p != "unit" or spans_units]
        self.maximum = float(sum(self.weights[k] for k, _p in self.parts))
        self.counts = [bool(w > 0) for w in self.weights]
        self._cache: dict = {}
        self._reasons: dict = {}

    def _join(self, words: list[str]) -> str:
        if len(words) < 2:
            return "".join(words)
        return f"{', '.join(words[:-1])} {self.and_} {words[-1]}"

    def _themes(self, actor, mentor) -> tuple[str, bool]:
        if not actor.themes:
            return self.t_no_wish, False
        shared = tuple(t for t in actor.themes if t in mentor.themes)
        key = (shared, mentor.name)
        if key not in self._cache:
            first_name = mentor.name.split(" ")[0]
            if shared:
                # Mid-sentence: "wants dementia care", not "wants Dementia care".
                labels = [_mid_sentence(self.theme_labels.get(t, "?")) for t in shared]
                text = self.t_wants % {"themes": self._join(labels), "mentor": first_name}
            else:
                text = self.t_no_theme % {"mentor": first_name}
            self._cache[key] = (text, bool(shared))
        return self._cache[key]

    def _experience(self, actor, mentor) -> tuple[str, bool]:
        key = ("years", mentor.years, actor.years)
        if key not in self._cache:
            text = ngettext(
                "%(mentor)s vs %(actor)s year in the field",
                "%(mentor)s vs %(actor)s years in the field",
                actor.years,
            ) % {"mentor": mentor.years, "actor": actor.years}
            clear = mentor.years - actor.years >= CLEAR_GAP_YEARS
            self._cache[key] = (text if clear else f"{text}: {self.t_not_clear}"), clear
        return self._cache[key]

    def _shifts(self, actor, mentor) -> tuple[str, bool]:
        key = ("shifts", tuple(actor.shifts), tuple(mentor.shifts))
        if key not in self._cache:
            a, m = actor.shifts, mentor.shifts
            common = [self.shift_words[s] for s in SHIFT_AXES if s in a and s in m]
            if common:
                found = self.t_both_work % {"shifts": self._join(common)}, True
            elif ("rotating" in a and m) or ("rotating" in m and a):
                found = self.t_rotating, True
            else:
                found = self.t_no_shift, False
            self._cache[key] = found
        return self._cache[key]

    def _unit(self, actor, mentor) -> tuple[str, bool]:
        if actor.unit_id == mentor.unit_id:
            return self.t_same_unit % {"unit": mentor.unit_name}, True
        return self.t_other_unit, False

    def _language(self, actor, mentor) -> tuple[str, bool]:
        key = ("lang", tuple(actor.languages), tuple(mentor.languages))
        if key not in self._cache:
            a, m = actor.languages, mentor.languages
            shared = [self.language_words.get(c, c) for c in a if c in m]
            if shared:
                found = self.t_language % {"languages": self._join(shared)}, True
            else:
                found = self.t_no_language, False
            self._cache[key] = found
        return self._cache[key]

    def _texts(self, actor, mentor) -> list:
        texts = [
            self._themes(actor, mentor),
            self._experience(actor, mentor),
            self._shifts(actor, mentor),
        ]
        if self.spans_units:
            texts.append(self._unit(actor, mentor))
        texts.append(self._language(actor, mentor))
        return texts

    def explain(self, actor, mentor, parts) -> Explanation:
        """``parts``: the five 0–1 parts of this pair (a column of scoring.score_parts)."""
        return self.from_points(actor, mentor, scoring.points(parts, self.weighting).tolist())

    def from_points(self, actor, mentor, points: list) -> Explanation:
        """``points``: the five parts' points of this pair (``scoring.points``), for a run
        that has them for all its pairs at once."""
        reasons = tuple(
            self._reason(k, part, points[k], text, good)
            for (k, part), (text, good) in zip(self.parts, self._texts(actor, mentor), strict=True)
        )
        return Explanation(score=round(sum(points), 1), reasons=reasons, maximum=self.maximum)

    def _reason(self, k: int, part: str, points: float, text: str, good: bool) -> Reason:
        """Reasons repeat (the same words, the same points) across a run's pairs: each is
        made once and shared (it is frozen)."""
        key = (k, points, text, good)
        found = self._reasons.get(key)
        if found is None:
            counted = self.counts[k]
            found = Reason(
                part, self.part_labels[part], round(points, 1), text, good and counted, counted
            )
            self._reasons[key] = found
        return found
