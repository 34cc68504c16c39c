"""The state of a mission as a table of headlines: one row per actor, series and channel, with
the source's kind and why the figure stands (HXL-tagged, like the facts export).

A long table rather than one wide row per actor, so that every figure can carry its own
source, kind and reasons, and a spreadsheet filters it by `#indicator+code`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.series import Measure
from ..domain.sources import Source
from ..domain.state import MONEY_STAGES, PERSONNEL_SERIES, ActorState, MissionState
from ..ledger.serialize import SERIES_NAMES, kind_of, number
from .columns import ExportColumn

HEADLINE_COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("mission", "#activity+code", "string", "Mission code, e.g. MSS-HTI"),
    ExportColumn("as_of", "#date+as_of", "date", "The date the state describes"),
    ExportColumn("known_at", "#date+known_at", "string", "Only what was published by then"),
    ExportColumn(
        "actor", "#country+code", "string", "ISO 3166-1 alpha-3 or organisation; empty = mission"
    ),
    ExportColumn("actor_name", "#country+name", "string", "Name of the actor"),
    ExportColumn("metric", "#indicator+code", "string", "What the figure measures"),
    ExportColumn("channel", "#indicator+channel", "string", "Money: trust_fund or bilateral"),
    ExportColumn("qualifier", "#indicator+qualifier", "string", "exact, at_least, about, ..."),
    ExportColumn("value", "#value", "number", "The headline figure; empty = named, no figure"),
    ExportColumn("unit", "#indicator+unit", "string", "persons, or the ISO 4217 currency"),
    ExportColumn("amount_usd", "#value+usd", "number", "Money: US dollar value"),
    ExportColumn("date", "#date", "string", "Date of the latest report behind the figure"),
    ExportColumn("source_id", "#meta+source_id", "string", "The source of the headline report"),
    ExportColumn(
        "source_kind",
        "#meta+source+kind",
        "string",
        "official, wire, outlet, aggregator, mirror or unrated (a copy counts as its origin)",
    ),
    ExportColumn("fact_ids", "#meta+id", "string", "The facts behind the figure"),
    ExportColumn("derived", "#meta+derived", "boolean", "Computed from other figures"),
    ExportColumn("derivation", "#meta+derivation", "string", "The operation, e.g. 991 − 259"),
    ExportColumn("derived_from", "#meta+derived_from", "string", "Ids of the input facts"),
    ExportColumn("conflict", "#meta+conflict", "boolean", "Sources disagree about it"),
    ExportColumn(
        "series_rule", "#meta+rule+series", "string", "The series rule that made it stand"
    ),
    ExportColumn(
        "date_rule", "#meta+rule+date", "string", "The headline rule's step among that date"
    ),
    ExportColumn(
        "overrode", "#meta+overrode", "string", "Readings it overrode, with the reason for each"
    ),
)


def _row(
    st: MissionState,
    a: ActorState,
    metric: str,
    channel: str,
    m: Measure,
    sources: Mapping[str, Source],
    names: Mapping[str, str],
) -> dict[str, Any]:
    lead = m.base or (m.adjustments[0][1] if m.adjustments else None)
    overrode = []
    if m.base is not None:
        overrode += [
            f"{number(r.value)} {r.source_id} ({kind_of(r.source_id, sources)}): same date, "
            f"{m.base.reason}"
            for r in m.base.readings
            if r is not m.base.chosen
        ]
    overrode += [
        f"{number(s.figure.value)} {s.figure.date.iso} {s.figure.chosen.source_id} "
        f"({kind_of(s.figure.chosen.source_id, sources)}): {s.why}"
        for s in m.set_aside
    ]
    return {
        "mission": st.mission.code,
        "as_of": st.as_of.isoformat(),
        "known_at": st.known_at.isoformat() if st.known_at else "",
        "actor": a.actor or "",
        "actor_name": names.get(a.actor or "", "") if a.actor else "",
        "metric": metric,
        "channel": channel,
        "qualifier": m.qualifier.value,
        "value": number(m.value),
        "unit": m.unit,
        "amount_usd": number(m.amount_usd),
        "date": m.as_of_date.iso if m.as_of_date else "",
        "source_id": lead.chosen.source_id if lead else "",
        "source_kind": kind_of(lead.chosen.source_id, sources) if lead else "",
        "fact_ids": " ".join(i for f in m.figures for i in f.chosen.fact_ids),
        "derived": m.derived,
        "derivation": m.derivation,
        "derived_from": " ".join(m.derived_from),
        "conflict": m.conflict,
        "series_rule": m.rule,
        "date_rule": m.base.reason if m.base else "",
        "overrode": " | ".join(overrode),
    }


def headline_rows(
    st: MissionState, sources: Mapping[str, Source], names: Mapping[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for a in (st.mission_reported, *st.actors):
        for series in PERSONNEL_SERIES:
            if (m := a.personnel.get(series)) is not None:
                rows.append(_row(st, a, SERIES_NAMES[series], "", m, sources, names))
        for stage in MONEY_STAGES:
            for ch, m in a.money.get(stage.value, {}).items():
                rows.append(_row(st, a, SERIES_NAMES[stage.value], ch, m, sources, names))
    return rows
