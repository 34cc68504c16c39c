"""The columns of a facts export: name, HXL hashtag, Table Schema type and meaning.

One list serves the CSV (header + HXL row), the XLSX, the JSON and the Frictionless schema, so
they can never drift apart. HXL tags follow the HXL 1.1 dictionary (`#country+code`, `#value`,
`#currency`, `#date+reported`, `#meta`, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..domain.credibility import effective_kind
from ..domain.facts import Fact
from ..domain.sources import Source
from ..ledger.serialize import number


@dataclass(frozen=True)
class ExportColumn:
    name: str
    hxl: str
    type: str
    """Frictionless Table Schema type."""
    description: str


FACT_COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("fact_id", "#meta+id", "string", "Stable identifier of the fact"),
    ExportColumn(
        "version", "#meta+version", "integer", "Version of the fact (1 = as first recorded)"
    ),
    ExportColumn("mission", "#activity+code", "string", "Mission code, e.g. MSS-HTI"),
    ExportColumn(
        "actor",
        "#country+code",
        "string",
        "ISO 3166-1 alpha-3 code or organisation code; empty = the mission as a whole",
    ),
    ExportColumn("actor_name", "#country+name", "string", "Name of the actor"),
    ExportColumn("metric", "#indicator+code", "string", "What the figure measures"),
    ExportColumn(
        "qualifier", "#indicator+qualifier", "string", "exact, at_least, at_most, about or up_to"
    ),
    ExportColumn("value", "#value", "number", "The figure as reported; empty = no number given"),
    ExportColumn("unit", "#indicator+unit", "string", "persons, or the ISO 4217 currency"),
    ExportColumn("currency", "#currency", "string", "ISO 4217 currency of money figures"),
    ExportColumn(
        "personnel_type",
        "#indicator+personnel_type",
        "string",
        "police, military, civilian or mixed",
    ),
    ExportColumn("channel", "#indicator+channel", "string", "trust_fund or bilateral"),
    ExportColumn(
        "date_of_fact",
        "#date",
        "string",
        "Date the figure refers to, ISO 8601 at its precision (YYYY, YYYY-MM, ...)",
    ),
    ExportColumn(
        "date_precision", "#date+precision", "string", "day, month, quarter, half or year"
    ),
    ExportColumn("amount_usd", "#value+usd", "number", "US dollar value of a money figure"),
    ExportColumn("usd_status", "#meta+usd_status", "string", "converted, or no_rate"),
    ExportColumn(
        "rate_per_usd",
        "#indicator+fx_rate",
        "number",
        "Exchange rate used, units of currency per US dollar (FTS convention)",
    ),
    ExportColumn("rate_date", "#date+fx_rate", "string", "Period of the exchange rate"),
    ExportColumn(
        "rate_kind",
        "#meta+fx_kind",
        "string",
        "monthly_average, month_end, peg, annual_average or identity",
    ),
    ExportColumn("rate_source", "#meta+fx_source", "string", "Where the exchange rate comes from"),
    ExportColumn(
        "basis",
        "#indicator+basis",
        "string",
        "total, increment, part, rotation (never adds) or reduction (a recorded cut)",
    ),
    ExportColumn(
        "scope",
        "#indicator+scope",
        "string",
        "mission, or wider: covers more than the mission, left out of every total",
    ),
    ExportColumn(
        "derived_from",
        "#meta+derived_from",
        "string",
        "A derived figure: ids of the facts it is computed from (space-separated)",
    ),
    ExportColumn("derivation", "#meta+derivation", "string", "A derived figure: the operation"),
    ExportColumn("status", "#status", "string", "candidate, accepted, rejected or retracted"),
    ExportColumn("pinned", "#meta+pinned", "boolean", "A reviewer chose it as the headline"),
    ExportColumn("note", "#description", "string", "Curator's note"),
    ExportColumn("source_id", "#meta+source_id", "string", "Identifier of the source"),
    ExportColumn("source_title", "#meta+source_title", "string", "Title of the source"),
    ExportColumn("source_publisher", "#org+publisher", "string", "Publisher of the source"),
    ExportColumn(
        "source_kind",
        "#meta+source+kind",
        "string",
        "How far the report is trusted: official, wire, outlet, aggregator, mirror or unrated; "
        "a syndicated copy counts as its origin (a mirror's copy at most as an outlet)",
    ),
    ExportColumn(
        "source_page_kind",
        "#meta+source+page_kind",
        "string",
        "The kind of the page itself (for a copy, the site that carries it)",
    ),
    ExportColumn(
        "source_origin", "#org+origin", "string", "A syndicated copy: whose report it carries"
    ),
    ExportColumn("source_published", "#date+reported", "string", "Publication date of the source"),
    ExportColumn("source_url", "#meta+url", "string", "Address of the source"),
    ExportColumn(
        "evidence_quote",
        "#description+evidence",
        "string",
        "The sentence of the source that states the figure",
    ),
    ExportColumn("recorded_by", "#meta+recorded_by", "string", "Who recorded this version"),
    ExportColumn("recorded_at", "#date+recorded", "datetime", "When this version was recorded"),
)

SOURCE_COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("source_id", "#meta+source_id", "string", "Identifier of the source"),
    ExportColumn(
        "kind",
        "#meta+kind",
        "string",
        "The page: official, wire, outlet, aggregator, mirror or unrated",
    ),
    ExportColumn("origin", "#org+origin", "string", "A syndicated copy: whose report it is"),
    ExportColumn(
        "origin_kind", "#meta+origin+kind", "string", "The kind of the origin, when there is one"
    ),
    ExportColumn("url", "#meta+url", "string", "Address of the source"),
    ExportColumn("title", "#meta+title", "string", "Title"),
    ExportColumn("publisher", "#org+publisher", "string", "Publisher"),
    ExportColumn(
        "published", "#date+reported", "string", "Publication date, ISO 8601 at its precision"
    ),
    ExportColumn("sha256", "#meta+sha256", "string", "SHA-256 of the stored text, when held"),
)


def fact_row(f: Fact, sources: Mapping[str, Source], names: Mapping[str, str]) -> dict[str, Any]:
    """One fact as a flat row of `FACT_COLUMNS` (typed values; writers format them)."""
    s = sources.get(f.source_id)
    usd, d = f.usd, f.date_of_fact
    return {
        "fact_id": f.fact_id,
        "version": f.version,
        "mission": f.mission,
        "actor": f.actor or "",
        "actor_name": names.get(f.actor or "", "") if f.actor else "",
        "metric": f.metric.value,
        "qualifier": f.qualifier.value,
        "value": number(f.value),
        "unit": f.unit,
        "currency": f.unit if f.is_money else "",
        "personnel_type": f.personnel_type.value if f.personnel_type else "",
        "channel": f.channel.value if f.channel else "",
        "date_of_fact": d.iso if d else "",
        "date_precision": d.precision.label if d else "",
        "amount_usd": number(usd.amount_usd) if usd else None,
        "usd_status": usd.status.value if usd else "",
        "rate_per_usd": number(usd.rate_per_usd) if usd else None,
        "rate_date": (usd.rate_date or "") if usd else "",
        "rate_kind": (usd.rate_kind or "") if usd else "",
        "rate_source": (usd.rate_source or "") if usd else "",
        "basis": f.basis.value,
        "scope": f.scope.value,
        "derived_from": " ".join(f.derived_from),
        "derivation": f.derivation,
        "status": f.status.value,
        "pinned": f.pinned,
        "note": f.note,
        "source_id": f.source_id,
        "source_title": s.title if s else "",
        "source_publisher": s.publisher if s else "",
        "source_kind": effective_kind(s).value,
        "source_page_kind": s.kind.value if s else "",
        "source_origin": (s.origin or "") if s else "",
        "source_published": s.published.iso if s and s.published else "",
        "source_url": (s.url or "") if s else "",
        "evidence_quote": f.evidence.quote if f.evidence else "",
        "recorded_by": f.recorded_by,
        "recorded_at": f.recorded_at.isoformat() if f.recorded_at else "",
    }


def source_row(s: Source) -> dict[str, Any]:
    return {
        "source_id": s.source_id,
        "kind": s.kind.value,
        "origin": s.origin or "",
        "origin_kind": s.origin_kind.value if s.origin_kind else "",
        "url": s.url or "",
        "title": s.title,
        "publisher": s.publisher,
        "published": s.published.iso if s.published else "",
        "sha256": s.sha256 or "",
    }
