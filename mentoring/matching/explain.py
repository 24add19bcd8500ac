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
        words = {
            "themes": self._themes,
            "experience": self._experience,
            "shifts": self._shifts,
            "unit": self._unit,
            "language": self._language,
        }
        self._wording = [(k, part, words[part]) for k, part in self.parts]
        # Words repeat across a run's pairs: each is made once, then looked up.
        self._cache: dict = {}
        self._reasons: dict = {}
        self._theme_words: dict = {}  # theme id -> its label, mid-sentence
        self._first_names: dict = {}  # a mentor's name -> the first name
        self._years_sentences: dict = {}  # the actor's years -> the sentence, in its plural

    def _join(self, words: list[str]) -> str:
        if len(words) < 2:
            return "".join(words)
        return f"{', '.join(words[:-1])} {self.and_} {words[-1]}"

    def _theme_word(self, theme_id) -> str:
        word = self._theme_words.get(theme_id)
        if word is None:
            # Mid-sentence: "wants dementia care", not "wants Dementia care".
            word = _mid_sentence(self.theme_labels.get(theme_id, "?"))
            self._theme_words[theme_id] = word
        return word

    def _first_name(self, name: str) -> str:
        first = self._first_names.get(name)
        if first is None:
            first = self._first_names[name] = name.split(" ")[0]
        return first

    def _themes(self, actor, mentor) -> tuple[str, bool]:
        if not actor.themes:
            return self.t_no_wish, False
        shared = tuple(t for t in actor.themes if t in mentor.themes)
        key = (shared, mentor.name)
        found = self._cache.get(key)
        if found is None:
            first_name = self._first_name(mentor.name)
            if shared:
                labels = [self._theme_word(t) for t in shared]
                text = self.t_wants % {"themes": self._join(labels), "mentor": first_name}
            else:
                text = self.t_no_theme % {"mentor": first_name}
            found = self._cache[key] = (text, bool(shared))
        return found

    def _years_sentence(self, actor_years: int) -> str:
        """The sentence's plural follows the actor's years: looked up once per number."""
        sentence = self._years_sentences.get(actor_years)
        if sentence is None:
            sentence = ngettext(
                "%(mentor)s vs %(actor)s year in the field",
                "%(mentor)s vs %(actor)s years in the field",
                actor_years,
            )
            self._years_sentences[actor_years] = sentence
        return sentence

    def _experience(self, actor, mentor) -> tuple[str, bool]:
        key = ("years", mentor.years, actor.years)
        found = self._cache.get(key)
        if found is None:
            text = self._years_sentence(actor.years) % {
                "mentor": mentor.years,
                "actor": actor.years,
            }
            clear = mentor.years - actor.years >= CLEAR_GAP_YEARS
            found = self._cache[key] = (text if clear else f"{text}: {self.t_not_clear}"), clear
        return found

    def _shifts(self, actor, mentor) -> tuple[str, bool]:
        key = ("shifts", tuple(actor.shifts), tuple(mentor.shifts))
        found = self._cache.get(key)
        if found is None:
            a, m = actor.shifts, mentor.shifts
            common = [self.shift_words[s] for s in SHIFT_AXES if s in a and s in m]
            if common:
                found = self.t_both_work % {"shifts": self._join(common)}, True
            elif ("rotating" in a and m) or ("rotating" in m and a):
                found = self.t_rotating, True
            else:
                found = self.t_no_shift, False
            self._cache[key] = found
        return found

    def _unit(self, actor, mentor) -> tuple[str, bool]:
        if actor.unit_id != mentor.unit_id:
            return self.t_other_unit, False
        key = ("unit", mentor.unit_name)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.t_same_unit % {"unit": mentor.unit_name}, True
        return found

    def _language(self, actor, mentor) -> tuple[str, bool]:
        key = ("lang", tuple(actor.languages), tuple(mentor.languages))
        found = self._cache.get(key)
        if found is None:
            a, m = actor.languages, mentor.languages
            shared = [self.language_words.get(c, c) for c in a if c in m]
            if shared:
                found = self.t_language % {"languages": self._join(shared)}, True
            else:
                found = self.t_no_language, False
            self._cache[key] = found
        return found

    def explain(self, actor, mentor, parts) -> Explanation:
        """``parts``: the five 0–1 parts of this pair (a column of scoring.score_parts)."""
        return self.from_points(actor, mentor, scoring.points(parts, self.weighting).tolist())

    def from_points(self, actor, mentor, points: list) -> Explanation:
        """``points``: the five parts' points of this pair (``scoring.points``), for a run
        that has them for all its pairs at once."""
        reasons = []
        for k, part, words in self._wording:
            text, good = words(actor, mentor)
            # Reasons repeat (the same words, the same points) across a run's pairs: each
            # is made once and shared (it is frozen).
            key = (k, points[k], text, good)
            reason = self._reasons.get(key)
            if reason is None:
                counted = self.counts[k]
                reason = Reason(
                    part,
                    self.part_labels[part],
                    round(points[k], 1),
                    text,
                    good and counted,
                    counted,
                )
                self._reasons[key] = reason
            reasons.append(reason)
        return Explanation(
            score=round(sum(points), 1), reasons=tuple(reasons), maximum=self.maximum
        )
