"""Vocabulary and reference data shared by the peers, so that they differ in method only.

Both peers decide "is this bare number a count of mission personnel?" with the same nouns, and
the spaCy peer maps country mentions to ISO 3166 alpha-3 with peaceledger's alias table (the
reference data, not peaceledger's extraction code).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

Fact = dict[str, Any]
"""One fact in the format of the extraction cases (shared/eval/README.md)."""

HOST = "HTI"
"""The host state: named in nearly every sentence, never a contributor to the mission."""

POLICE_WORDS = frozenset(
    {"police", "officer", "officers", "constable", "constables", "policeman", "policemen",
     "policewoman", "policewomen", "gendarme", "gendarmes", "constabulary"}
)  # fmt: skip
MILITARY_WORDS = frozenset(
    {"soldier", "soldiers", "troop", "troops", "military", "army", "defence", "defense",
     "marine", "marines", "servicemen", "paratroopers"}
)  # fmt: skip
CIVILIAN_WORDS = frozenset({"civilian", "civilians"})
PERSONNEL_WORDS = POLICE_WORDS | MILITARY_WORDS | CIVILIAN_WORDS | {
    "personnel", "member", "members", "staff", "contingent", "uniformed",
}  # fmt: skip
"""Nouns that make a bare count a count of mission personnel ("people" is left out: in this
press it counts victims and the displaced far more often than personnel)."""


def fact(**fields: Any) -> Fact:
    """A fact dict with every field of the eval format present."""
    base: Fact = {
        "actor": "", "mission": "", "metric": "", "qualifier": "exact", "value": None,
        "unit": "", "personnel_type": "", "channel": "", "date_of_fact": "", "evidence": "",
    }  # fmt: skip
    base.update(fields)
    return base


@cache
def actor_aliases() -> dict[str, str]:
    """Alias text -> ISO3 code for states, from peaceledger's reference table."""
    from peaceledger.data.catalogue import load_actors

    out: dict[str, str] = {}
    for actor in load_actors():
        if not actor.is_state:
            continue
        out.setdefault(actor.name, actor.code)
        for alias in actor.aliases:
            out.setdefault(alias.text, actor.code)
    return out


def actor_of(text: str) -> str | None:
    """ISO3 code for a mention ("Kenyan", "the United States", "Nairobi's", "KINGSTON")."""
    aliases = actor_aliases()
    t = re.sub(r"['’]s$", "", text.strip())
    for cand in (t, re.sub(r"^(?i:the)\s+", "", t), t.title() if t.isupper() else t):
        if cand in aliases:
            return aliases[cand]
    return None


@cache
def plural_demonyms() -> frozenset[str]:
    """Lower-cased plural demonyms of states other than the host ("kenyans", "guatemalans")."""
    from peaceledger.data.catalogue import load_actors

    return frozenset(
        a.text.lower()
        for actor in load_actors()
        if actor.is_state and actor.code != HOST
        for a in actor.aliases
        if a.kind == "demonym" and a.text.endswith("s")
    )
