"""Score every actor against every mentor at once, with numpy.

Each part is a number from 0 to 1 for every (actor, mentor) cell; the supervisor's weights
(0–10 per part) turn the parts into points, and the points add up to the pair's score.

- themes: how many of the themes the actor wants the mentor offers (up to three count).
- experience: the mentor has clearly more years in the field (3 or more); more years help,
  with diminishing returns, so the most senior mentor is not always the best one.
- shifts: both work the same kind of shift; rotating shifts overlap every kind partly.
- unit: both work in the same unit (counts only where the programme spans several units).
- language: they share a language.
"""

from dataclasses import astuple, dataclass

import numpy as np

PARTS = ("themes", "experience", "shifts", "unit", "language")
SHIFT_AXES = ("day", "evening", "night")
ROTATING_OVERLAP = 0.5
CLEAR_GAP_YEARS = 3
THEMES_THAT_COUNT = 3


@dataclass(frozen=True)
class Weights:
    themes: int = 5
    experience: int = 3
    shifts: int = 3
    unit: int = 2
    language: int = 3

    def as_array(self) -> np.ndarray:
        return np.array(astuple(self), dtype=float)

    @property
    def maximum(self) -> float:
        return float(sum(astuple(self)))


@dataclass
class Features:
    """One row per sign-up (actors or mentors), in a fixed order.

    Themes and languages are bit sets (one uint64 word per 64 themes), so that "how many
    in common" is an AND and a bit count over the whole matrix, with no BLAS involved.
    """

    years: np.ndarray  # (k,) years in the field
    shifts: np.ndarray  # (k, 3) 1 for a listed shift, 0.5 for each axis if rotating
    themes: np.ndarray  # (k, W) uint64 bit sets: wanted (actors) or offered (mentors)
    languages: np.ndarray  # (k,) uint64 bit set of languages spoken
    units: np.ndarray  # (k,) unit code

    def __len__(self) -> int:
        return len(self.years)

    def take(self, index) -> "Features":
        return Features(
            self.years[index],
            self.shifts[index],
            self.themes[index],
            self.languages[index],
            self.units[index],
        )


def bit_sets(columns_per_row: list, width: int) -> np.ndarray:
    """Rows of column numbers (each < width) as (rows, ceil(width / 64)) uint64 bit sets."""
    words = max((width + 63) // 64, 1)
    values = [sum(1 << c for c in set(cols)) for cols in columns_per_row]
    mask = (1 << 64) - 1
    return np.array(
        [[(v >> (64 * w)) & mask for w in range(words)] for v in values], dtype=np.uint64
    ).reshape(len(values), words)


def shift_levels(shifts) -> tuple[float, float, float]:
    base = ROTATING_OVERLAP if "rotating" in shifts else 0.0
    return tuple(1.0 if axis in shifts else base for axis in SHIFT_AXES)


def experience_part(gap: np.ndarray) -> np.ndarray:
    """0 below a clear gap; 0.6 at 3 years more, 0.8 at 6, 0.92 at 10, towards 1."""
    clear = gap >= CLEAR_GAP_YEARS
    extra = np.where(clear, gap - CLEAR_GAP_YEARS, 0)
    return np.where(clear, 1.0 - 0.4 * np.power(0.8, extra), 0.0)


def _shared(a: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Number of bits in common for every (a row, m row) pair."""
    total = np.zeros((len(a), len(m)), dtype=np.int64)
    for w in range(a.shape[1]):
        total += np.bitwise_count(a[:, w, None] & m[None, :, w])
    return total


def score_parts(actors: Features, mentors: Features, *, spans_units: bool) -> np.ndarray:
    """Parts as an array of shape (5, actors, mentors), each in [0, 1]."""
    n, m = len(actors), len(mentors)
    parts = np.zeros((len(PARTS), n, m))
    if n == 0 or m == 0:
        return parts
    # themes: |wanted ∩ offered| over min(|wanted|, 3), capped at 1.
    shared = _shared(actors.themes, mentors.themes)
    wanted = np.minimum(np.bitwise_count(actors.themes).sum(axis=1), THEMES_THAT_COUNT)
    np.divide(np.minimum(shared, THEMES_THAT_COUNT), np.maximum(wanted, 1)[:, None], out=parts[0])
    # experience: the mentor's extra years.
    parts[1] = experience_part(mentors.years[None, :] - actors.years[:, None])
    # shifts: the best overlap over day, evening and night.
    for k in range(len(SHIFT_AXES)):
        np.maximum(
            parts[2], np.minimum.outer(actors.shifts[:, k], mentors.shifts[:, k]), out=parts[2]
        )
    if spans_units:
        np.equal(actors.units[:, None], mentors.units[None, :], out=parts[3])
    np.not_equal(actors.languages[:, None] & mentors.languages[None, :], 0, out=parts[4])
    return parts


def weigh(parts: np.ndarray, weights: Weights) -> np.ndarray:
    """Total points per (actor, mentor)."""
    w = weights.as_array()
    total = parts[0] * w[0]
    for k in range(1, len(PARTS)):
        if w[k]:
            total += parts[k] * w[k]
    return total
