"""JSON Schemas (draft 2020-12) of minestd's JSON outputs — the contract other tools may rely on.

``gaps`` (``minestd gaps --format json``, a report's gaps.json), ``validate`` (``minestd validate --format json``),
``classify`` (``minestd classify --format json``; JSON Lines holds the same objects one per line) and
``system-table`` (``minestd system-table --format json``). Objects may gain keys in later versions (extend, never
break): a consumer must ignore keys it does not know. ``minestd schema NAME`` prints one.
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["SCHEMAS", "schema"]

#: name -> what it describes
SCHEMAS: dict[str, str] = {
    "gaps": "minestd gaps --format json, and gaps.json of a report folder",
    "validate": "minestd validate --format json",
    "classify": "minestd classify --format json (JSON Lines: the same objects, one per line)",
    "system-table": "minestd system-table --format json",
}


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of output ``name``; ValueError naming the known ones for another name."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a str such as 'gaps', not {type(name).__name__}")
    if name not in SCHEMAS:
        raise ValueError(f"unknown schema '{name}': use one of {', '.join(SCHEMAS)}")
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
