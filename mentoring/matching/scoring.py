"""Score every actor against every mentor at once, with numpy.

Each part is a number from 0 to 1 for every (actor, mentor) cell; the supervisor's weights
(0–10 per part) turn the parts into points, and the points add up to the pair's score.

- themes: how many of the themes the actor wants the mentor offers (up to three count).
- experience: the mentor has clearly more years in the field (3 or more); more years help,
  with diminishing returns, so the most senior mentor is not always the best one.
- shifts: both work the same kind of shift; rotating shifts overlap every kind partly.
- unit: both work in the same unit (counts only where the programme spans several units).
- language: they share a language.

Points are whole: each part's points are rounded to a whole point (half up), so a score is
a whole number, plain to read beside weights that are whole numbers too. The solver relies
on it: an assignment of whole numbers has far fewer distinct costs and is solved two to
four times faster than one of fractions (even of tenths: see the README's benchmark), and
the optimum is exact for the score as defined, since every total is a whole number.
``STEPS`` is the grid (10 would count in tenths, at that cost in speed).
"""

from dataclasses import astuple, dataclass

import numpy as np

PARTS = ("themes", "experience", "shifts", "unit", "language")
SHIFT_AXES = ("day", "evening", "night")
ROTATING_OVERLAP = 0.5
CLEAR_GAP_YEARS = 3
THEMES_THAT_COUNT = 3
STEPS = 1  # steps per point: points are counted in whole points


@dataclass(frozen=True)
class Weights:
    themes: int = 5
    experience: int = 3
    shifts: int = 3
    unit: int = 2
    language: int = 3

    def as_array(self) -> np.ndarray:
        return np.array(astuple(self), dtype=float)


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

    def as_rows(self) -> "Features":
        """Each array with a new second axis, to broadcast against ``as_columns``."""
        return self.take((slice(None), None))

    def as_columns(self) -> "Features":
        return self.take((None, slice(None)))


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


