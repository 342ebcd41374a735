"""Indented JSON text, as ``json.dumps(data, ensure_ascii=False, indent=2)`` writes it, faster (pure).

The standard library encodes with indentation in pure Python, one generator step per token (its C encoder
only writes compact JSON): about 2 s for the 115,000 findings of a 100,000-entry validation. Reports are
mostly lists of flat objects (findings, priorities, suggestions), so this writer encodes such a list (or
object) compactly in one pass of the standard library's C encoder, with a separator that cannot occur in its
output, and turns the separators into line breaks and indentation. The text is identical
to ``json.dumps(..., ensure_ascii=False, indent=2)`` (tested on random data); anything it does not know
(keys that are not strings, objects that are not dicts, lists, tuples, strings, numbers, booleans or None)
is handed to ``json.dumps`` whole.
"""
from __future__ import annotations

import json
from itertools import chain
from json.encoder import encode_basestring
from typing import Any

INDENT = "  "


class _Unsupported(Exception):
    """A value this writer leaves to json.dumps."""


def dumps_indented(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, the same text."""
    try:
        parts: list[str] = []
        _encode(data, "\n", parts)
        return "".join(parts)
    except _Unsupported:
        return json.dumps(data, ensure_ascii=False, indent=2)


def _scalar(value: Any) -> str:
    """The JSON text of a string, number, boolean or None (raises _Unsupported for anything else)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value:
            return "NaN"
        if value == float("inf"):
            return "Infinity"
        if value == -float("inf"):
            return "-Infinity"
        return float.__repr__(value)
    raise _Unsupported


#: Types written as a single JSON token (exact types: subclasses such as str enums go to json.dumps).
_SCALARS = frozenset({str, int, float, bool, type(None)})
#: The compact encoder, with a separator that never occurs in its output (NUL is written \u0000 in strings).
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=("\x00", ": "))


def _all_flat(items: Any) -> bool:
    """Every item is a flat object — a non-empty dict of string keys and single-token values — checked with
    C-level iteration (lists of 100,000+ findings)."""
    if not all(type(item) is dict and item for item in items):
        return False
    return (set(map(type, chain.from_iterable(items))) == {str}
            and set(map(type, chain.from_iterable(map(dict.values, items)))) <= _SCALARS)


def _encode(value: Any, newline: str, parts: list[str]) -> None:
    """Append the text of ``value``; ``newline`` = a line break plus the indentation of ``value``'s line."""
    kind = type(value)
    inner = newline + INDENT
    if kind is dict:
        if not value:
            parts.append("{}")
        elif _all_flat((value,)):   # one C-encoded pass, then its separators become line breaks
            parts.append("{" + inner + _COMPACT.encode(value)[1:-1].replace("\x00", "," + inner) + newline + "}")
        else:
            if any(type(k) is not str for k in value):
                raise _Unsupported
            parts.append("{")
            first = True
            for key, item in value.items():
                parts.append(inner if first else "," + inner)
                first = False
                parts.append(encode_basestring(key) + ": ")
                _encode(item, inner, parts)
            parts.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
        elif _all_flat(value):
            # a list of flat objects (findings, priorities …): one C-encoded pass for all of them; "}\x00{" only
            # stands between two objects (no value of a flat object ends in "}")
            members = inner + INDENT
            text = _COMPACT.encode(list(value))[2:-2]
            text = (text.replace("}\x00{", "\x01").replace("\x00", "," + members)
                    .replace("\x01", inner + "}," + inner + "{" + members))
            parts.extend(("[", inner, "{", members, text, inner, "}", newline, "]"))    # no copy of the long text
        else:
            parts.append("[")
            first = True
            for item in value:
                parts.append(inner if first else "," + inner)
                first = False
                _encode(item, inner, parts)
            parts.append(newline + "]")
    else:
        parts.append(_scalar(value))
