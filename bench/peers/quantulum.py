"""A quantulum3 baseline: every quantity in the text, as value and unit.

quantulum3 is a general quantity extractor: it finds "C$80.5 million" or "two hundred" and
names the unit, but knows nothing of actors, metrics or dates. So it is judged only at the
eval's `value_unit` level (shared/eval/README.md), the level at which quantity extractors are
compared. The mapping to the eval's units is the least a user would add:

* a currency unit becomes its ISO 4217 code (quantulum3's own `currency_code`);
* a dimensionless count becomes `persons` when a personnel noun (or a plural demonym such as
  "Guatemalans") follows within a few words, and is dropped otherwise;
* anything else (percentages, lengths, ...) is dropped.

Values are taken as quantulum3 gives them, except the sign: it reads "($600 million)" as an
accounting negative, and no count or amount in this domain is negative.

Offline: quantulum3 0.10 works without its `classifier` extra; it then warns that the classifier
dependencies are missing and disambiguates units with its built-in heuristics. With
`quantulum3[classifier]` it loads the classifier that ships inside the wheel
(`_lang/en_US/clf.joblib`, built with scikit-learn 1.8.0) and needs no training or download;
on the dev texts both modes give the same quantities. `MODE` records which one ran.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence

from .common import PERSONNEL_WORDS, Fact, fact, plural_demonyms

_WINDOW_WORDS = 4
"""How many words after a count may name what it counts ("75 Guatemalan military police")."""
_HOST_DEMONYMS = frozenset({"haitian", "haitians"})


def load() -> str:
    """Import quantulum3 and warm its unit tables; return the disambiguation mode."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Classifier dependencies not installed"
        from quantulum3 import classifier, parser

    parser.parse("warm up: 3 officers and $1 million")
    plural_demonyms()
    return "classifier" if classifier.USE_CLF else "heuristic"


def _counts_people(text: str, end: int) -> bool:
    after = re.split(r"[|.;:\n]", text[end : end + 80], maxsplit=1)[0]  # same clause or cell
    words = re.findall(r"[A-Za-z]+", after)[:_WINDOW_WORDS]
    demonyms = plural_demonyms()
    for w in words:
        lw = w.lower()
        if lw in PERSONNEL_WORDS or lw in demonyms:
            return True
        if lw in _HOST_DEMONYMS:
            return False
    return False


def extract(text: str) -> list[Fact]:
    """Quantities of `text` as eval fact dicts (only `value` and `unit` are meaningful)."""
    from quantulum3 import parser

    out: list[Fact] = []
    for q in parser.parse(text):
        unit = q.unit
        code = getattr(unit, "currency_code", None)
        if unit.entity.name == "currency" and code:
            eval_unit = str(code)
        elif unit.entity.name == "dimensionless" and _counts_people(text, q.span[1]):
            eval_unit = "persons"
        else:
            continue
        value = abs(float(q.value))
        if value == 0:
            continue
        out.append(fact(value=value, unit=eval_unit, evidence=q.surface))
    return out


def extract_many(items: Sequence[tuple[str, str]] | Iterable[tuple[str, str]]) -> list[list[Fact]]:
    """Facts for each (text, published) pair; the date is unused (quantulum3 has no dates)."""
    return [extract(text) for text, _ in items]
