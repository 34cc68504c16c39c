"""`peaceledger brief`: a self-contained HTML brief and a PDF."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def test_brief_html_and_pdf(loaded_cli_db: str, tmp_path: Path) -> None:
    html = tmp_path / "brief.html"
    done = run_cli("brief", "--as-of", "2025-06-30", "--output", str(html), db=loaded_cli_db)
    assert done.returncode == 0, done.stderr
    text = html.read_text()
    assert "<svg" in text and "991" in text and "Sources" in text
    assert "<script" not in text and 'rel="stylesheet"' not in text, "self-contained"
    pdf = tmp_path / "brief.pdf"
    done = run_cli("brief", "--as-of", "2025-06-30", "-o", str(pdf), db=loaded_cli_db)
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000


def test_brief_refuses_other_extensions_and_unknown_missions(
    loaded_cli_db: str, tmp_path: Path
) -> None:
    done = run_cli("brief", "-o", str(tmp_path / "b.docx"), db=loaded_cli_db)
    assert done.returncode == 2 and "--output" in done.stderr
    done = run_cli("brief", "--mission", "NOPE", "-o", str(tmp_path / "b.html"), db=loaded_cli_db)
    assert done.returncode == 2 and "NOPE" in done.stderr
