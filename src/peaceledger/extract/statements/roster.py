"""The roster of officials: who held which office for which state or organisation, when.

A speaker is resolved to a person and then to the role they held *on the statement's date*:
"Rubio" on 16 January 2025 is the Secretary of State nominee, on 6 February 2025 the Secretary
of State. A person with no office on that date is "former <their last role>" and speaks for no
state (a former Prime Minister does not bind Canada).

Names are matched accent-insensitively (`Fils-Aimé` = `Fils-Aime`) on a copy of the text with
the same length, so offsets stay offsets into the original.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from ...data.catalogue import data_file


@dataclass(frozen=True)
class Office:
    name: str
    role: str
    actor: str
    valid_from: date | None
    valid_to: date | None
    """The last day in office (inclusive); None: still in office."""
    source: str

    def holds_on(self, d: date) -> bool:
        return (self.valid_from is None or self.valid_from <= d) and (
            self.valid_to is None or d <= self.valid_to
        )


@dataclass(frozen=True)
class Occasion:
    """A dated event a text may name without its date ("a Senate Foreign Relations Committee
    session"): statements of that person in an article about it get its date."""

    name: str
    cue: str
    date: date
    source: str


@dataclass(frozen=True)
class PersonMatch:
    start: int
    end: int
    name: str


@dataclass(frozen=True)
class Role:
    role: str
    actor: str | None


def fold(text: str) -> str:
    """Accents removed, one character for one, so offsets are kept."""
    if text.isascii():
        return text
    out = []
    for c in text:
        if c.isascii():
            out.append(c)
            continue
        base = unicodedata.normalize("NFKD", c)[0]
        out.append(base if base.isascii() else c)
    return "".join(out)


def _date(s: str) -> date | None:
    return date.fromisoformat(s) if s else None


@dataclass(frozen=True)
class Roster:
    offices: dict[str, tuple[Office, ...]]
    """Canonical name -> offices, in date order."""
    pattern: re.Pattern[str]
    """Every name and alias, longest first, on word boundaries."""
    by_alias: dict[str, str]
    """Folded alias -> canonical name."""
    occasions: tuple[Occasion, ...]

    def find(self, text: str) -> list[PersonMatch]:
        """People the text names, left to right."""
        folded = fold(text)
        return [
            PersonMatch(m.start(), m.end(), self.by_alias[m.group(0)])
            for m in self.pattern.finditer(folded)
        ]

    def role_on(self, name: str, on: date | None) -> Role:
        offices = self.offices.get(name, ())
        if not offices:
            return Role("", None)
        if on is None:
            last = offices[-1]
            return Role(last.role, last.actor)
        for o in reversed(offices):
            if o.holds_on(on):
                return Role(o.role, o.actor)
        before = [o for o in offices if o.valid_to is not None and o.valid_to < on]
        if before:
            return Role(f"former {before[-1].role}", None)
        return Role("", None)

    def actor_of(self, name: str) -> str | None:
        """The actor a person is associated with in any office (for "the Ruto
        administration")."""
        offices = self.offices.get(name, ())
        return offices[-1].actor if offices else None

    def occasion_date(self, name: str, text: str, published: date | None) -> date | None:
        """The date of an occasion of this person that the text names, if the text was
        published within 60 days after it."""
        for oc in self.occasions:
            if oc.name != name or oc.cue.lower() not in text.lower():
                continue
            if published is None or 0 <= (published - oc.date).days <= 60:
                return oc.date
        return None


@cache
def roster() -> Roster:
    offices: dict[str, list[Office]] = {}
    aliases: dict[str, str] = {}
    with data_file("actors", "officials.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            o = Office(
                r["name"],
                r["role"],
                r["actor"],
                _date(r["valid_from"]),
                _date(r["valid_to"]),
                r["source"],
            )
            offices.setdefault(o.name, []).append(o)
            for a in [o.name, *(x.strip() for x in r["aliases"].split(";"))]:
                if a:
                    aliases[fold(a)] = o.name
    occasions = []
    with data_file("actors", "occasions.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            occasions.append(
                Occasion(r["name"], r["cue"], date.fromisoformat(r["date"]), r["source"])
            )
    alts = sorted(aliases, key=lambda a: (-len(a), a))
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w-])")
    return Roster(
        {k: tuple(sorted(v, key=lambda o: o.valid_from or date.min)) for k, v in offices.items()},
        pattern,
        aliases,
        tuple(occasions),
    )
