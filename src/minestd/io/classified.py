"""Files of classified titles (``minestd classify --input … --output …``): CSV for scripts (the input's columns,
then ``suggestion_1_id``, ``suggestion_1_path``, ``suggestion_1_score`` … ``matched``), a workbook for people (the
same table with Chinese and English headers, numbers as numbers, CJK font, widths, filter, A4 print setup), JSON and
JSON Lines (each input record with its suggestions)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from .titletable import Table, _cell

if TYPE_CHECKING:
    from ..classify import ClassificationResult

__all__ = ["result_table", "results_csv", "workbook_table", "classified_bytes", "output_kind"]


def output_kind(output: Path, fmt: str) -> Optional[str]:
    """csv, xlsx, jsonl or json: from the output file's suffix, else from --format ``fmt`` (None: cannot tell). A
    --format other than the default text that the suffix contradicts is an InputError (one rule with ``gaps``)."""
    kind = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}.get(
        output.suffix.lower())
    if kind is not None and fmt not in ("text", kind):
        from ..errors import InputError

        raise InputError(f"--format {fmt} 与输出文件 {output.name}（{kind}）不符 / --format {fmt} does not match the "
                         f"output file {output.name} ({kind})", f"去掉 --format（由后缀决定），或让文件名用 {fmt} "
                         f"的后缀 / drop --format (the suffix decides) or name the file with a suffix for {fmt}")
    return kind or {"json": "json", "jsonl": "jsonl", "csv": "csv"}.get(fmt)


def _suggestion_columns(top: int) -> list[str]:
    cols: list[str] = []
    for k in range(1, top + 1):
        cols += [f"suggestion_{k}_id", f"suggestion_{k}_path", f"suggestion_{k}_score"]
    return cols + ["matched"]


def _matched_text(result: "ClassificationResult") -> str:
    top = result.top
    if top is None:
        return ""
    return "; ".join(f"{m.term}={m.node}:{m.field}" for m in top.matched)


def result_table(results: list["ClassificationResult"], table: Optional[Table]) -> list[list[Any]]:
    """Rows for CSV/XLSX output: the input's columns (or 'title') + suggestion columns."""
    top = max((len(r.suggestions) for r in results), default=1) or 1
    header = (list(table.header) if table is not None else ["title"]) + _suggestion_columns(top)
    out: list[list[Any]] = [header]
    for i, result in enumerate(results):
        base = list(table.rows[i]) + [""] * (len(table.header) - len(table.rows[i])) if table is not None \
            else [result.title]
        cells: list[Any] = [_cell(c) for c in base]
        for k in range(top):
            if k < len(result.suggestions):
                s = result.suggestions[k]
                cells += [s.id, s.path, f"{s.score:.4f}"]
            else:
                cells += ["", "", ""]
        cells.append(_matched_text(result))
        out.append(cells)
    return out


_SUGGESTION_HEADER = re.compile(r"suggestion_(\d+)_(id|path|score)")
_HEADER_ZH = {"id": ("编号", "id"), "path": ("位置", "path"), "score": ("得分", "score")}
_WHOLE_NUMBER = re.compile(r"0|[1-9][0-9]{0,14}")


def workbook_table(rows: list[list[Any]]) -> list[list[Any]]:
    """The CSV table made for people in Excel: suggestion headers in Chinese and English (建议1编号 / suggestion 1
    id), scores as numbers, whole numbers of the input (序号 1, 2, 3) as numbers; ids such as 05.02 stay text."""
    header = [str(h) for h in rows[0]]
    out: list[list[Any]] = [[_bilingual(h) for h in header]]
    scores = {k for k, h in enumerate(header) if h.endswith("_score") and _SUGGESTION_HEADER.fullmatch(h)}
    first_suggestion = next((k for k, h in enumerate(header) if _SUGGESTION_HEADER.fullmatch(h)), len(header))
    for row in rows[1:]:
        cells: list[Any] = []
        for k, c in enumerate(row):
            text = str(c)
            if k in scores and text:
                cells.append(float(text))
            elif k < first_suggestion and _WHOLE_NUMBER.fullmatch(text):
                cells.append(int(text))
            else:
                cells.append(text)
        out.append(cells)
    return out


def _bilingual(header: str) -> str:
    m = _SUGGESTION_HEADER.fullmatch(header)
    if m:
        zh, en = _HEADER_ZH[m[2]]
        return f"建议{m[1]}{zh} / suggestion {m[1]} {en}"
    return {"matched": "匹配词 / matched", "title": "标准名称 / title"}.get(header, header)


def results_csv(results: list["ClassificationResult"]) -> str:
    """Long CSV for --format csv: one row per suggestion (title, rank, id, path, score, matched)."""
    import io

    from ..io.cells import SafeWriter

    buffer = io.StringIO()
    writer = SafeWriter(buffer, lineterminator="\n")   # a title such as '=HYPERLINK(…)' stays text
    writer.writerow(["title", "rank", "id", "path", "score", "matched"])
    for result in results:
        if not result.suggestions:
            writer.writerow([result.title, "", "", "", "", ""])
        for rank, s in enumerate(result.suggestions, start=1):
            writer.writerow([result.title, rank, s.id, s.path, f"{s.score:.4f}",
                             "; ".join(f"{m.term}={m.node}:{m.field}" for m in s.matched)])
    return buffer.getvalue()


def classified_bytes(kind: str, results: list["ClassificationResult"], table: Optional[Table]) -> bytes:
    """The file's bytes for ``kind``: csv (UTF-8 with BOM, no live formula), xlsx, jsonl or json."""
    import io

    records = table.records if table is not None and table.records is not None else None
    if kind in ("jsonl", "json"):
        from .jsontext import dumps_indented

        dicts = []
        for i, r in enumerate(results):
            data = r.to_dict()
            if records is not None:
                data = {**{k: v for k, v in records[i].items() if k not in ("suggestions",)}, **data}
            dicts.append(data)
        text = (dumps_indented(dicts) if kind == "json"
                else "\n".join(json.dumps(d, ensure_ascii=False) for d in dicts))
        return (text + "\n").encode("utf-8")
    if kind == "csv":
        from .cells import SafeWriter

        buffer = io.StringIO()
        SafeWriter(buffer, lineterminator="\n").writerows(result_table(results, table))
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")   # a BOM: Excel on Chinese Windows reads it right
    from .workbooks import xlsx_bytes

    return xlsx_bytes(workbook_table(result_table(results, table)), sheet_title="归类建议")
