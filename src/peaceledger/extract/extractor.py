"""`extract_facts`: text (or a web page) and its publication date in, candidate facts out.

Pure: no files, no database, no network. Sentences that cannot hold a fact (no number, no verb
of contributing) are skipped after a cheap test, which is most of the speed.
"""

from __future__ import annotations

import re
from datetime import date

from ..domain.dates import FuzzyDate, Precision
from ..domain.facts import Evidence
from ..errors import InputError
from ._patterns import COUNCIL
from .analysis import EXCLUDED, Analysis, Discourse, analyse
from .article import article_text
from .attribution import choose_date
from .budget import UNLIMITED, Budget
from .candidate import Candidate
from .contributors import contributor_facts
from .dates import DateRole
from .fatalities import fatalities
from .rules import decide, to_candidates
from .sentences import normalise, split_sentences
from .tables import table_facts

_WORTH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen|million|billion)\b|"
    r"contribut|pledg|promis|offer|send|sent|deploy|notif|intent|killed|died|dead|death|arriv|"
    r"land|touched|withdr|pulled|serving|"
    r"same\s+(?:meeting|time|day|event)",
    re.I,
)


def _as_fuzzy(published: date | FuzzyDate | None) -> FuzzyDate | None:
    if published is None or isinstance(published, FuzzyDate):
        return published
    return FuzzyDate.of(published)


_PEOPLE = re.compile(
    r"\b(?:troops|soldiers|officers|police|personnel|contingent|constables|marines)\b", re.I
)


def _remember(disc: Discourse, an: Analysis) -> None:
    """What the next sentence may refer back to: the date, the actor, and the personnel event
    this sentence stated with a verb ("Jamaican soldiers arrived on Thursday.")."""
    disc.metric, disc.metric_date = None, None
    disc.council = bool(COUNCIL.search(an.text))
    if _PEOPLE.search(an.text):
        for t in an.triggers:
            if t.family == "persons" and t.metric is not None and t.how == "verb" and not t.negated:
                disc.metric = t.effective_metric()
                disc.metric_date = choose_date(an, t.start, None, disc)[0]
                break
    for d in an.dates:
        if d.role is DateRole.AT and d.value is not None and d.explicit:
            disc.date = d.value
            break
    for a in an.actors:
        if a.agent and a.code not in EXCLUDED:
            disc.actor = a.code
            break


def extract_facts(
    text: str,
    published: date | FuzzyDate | None,
    *,
    fmt: str = "text",
    budget: Budget = UNLIMITED,
) -> list[Candidate]:
    """Candidate facts in `text`, in reading order, each with its evidence and rule.

    `fmt="html"` takes the article text out of a whole web page first (navigation, related
    links, banners and footers are not the article); evidence offsets then refer to that
    article text, as returned by `article.article_text`. `budget` is checked between
    sentences: `BudgetExceeded` stops the work when time is up or the caller cancelled.
    """
    if fmt == "html":
        text = article_text(text)
    elif fmt != "text":
        raise InputError(f"unknown format {fmt!r}; expected 'text' or 'html'", "fmt")
    pub = _as_fuzzy(published)
    norm = normalise(text)
    found: list[Candidate] = table_facts(norm, pub)
    disc = Discourse()
    for sentence in split_sentences(norm):
        budget.check()
        if not _WORTH.search(sentence.text):
            disc.council = bool(COUNCIL.search(sentence.text))
            continue
        an = analyse(sentence, pub)
        decisions = decide(an, disc)
        numeric = to_candidates(an, decisions)
        numeric += fatalities(an, decisions, disc)
        found += numeric
        found += contributor_facts(an, disc, numeric)
        _remember(disc, an)
    return _in_original(_dedupe(found), text)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per statement: an article that repeats "Kenya's 1,000 officers" states one
    pledge, and a headline restates its story's figure (dated by publication, the body by "on
    Thursday"). The most confident reading of each is kept, in reading order."""
    groups: dict[tuple[object, ...], list[Candidate]] = {}
    for c in cands:
        same = groups.setdefault((c.who, c.metric, c.value, c.unit), [])
        for i, k in enumerate(same):
            if _close(k.date_of_fact, c.date_of_fact):
                if c.confidence > k.confidence:
                    same[i] = c
                break
        else:
            same.append(c)
    kept = [c for g in groups.values() for c in g]
    return sorted(kept, key=lambda c: (c.evidence.start, c.evidence.end))


def _close(a: FuzzyDate | None, b: FuzzyDate | None) -> bool:
    """Two dates of one statement: equal, or days at most three apart."""
    if a is None or b is None:
        return a is b
    if a == b:
        return True
    day = Precision.DAY
    return a.precision is day and b.precision is day and abs((a.start - b.start).days) <= 3


def _in_original(cands: list[Candidate], text: str) -> list[Candidate]:
    """Quotes from the text as given (normalisation only swapped quote marks)."""
    out = []
    for c in cands:
        e = c.evidence
        quote = text[e.start : e.end]
        out.append(c if quote == e.quote else _with_quote(c, Evidence(e.start, e.end, quote)))
    return out


def _with_quote(c: Candidate, ev: Evidence) -> Candidate:
    from dataclasses import replace

    return replace(c, evidence=ev)
