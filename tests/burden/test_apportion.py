"""Largest-remainder apportionment: exact sums, exact shares, deterministic ties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peaceledger.burden import ScaleKind, apportion, apportion_one, load_scale_book
from peaceledger.burden.apportion import MAX_BUDGET_USD, split_whole
from peaceledger.errors import InputError

BOOK = load_scale_book()
REAL_SCALES = [s.weights for s in BOOK.scales.values()]

budgets = st.integers(min_value=0, max_value=MAX_BUDGET_USD)
weights = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=250).filter(
    lambda w: sum(w) > 0
)
scales = st.sampled_from(REAL_SCALES) | weights.map(lambda w: np.array(w, dtype=np.int64))


def reference(budget: int, w: list[int]) -> list[int]:
    """The textbook method in plain Python integers, one state at a time."""
    total = sum(w)
    shares = [budget * x // total for x in w]
    rems = [budget * x % total for x in w]
    left = budget - sum(shares)
    for i in sorted(range(len(w)), key=lambda i: (-rems[i], i))[:left]:
        shares[i] += 1
    return shares


@given(budget=budgets, w=scales)
def test_shares_add_up_exactly_and_are_within_a_dollar_of_pro_rata(
    budget: int, w: np.ndarray
) -> None:
    shares = apportion_one(budget, w)
    total = int(w.sum())
    assert int(shares.sum()) == budget
    assert (shares >= 0).all()
    for share, x in zip(shares.tolist(), w.tolist(), strict=True):
        # |share - budget * x / total| < 1, in integers
        assert abs(share * total - budget * x) < total
        if x == 0:
            assert share == 0


@given(budget=budgets, w=weights)
def test_same_as_the_one_state_at_a_time_reference(budget: int, w: list[int]) -> None:
    assert apportion_one(budget, w).tolist() == reference(budget, w)


@given(many=st.lists(budgets, min_size=1, max_size=30), w=scales)
@settings(max_examples=50)
def test_many_scenarios_at_once_equal_one_by_one(many: list[int], w: np.ndarray) -> None:
    together = apportion(np.array(many, dtype=np.int64), w)
    assert together.shape == (len(many), w.size)
    for row, b in zip(together, many, strict=True):
        assert row.tolist() == apportion_one(b, w).tolist()


@given(
    budget=st.integers(min_value=0, max_value=10**9), k=st.integers(1, 200), x=st.integers(1, 99)
)
def test_ties_go_to_the_first_states_in_order(budget: int, k: int, x: int) -> None:
    shares = apportion_one(budget, [x] * k).tolist()
    low, extra = divmod(budget, k)
    assert shares == [low + 1] * extra + [low] * (k - extra)


def test_equal_rates_small_example() -> None:
    assert apportion_one(5, [1] * 7).tolist() == [1, 1, 1, 1, 1, 0, 0]
    assert apportion_one(10, [0, 1, 0, 1]).tolist() == [0, 5, 0, 5]
    assert split_whole(271_328_700, [3, 6]) == [90_442_900, 180_885_800]


def test_the_largest_remainder_wins_over_order() -> None:
    # quotas 0.4 and 0.6: the dollar left over goes to the 0.6, not to the first state
    assert apportion_one(1, [2, 3]).tolist() == [0, 1]


def test_deterministic() -> None:
    w = BOOK.scale(ScaleKind.PEACEKEEPING, 2026).weights
    first = apportion(np.arange(0, 10**9, 10**7), w)
    assert (first == apportion(np.arange(0, 10**9, 10**7), w)).all()


@pytest.mark.parametrize(
    ("budgets_", "weights_"),
    [
        ([-1], [1, 2]),
        ([MAX_BUDGET_USD + 1], [1, 2]),
        ([1.5], [1, 2]),
        ([1], [1, -2]),
        ([1], [0, 0]),
        ([1], []),
        ([1], [0.5, 0.5]),
    ],
)
def test_refuses_what_it_cannot_do_exactly(budgets_: list[float], weights_: list[float]) -> None:
    with pytest.raises(InputError):
        apportion(np.array(budgets_), np.array(weights_))
