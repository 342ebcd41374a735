"""Catalogs as records: JSON (a list of objects, or ``{"entries": [...]}``), JSON Lines (one object per line) and
YAML (a list of mappings) — read into a table the catalog reader builds its entries from. A JSON or YAML item i gets
row i + 2 (the row it would have in the same catalog as a spreadsheet); a JSON Lines item keeps its line number, so a
finding's "row" is the line a user opens (blank lines counted)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from .textfiles import _check_yaml_aliases, decode_text, load_json
from .workbooks import _cell_text

__all__ = ["load_records", "load_numbered_records", "records_table"]


def load_records(path: Path, fmt: str) -> list[Any]:
    """The items of a JSON, JSON Lines or YAML catalog (InputError naming the line or the problem and the fix)."""
    return load_numbered_records(path, fmt)[0]


def load_numbered_records(path: Path, fmt: str) -> tuple[list[Any], list[int] | None]:
    """(the items, their line numbers for JSON Lines — None for JSON and YAML)."""
    text, _ = decode_text(path.read_bytes(), path)
    if fmt == "jsonl":
        return _json_lines(text)
    if fmt == "json":
        data = load_json(text)
    else:
        data = _yaml(text)
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        data = data["entries"]
    if not isinstance(data, list):
        raise InputError(f"应为对象列表 / expected a list of objects (one per standard), found {type(data).__name__}",
                         'write [{"designation": "GB/T 15259-2008", "title": "矿山安全术语"}, ...] '
                         'or {"entries": [...]}')
    return data, None


def _json_lines(text: str) -> tuple[list[Any], list[int]]:
    """One item per non-blank line (and its line number); a line of plain JSON text is an item with that title."""
    items: list[Any] = []
    numbers: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"第 {number} 行不是有效的 JSON / line {number} is not valid JSON: {exc.msg}",
                             "每行写一个 JSON 对象 / write one JSON object per line") from None
        except (RecursionError, ValueError):   # nested too deeply, numbers out of range: the checked loader says
            load_json(line, f"line {number}: ")
            raise
        items.append({"title": item} if isinstance(item, str) else item)
        numbers.append(number)
    if not items:
        raise InputError("文件是空的 / the file is empty", "每行写一个 JSON 对象 / write one JSON object per line, "
                         'e.g. {"designation": "AQ 1029-2019", "title": "..."}')
    return items, numbers


def _yaml(text: str) -> Any:
    import yaml

    _check_yaml_aliases(text)
    try:
        return yaml.safe_load(text)
    except RecursionError:
        raise InputError("YAML 嵌套过深，不是标准目录 / YAML nested too deeply to be a catalog",
                         "应为扁平映射的列表 / a catalog is a list of flat mappings, one per standard") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"YAML 语法错误 / invalid YAML{where}: {getattr(exc, 'problem', None) or exc}",
                         "修正 YAML 语法 / fix the YAML syntax (a list of mappings, one per standard)") from None


def _record_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ";".join(_record_value(v) for v in value if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _cell_text(value).strip()


def records_table(records: list[Any], require: "tuple[str, ...] | list[str]" = (),
                  lines: "list[int] | None" = None) -> list[list[str]]:
    """Header (every key, in first-seen order; ``require`` when there are no records) and one row of text cells per
    record. InputError naming the item (``lines``: the JSON Lines line of each record) for one that is not an object
    or repeats a key."""
    header: list[str] = []
    seen: set[str] = set()
    for index, record in enumerate(records):
        where_zh, where, row = ((f"第 {lines[index]} 行", f"line {lines[index]}", lines[index]) if lines is not None
                                else (f"第 {index + 1} 项", f"item {index + 1}", index + 2))
        if not isinstance(record, dict):
            raise InputError(f"{where_zh}不是对象 / {where} is {_KINDS.get(type(record), 'a value')}, "
                             "not an object", "每一项都应是对象 / make every item an object such as {\"designation\": ..., "
                             "\"title\": ...}", row=row)
        names = [str(key) for key in record]
        if len(set(names)) < len(names):
            twice = next(n for n in names if names.count(n) > 1)
            raise InputError(f"键 '{twice}' 重复 / {where} has the key '{twice}' twice (e.g. 1 and '1'): "
                             "one value would be lost", "give every key of an item a different name", row=row)
        for key in record:
            if str(key) not in seen:
                seen.add(str(key))
                header.append(str(key))
    if not records:
        header = list(require)
    return [header] + [[_record_value(r.get(h, r.get(_raw_key(r, h)))) for h in header] for r in records]


#: What a JSON/YAML item that is not an object is, in words.
_KINDS = {int: "a number", float: "a number", str: "a string", list: "a list", bool: "true or false",
          type(None): "null"}


def _raw_key(record: dict[Any, Any], header: str) -> Any:
    return next((k for k in record if str(k) == header), header)
