"""Reference data shipped inside the package, each file with its provenance (see README.md).

Loaders return domain values; nothing here touches the database.
"""

from __future__ import annotations

from .catalogue import (
    builtin_dataset_dir,
    currency_codes,
    data_file,
    load_actors,
    load_fx_table,
    load_missions,
    load_registry,
)

__all__ = [
    "builtin_dataset_dir",
    "currency_codes",
    "data_file",
    "load_actors",
    "load_fx_table",
    "load_missions",
    "load_registry",
]
