"""Peer extractors that `bench/extract.py` measures peaceledger's extractor against.

Each peer produces fact dicts in the format of the extraction cases (shared/eval/README.md), so
that the same scorer judges every system. They live outside `src/` because they are yardsticks,
not product: nothing in peaceledger imports them, and their heavy dependencies (spaCy and its
model, quantulum3) come only with the optional `bench` extra.
"""
