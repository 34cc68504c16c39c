"""Benchmark: 10,000 budget scenarios apportioned over the 193 UN Member States.

Usage::

    python bench/assess.py [--scenarios N] [--repeats R] [--seed S]

It draws N budgets (seeded, from one dollar to US$10 billion) and splits each one over the
2026 peacekeeping scale in whole dollars by largest remainder, the way `peaceledger assess`
does, with one vectorised call of `peaceledger.burden.apportion`.

The peer, measured in the same run on the same machine, is the straightforward way: a Python
loop over the scenarios, each split with Python integers (floor, remainders, a sort by largest
remainder then position). Its answers must equal ours, state by state: a benchmark that gets
faster by being wrong fails. The target is under 100 ms for 10,000 x 193; the report gives the
median of the repeats (after one untimed warm-up call) and the ratio to the peer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence

import numpy as np

from peaceledger.burden import ScaleKind, apportion, load_scale_book

TARGET_MS = 100.0


def python_loop(budgets: Sequence[int], weights: Sequence[int]) -> list[list[int]]:
    """The peer: one scenario at a time, in plain Python integers."""
    total = sum(weights)
    order = range(len(weights))
    out = []
    for b in budgets:
        shares = [b * w // total for w in weights]
        rems = [b * w % total for w in weights]
        left = b - sum(shares)
        for i in sorted(order, key=lambda i: (-rems[i], i))[:left]:
            shares[i] += 1
        out.append(shares)
    return out


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Median wall time in ms over `repeats` runs, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--scenarios", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=7, help="timed runs of ours (median)")
    ap.add_argument("--peer-repeats", type=int, default=3, help="timed runs of the peer")
    ap.add_argument("--seed", type=int, default=20251001)
    args = ap.parse_args(argv)
    if args.scenarios < 1 or args.repeats < 1 or args.peer_repeats < 1:
        ap.error("--scenarios and the repeats must be positive")

    scale = load_scale_book().scale(ScaleKind.PEACEKEEPING, 2026)
    weights = scale.weights
    rng = np.random.default_rng(args.seed)
    budgets = rng.integers(1, 10_000_000_000, size=args.scenarios, dtype=np.int64)

    apportion(budgets, weights)  # warm-up: first-call allocations and imports
    ours_ms, ours = timed(lambda: apportion(budgets, weights), args.repeats)
    b_list, w_list = budgets.tolist(), weights.tolist()
    peer_ms, peer = timed(lambda: python_loop(b_list, w_list), args.peer_repeats)

    assert isinstance(ours, np.ndarray)
    if not np.array_equal(ours, np.array(peer, dtype=np.int64)):
        print("FAIL: the vectorised shares differ from the Python loop's", file=sys.stderr)
        return 1
    if not (ours.sum(axis=1) == budgets).all():
        print("FAIL: some scenario does not add up to its budget", file=sys.stderr)
        return 1

    n, k = ours.shape
    print(f"apportion {n:,} budget scenarios x {k} Member States (peacekeeping scale 2026)")
    print(f"  numpy, vectorised (peaceledger.burden.apportion): {ours_ms:9.1f} ms (median)")
    print(f"  peer: Python loop per scenario, integer LR:      {peer_ms:9.1f} ms (median)")
    print(f"  ratio: {peer_ms / ours_ms:,.0f}x faster than the peer; identical shares")
    verdict = "within" if ours_ms < TARGET_MS else "OVER"
    print(f"  target {TARGET_MS:.0f} ms: {verdict} ({ours_ms:.1f} ms)")
    return 0 if ours_ms < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
