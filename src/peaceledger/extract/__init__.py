"""Text -> candidate facts about the MSS/GSF Haiti mission.

Rule-based, offline and explainable: each `Candidate` names the rule that produced it, a
confidence and its evidence (character span and quote). Pure functions over text and a
publication date; no I/O beyond reading the packaged reference tables once.
"""

from __future__ import annotations

from .article import article_text, published_date
from .budget import Budget, BudgetExceeded
from .candidate import Candidate
from .extractor import extract_facts

__all__ = [
    "Budget",
    "BudgetExceeded",
    "Candidate",
    "article_text",
    "extract_facts",
    "published_date",
]
