"""`peaceledger brief`: a printable mission brief, as one self-contained HTML file (charts as
inline SVG, styles inline, no scripts) or as a PDF made from it by WeasyPrint.

It is the overview page's data (`views.overview`) rendered for paper: headline figures, the
charts with their tables, the conflicts and the list of sources. Paper has no links to follow
and no disclosures to open, so each figure's source kind, derivation (with its input fact ids)
and "why this figure" are printed beside it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..domain.series import STALE_DAYS
from ..errors import InputError
from ..ledger.query import actor_names
from ..store.base import LedgerStore
from . import charts, views
from .formatting import install_filters

HERE = Path(__file__).resolve().parent


def render_brief(
    store: LedgerStore,
    mission: str,
    as_of: date,
    known_at: date | None = None,
    stale_days: int = STALE_DAYS,
) -> str:
    names = actor_names(store)
    ov = views.overview(store, names, mission, as_of, known_at, stale_days=stale_days)
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
    )
    install_filters(env)
    svgs = {n: Markup(charts.svg(s, prefix=n)) for n, s in ov.specs.items()}
    return env.get_template("brief.html").render(
        ov=ov,
        st=ov.state,
        svgs=svgs,
        css=Markup((HERE / "static" / "brief.css").read_text(encoding="utf-8")),
        version=__version__,
        made=date.today().isoformat(),
    )


def write_brief(
    store: LedgerStore,
    mission: str,
    as_of: date,
    known_at: date | None,
    output: Path,
    stale_days: int = STALE_DAYS,
) -> Path:
    """Write the brief as HTML or PDF, chosen by the file's extension."""
    kind = output.suffix.lower()
    if kind not in (".html", ".htm", ".pdf"):
        raise InputError("the brief is written as .html or .pdf", "--output")
    html = render_brief(store, mission, as_of, known_at, stale_days)
    output.parent.mkdir(parents=True, exist_ok=True)
    if kind == ".pdf":
        import weasyprint

        weasyprint.HTML(string=html, base_url=str(HERE)).write_pdf(str(output))
    else:
        output.write_text(html, encoding="utf-8")
    return output
