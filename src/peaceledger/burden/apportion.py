"""Largest-remainder apportionment of whole US dollars, exact and vectorised.

The UN bills each Member State a whole-dollar amount, and the amounts of one assessment add up
to the appropriation exactly. Rounding each share on its own does not do that (for UNSOH's two
periods it misses by -4 and +8 dollars), so every share here is made by the largest-remainder
(Hamilton) method:

1. each state's exact quota is ``budget * weight / sum(weights)``; it gets the whole-dollar part;
2. the dollars left over (fewer than the number of states) go one each to the states with the
   largest fractional remainders;
3. ties in the remainder go to the state that comes first in the weight order (the scales keep
   states in ISO 3166 alpha-3 order, so ``AFG`` before ``AGO``).

Everything is integer arithmetic on int64: weights are rates in millionths of a percent, so a
remainder is an exact integer and ties are real ties, not float noise. Each share is therefore
the floor or the ceiling of its exact quota (within one dollar of it), and a state with weight 0
always gets 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError

MAX_BUDGET_USD = 10**15
"""A quadrillion dollars: far beyond any UN budget, and safe from int64 overflow below."""

_MAX_WEIGHT_TOTAL = 3_000_000_000
"""Remainders are products of two numbers below the weight total, which must fit in int64."""

Int64Array = NDArray[np.int64]


def check_weights(weights: ArrayLike) -> Int64Array:
    """Weights as a 1-d int64 array, refusing what the integer method cannot do exactly."""
    w = np.asarray(weights)
    if w.ndim != 1 or w.size == 0:
        raise InputError("weights must be a non-empty list", "weights")
    if not np.issubdtype(w.dtype, np.integer):
        raise InputError("weights must be integers (rates in millionths of a percent)", "weights")
    w = w.astype(np.int64)
    if (w < 0).any():
        raise InputError("weights must not be negative", "weights")
    total = int(w.sum())
    if total <= 0 or total > _MAX_WEIGHT_TOTAL:
        raise InputError(f"weights must add up to between 1 and {_MAX_WEIGHT_TOTAL:,}", "weights")
    return w


def check_budgets(budgets: ArrayLike) -> Int64Array:
    """Budgets as a 1-d int64 array of whole dollars between 0 and `MAX_BUDGET_USD`."""
    b = np.atleast_1d(np.asarray(budgets))
    if b.ndim != 1:
        raise InputError("budgets must be a number or a list of numbers", "budget")
    if not np.issubdtype(b.dtype, np.integer):
        raise InputError("budgets must be whole US dollars", "budget")
    if b.size and (int(b.min()) < 0 or int(b.max()) > MAX_BUDGET_USD):
        raise InputError(f"must be between 0 and {MAX_BUDGET_USD:,} US dollars", "budget")
    return b.astype(np.int64)


def apportion(budgets: ArrayLike, weights: ArrayLike) -> Int64Array:
    """Split each budget over the weights: an array of shape (len(budgets), len(weights)).

    Row i holds whole dollars that add up exactly to ``budgets[i]``. One call handles any number
    of budget scenarios against one scale, without a Python loop.
    """
    b = check_budgets(budgets)
    w = check_weights(weights)
    total = int(w.sum())
    k = w.size
    # budget * w = (q * total + r) * w, so floor(budget * w / total) = q * w + (r * w) // total,
    # and every product stays below total**2, which fits in int64.
    q, r = np.divmod(b, total)
    scaled = r[:, None] * w[None, :]
    shares = q[:, None] * w[None, :] + scaled // total
    remainder = scaled % total
    left = b - shares.sum(axis=1)
    # One key per state, unique within a row: the remainder first, then the earlier position.
    key = remainder * k + (k - 1 - np.arange(k, dtype=np.int64))[None, :]
    ranked = np.sort(key, axis=1)
    cut = np.take_along_axis(ranked, np.clip(k - left, 0, k - 1)[:, None], axis=1)
    extra = (key >= cut) & (left > 0)[:, None]
    out: Int64Array = shares + extra
    return out


def apportion_one(budget: int, weights: ArrayLike) -> Int64Array:
    """One budget: a 1-d array of whole dollars adding up to `budget`."""
    row: Int64Array = apportion(np.array([budget], dtype=np.int64), weights)[0]
    return row


def split_whole(amount: int, parts: Sequence[int]) -> list[int]:
    """Split `amount` dollars in proportion to integer `parts` (periods, shares), exactly."""
    return [int(x) for x in apportion_one(amount, np.asarray(parts, dtype=np.int64))]
