"""Who a text names: states and organisations by name, short name, demonym, capital, seat,
institution, or by their leader ("Ruto", "Prime Minister Andrew Holness").

Matching works on word tokens and a dictionary keyed by the lower-cased, accent-free token
sequence, trying the longest sequence first: "Antigua and Barbuda" before "Antigua", "Royal
Bahamas Defence Force" before "Bahamas". Looking tokens up is much faster than one regular
expression with 1,300 alternatives.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from ..data.catalogue import data_file, load_actors
from ..domain.actors import Alias
from ..domain.vocab import PersonnelType

EXCLUDED = frozenset({"HTI", "UN"})
"""Never the actor of a mission fact: the host state and the UN (its organs speak, vote and
manage the fund; they do not contribute)."""

_TOKEN = re.compile(r"[^\W\d_](?:[^\W_]|\.(?=\w)|'(?=\w)(?!s\b))*\.?|\d+")
_MEDIA = frozenset(
    [
        "airways",
        "airlines",
        "air",
        "post",
        "times",
        "observer",
        "gleaner",
        "star",
        "nation",
        "herald",
        "chronicle",
        "tribune",
        "standard",
        "broadcasting",
        "news",
        "ledger",
        "daily",
        "today",
        "media",
        "radio",
        "tv",
        "television",
        "university",
        "bank",
        "railways",
        "ports",
        "revenue",
        "telecom",
        "online",
        "weekly",
        "journal",
        "gazette",
        "guardian",
        "sun",
        "record",
        "review",
        "monitor",
        "citizen",
        "mail",
        "express",
        "sentinel",
        "insider",
        "live",
        "digital",
        "network",
        "press",
        "wire",
    ]
)
_REGION_BEFORE = frozenset({"latin", "central", "south", "north", "organization", "organisation"})
_LED = re.compile(
    r"^-(?:led|backed|brokered|based|born|trained|funded|sponsored|run|managed|owned|flagged)\b",
    re.I,
)
_LOCATIVE = re.compile(
    r"\b(?:in|to|at|into|near|toward|towards|across|via|throughout|outside|inside|around|"
    r"within|onto|over|through|against)\s+(?:the\s+)?$",
    re.I,
)
_MILITARY_INST = re.compile(
    r"defen[cs]e|army|military|armed\s+forces|navy|naval|marine|coast\s*guard|regiment|"
    r"\bKDF\b|\bJDF\b|\bRBDF\b|\bBDF\b|\bABDF\b",
    re.I,
)
_POLICE_INST = re.compile(
    r"police|constabulary|gendarm|\bJCF\b|\bRBPF\b|\bNPS\b|\bRCMP\b|\bHNP\b|\bPNH\b|\bGSU\b", re.I
)


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    code: str
    kind: str
    """name, short_name, demonym, capital, seat, institution, leader, alias."""
    possessive: bool = False
    locative: bool = False
    """ "in Nairobi", "to Port-au-Prince": a place, not an agent."""
    led: bool = False
    """ "Kenyan-led": describes the mission, not an actor of the fact."""

    @property
    def agent(self) -> bool:
        return not (self.locative or self.led)

    def personnel_type(self, text: str) -> PersonnelType | None:
        """The service an institution names (a defence force, a constabulary)."""
        if self.kind != "institution":
            return None
        name = text[self.start : self.end]
        if _MILITARY_INST.search(name):
            return PersonnelType.MILITARY
        if _POLICE_INST.search(name):
            return PersonnelType.POLICE
        return None


def _fold(s: str) -> str:
    if s.isascii():
        return s.lower()
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.lower().replace("’", "'")


def _fold_tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens with offsets; a token glued to the previous one by a hyphen keeps the
    hyphen ("Port", "-au", "-prince"), so "Kenyan-led" still starts with "kenyan"."""
    out = []
    for m in _TOKEN.finditer(text):
        f = _fold(m.group(0)).rstrip(".").replace(".", "")
        if m.start() > 0 and text[m.start() - 1] == "-":
            f = "-" + f
        out.append((m.start(), m.end(), f))
    return out


def _key_tokens(text: str) -> list[str]:
    toks = [f for _, _, f in _fold_tokens(text)]
    if toks and toks[0] == "the":
        toks = toks[1:]
    return [t for t in toks if t.strip("-")]