def _in_common(a: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Bits in common of bit sets that broadcast, one 64-bit word at a time (no 3-D temporary)."""
    total = np.bitwise_count(a[..., 0] & m[..., 0]).astype(np.int64)
    for w in range(1, a.shape[-1]):
        total += np.bitwise_count(a[..., w] & m[..., w])
    return total


def _parts(a: Features, m: Features, *, spans_units: bool):
    """The five parts, one array at a time, for actors and mentors whose arrays broadcast:
    ``as_rows`` against ``as_columns`` gives every (actor, mentor); two aligned lists give
    one part per pair. One at a time, so that a large programme holds one matrix, not five."""
    # themes: |wanted ∩ offered| over min(|wanted|, 3), capped at 1.
    wanted = np.minimum(np.bitwise_count(a.themes).sum(axis=-1), THEMES_THAT_COUNT)
    shared = np.minimum(_in_common(a.themes, m.themes), THEMES_THAT_COUNT)
    yield shared / np.maximum(wanted, 1)
    # experience: the mentor's extra years.
    yield experience_part(m.years - a.years)
    # shifts: the best overlap over day, evening and night.
    best = np.minimum(a.shifts[..., 0], m.shifts[..., 0])
    for k in range(1, len(SHIFT_AXES)):
        np.maximum(best, np.minimum(a.shifts[..., k], m.shifts[..., k]), out=best)
    yield best
    same_unit = a.units == m.units
    yield same_unit.astype(float) if spans_units else np.zeros(same_unit.shape)
    yield ((a.languages & m.languages) != 0).astype(float)


def score_parts(actors: Features, mentors: Features, *, spans_units: bool) -> np.ndarray:
    """Parts as an array of shape (5, actors, mentors), each in [0, 1]."""
    n, m = len(actors), len(mentors)
    if n == 0 or m == 0:
        return np.zeros((len(PARTS), n, m))
    rows, cols = actors.as_rows(), mentors.as_columns()
    return np.stack(
        [np.broadcast_to(p, (n, m)) for p in _parts(rows, cols, spans_units=spans_units)]
    )


def pair_parts(actors: Features, mentors: Features, *, spans_units: bool) -> np.ndarray:
    """Parts of aligned pairs (actor k with mentor k), shape (5, pairs)."""
    if len(actors) == 0:
        return np.zeros((len(PARTS), 0))
    return np.stack(list(_parts(actors, mentors, spans_units=spans_units)))


def _steps(part: np.ndarray, weight: int) -> np.ndarray:
    """A part's points in whole steps, half up (a float array of whole numbers)."""
    return np.floor(part * (weight * STEPS) + 0.5)


def _all_steps(parts: np.ndarray, weights: Weights) -> np.ndarray:
    """``parts`` has the five parts first; their points in whole steps, same shape."""
    return np.stack([_steps(p, w) for p, w in zip(parts, astuple(weights), strict=True)])


def points(parts: np.ndarray, weights: Weights) -> np.ndarray:
    """Each part's points, rounded to the grid: ``parts`` has the five parts first."""
    return _all_steps(parts, weights) / STEPS


def weigh(parts: np.ndarray, weights: Weights) -> np.ndarray:
    """Total points per (actor, mentor): the sum of the parts' rounded points."""
    return _all_steps(parts, weights).sum(axis=0) / STEPS


def score_matrix(
    actors: Features, mentors: Features, weights: Weights, *, spans_units: bool
) -> np.ndarray:
    """Total points for every (actor, mentor), the same numbers as ``weigh(score_parts())``
    but several times faster: every part takes few values (0–3 themes in common, whole
    years, three shift levels, yes or no), so its points in whole steps are looked up in a
    small table made with the very expressions of ``_parts`` and ``_steps``, and summed as
    integers; no (actors × mentors) float array is made per part."""
    n, m = len(actors), len(mentors)
    if n == 0 or m == 0:
        return np.zeros((n, m))
    w_themes, w_years, w_shifts, w_unit, w_language = astuple(weights)
    total = np.zeros((n, m), dtype=np.int32)
    if w_themes:
        wanted = np.minimum(np.bitwise_count(actors.themes).sum(axis=-1), THEMES_THAT_COUNT)
        shared = np.bitwise_count(actors.themes[:, None, 0] & mentors.themes[None, :, 0])
        for w in range(1, actors.themes.shape[-1]):
            shared += np.bitwise_count(actors.themes[:, None, w] & mentors.themes[None, :, w])
        np.minimum(shared, THEMES_THAT_COUNT, out=shared)
        counts = np.arange(THEMES_THAT_COUNT + 1)
        table = _steps(counts[None, :] / np.maximum(counts[:, None], 1), w_themes)
        total += table.astype(np.int32)[wanted[:, None], shared]
    if w_years:
        actor_years, mentor_years = actors.years.astype(int), mentors.years.astype(int)
        low = int(mentor_years.min() - actor_years.max())
        gaps = np.arange(low, int(mentor_years.max() - actor_years.min()) + 1)
        table = _steps(experience_part(gaps.astype(float)), w_years).astype(np.int32)
        total += table[mentor_years[None, :] - actor_years[:, None] - low]
    if w_shifts:
        # Levels 0, 0.5 and 1 as the small integers 0, 1 and 2.
        a, b = (np.rint(f.shifts * 2).astype(np.int8) for f in (actors, mentors))
        best = np.minimum.outer(a[:, 0], b[:, 0])
        for k in range(1, len(SHIFT_AXES)):
            np.maximum(best, np.minimum.outer(a[:, k], b[:, k]), out=best)
        total += _steps(np.arange(3) / 2, w_shifts).astype(np.int32)[best]
    if w_unit and spans_units:
        total += np.equal.outer(actors.units, mentors.units) * int(_steps(1.0, w_unit))
    if w_language:
        shared_language = (actors.languages[:, None] & mentors.languages[None, :]) != 0
        total += shared_language * int(_steps(1.0, w_language))
    return total / STEPS
