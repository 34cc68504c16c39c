"""Text -> candidate statements: who said what about the mission, with a stance suggestion.

A sibling of the fact extractor: it reuses its sentence splitter, actor gazetteer and date
resolver, and adds quotations, speakers (a sourced roster of officials valid by date, named
groups, unnamed officials) and a stance suggestion with its cue words.
"""

from __future__ import annotations

from .extractor import extract_statements
from .roster import Office, Roster, roster

__all__ = ["Office", "Roster", "extract_statements", "roster"]