@dataclass(frozen=True)
class _Entry:
    code: str
    kind: str
    exact_case: str | None
    """For short all-capital aliases ("US", "UN"): the exact spelling required."""
    alias: Alias


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[tuple[str, ...], tuple[_Entry, ...]]
    demonyms: frozenset[str]
    """Folded demonym strings (single tokens), for the number-noun grammar."""
    longest: dict[str, int]
    """For each first token of an alias, the most tokens an alias starting with it has."""

    def find(self, text: str, on: date | None = None, dateline_end: int = 0) -> list[ActorMention]:
        """Actor mentions in `text`, longest match first, left to right."""
        ftoks = _fold_tokens(text)
        tokens = [(a, b, text[a:b]) for a, b, _ in ftoks]
        folded = [f for _, _, f in ftoks]
        out: list[ActorMention] = []
        i = 0
        n = len(tokens)
        while i < n:
            s0, _, raw0 = tokens[i]
            most = self.longest.get(folded[i], 0)
            if not most or not raw0[0].isupper() or (i > 0 and folded[i - 1] in _REGION_BEFORE):
                i += 1
                continue
            hit = None
            for size in range(min(most, n - i), 0, -1):
                key = tuple(folded[i : i + size])
                found = self.entries.get(key)
                if not found:
                    continue
                end = tokens[i + size - 1][1]
                raw = text[s0:end]
                for e in found:
                    if e.exact_case is not None and raw.rstrip(".") != e.exact_case.rstrip("."):
                        continue
                    if not e.alias.valid_on(on):
                        continue
                    hit = (e, size, end)
                    break
                if hit:
                    break
            if hit is None:
                i += 1
                continue
            e, size, end = hit
            out_m = self._mention(text, s0, end, e, i + size < n and tokens[i + size], dateline_end)
            if out_m is not None:
                out.append(out_m)
            i += size
        return out

    def _mention(
        self,
        text: str,
        start: int,
        end: int,
        e: _Entry,
        nxt: tuple[int, int, str] | bool,
        dateline_end: int,
    ) -> ActorMention | None:
        if end > start and text[end - 1] == "." and e.alias.text[-1:] != ".":
            end -= 1  # a sentence-final full stop is not part of "Kenya."
        after = text[end:]
        if after.startswith("$"):
            return None  # "US$15m": a currency, not the state
        possessive = after.startswith(("'s", "'", "’s"))
        if possessive and after.startswith("'") and not after.startswith("'s"):
            possessive = end > 0 and text[end - 1] == "s"
        if (
            isinstance(nxt, tuple)
            and e.kind in ("name", "short_name", "capital", "seat", "alias")
            and nxt[2][0].isupper()
            and _fold(nxt[2]).rstrip(".") in _MEDIA
        ):
            return None  # "Kenya Airways", "Jamaica Observer"
        before = text[max(0, start - 30) : start]
        locative = bool(_LOCATIVE.search(before)) or start < dateline_end
        led = bool(_LED.match(after))
        return ActorMention(start, end, e.code, e.kind, possessive, locative, led)


def _leader_rows() -> Iterable[dict[str, str]]:
    with data_file("actors", "leaders.csv").open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _date(s: str) -> date | None:
    return date.fromisoformat(s) if s else None


@cache
def gazetteer() -> Gazetteer:
    """Built once from the packaged alias and leader tables."""
    entries: dict[tuple[str, ...], list[_Entry]] = {}
    demonyms: set[str] = set()

    def add(text: str, code: str, kind: str, alias: Alias) -> None:
        key = tuple(_key_tokens(text))
        if not key:
            return
        compact = text.replace(".", "").replace(" ", "")
        exact = text if compact.isupper() and len(compact) <= 5 else None
        entries.setdefault(key, []).append(_Entry(code, kind, exact, alias))

    for actor in load_actors():
        for a in actor.aliases:
            add(a.text, actor.code, a.kind, a)
            if a.kind == "demonym" and " " not in a.text:
                demonyms.add(_fold(a.text))
    for r in _leader_rows():
        alias = Alias(
            r["name"], "leader", _date(r["valid_from"]), _date(r["valid_to"]), r["source"]
        )
        add(r["name"], r["code"], "leader", alias)
        if r["match"] == "surname":
            add(r["surname"], r["code"], "leader", alias)
    longest: dict[str, int] = {}
    for key in entries:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return Gazetteer({k: tuple(v) for k, v in entries.items()}, frozenset(demonyms), longest)


def find_actors(text: str, on: date | None = None, dateline_end: int = 0) -> list[ActorMention]:
    return gazetteer().find(text, on, dateline_end)
