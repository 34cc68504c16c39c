"""Who the text names: names, demonyms, capitals, seats, institutions and leaders."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from peaceledger.data.catalogue import data_file, load_actors
from peaceledger.extract.actors import find_actors


def _codes(text: str, on: date | None = date(2024, 9, 1)) -> list[str]:
    return [a.code for a in find_actors(text, on) if a.agent]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kenyan officers", "KEN"),
        ("Salvadoran soldiers", "SLV"),
        ("Salvadorean soldiers", "SLV"),
        ("Nairobi said", "KEN"),
        ("Ottawa pledged", "CAN"),
        ("Washington would put", "USA"),
        ("the U.S. said", "USA"),
        ("President Ruto said", "KEN"),
        ("Prime Minister Andrew Holness said", "JAM"),
        ("President Bernardo Arévalo said", "GTM"),
        ("President Bernardo Arevalo said", "GTM"),
        ("Bukele pledged", "SLV"),
        ("Briceño said", "BLZ"),
        ("members of the Jamaica Defence Force", "JAM"),
        ("the Royal Bahamas Defence Force", "BHS"),
        ("Antigua and Barbuda says", "ATG"),
        ("Kingston said", "JAM"),
        ("Nassau has promised", "BHS"),
    ],
)
def test_actor_forms(text: str, code: str) -> None:
    assert _codes(text) == [code]


def test_leaders_are_valid_by_date() -> None:
    assert _codes("Trudeau announced", date(2024, 2, 22)) == ["CAN"]
    assert _codes("Trudeau announced", date(2025, 6, 1)) == []
    assert _codes("Carney announced", date(2025, 6, 1)) == ["CAN"]
    assert _codes("Biden said", date(2024, 3, 1)) == ["USA"]
    assert _codes("Trump said", date(2025, 3, 1)) == ["USA"]
    assert _codes("Trudeau announced", None) == ["CAN"]  # no date: every row applies


def test_common_surnames_need_the_full_name() -> None:
    assert _codes("Davis said") == []
    assert _codes("Philip Davis said") == ["BHS"]


def test_places_and_descriptions_are_not_agents() -> None:
    found = find_actors("the Kenyan-led force landed in Port-au-Prince after a stop in Jamaica")
    assert [(a.code, a.led, a.locative) for a in found] == [
        ("KEN", True, False),
        ("HTI", False, True),
        ("JAM", False, True),
    ]


def test_possessive_and_companies() -> None:
    [a] = find_actors("Kenya's 1,000 officers")
    assert a.code == "KEN" and a.possessive
    assert find_actors("a chartered Kenya Airways jet") == []
    assert _codes("Latin American states") == []


def test_short_capitals_need_their_case() -> None:
    assert _codes("the US said") == ["USA"]
    assert _codes("he told us") == []


def test_dateline_places_are_where_the_story_was_filed() -> None:
    text = "KINGSTON, Jamaica — Blinken said"
    found = find_actors(text, date(2024, 3, 12), dateline_end=len("KINGSTON, Jamaica — "))
    assert [(a.code, a.agent) for a in found] == [("JAM", False), ("JAM", False), ("USA", True)]


def test_leaders_table_is_sourced_and_refers_to_known_actors() -> None:
    codes = {a.code for a in load_actors()}
    with data_file("actors", "leaders.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 20
    for r in rows:
        assert r["code"] in codes, r
        assert r["source"].startswith("https://"), r
        assert r["match"] in ("surname", "full"), r
        assert r["surname"] in r["name"], r
        start = date.fromisoformat(r["valid_from"])
        assert not r["valid_to"] or date.fromisoformat(r["valid_to"]) >= start, r
