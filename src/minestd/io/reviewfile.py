"""The review file (待审核): inferred placements and links with an 采纳/拒绝 column — written as XLSX or CSV, read back.

Columns (Chinese / English header): 类型 kind · 行 row · 标准号 designation · 标准名称 title · 对象 target (node or
priority id) · 对象内容 target text · 依据 basis · 得分 score · 证据 evidence · 决定 decision (采纳 / 拒绝) · 备注 note.
The 决定 column of an XLSX file has a drop-down list. Reading accepts either header language and either kind label.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..review import ReviewError, ReviewRow
from .cells import text_cells

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

COLUMNS: tuple[tuple[str, str, str], ...] = (   # field, zh header, en header
    ("kind", "类型", "kind"), ("row", "行", "row"), ("designation", "标准号", "designation"),
    ("title", "标准名称", "title"), ("target", "对象", "target"), ("target_text", "对象内容", "target text"),
    ("basis", "依据", "basis"), ("score", "得分", "score"), ("evidence", "证据", "evidence"),
    ("decision", "决定（采纳/拒绝）", "decision (accept/reject)"), ("note", "备注", "note"))
KIND_LABELS = {"placement": "位置 placement", "link": "关联 link", "near": "候选 near"}
_WIDTHS = (14, 6, 18, 40, 12, 40, 10, 7, 40, 16, 24)


def _header(lang: str) -> list[str]:
    return [zh if lang == "zh" else en for _, zh, en in COLUMNS]


def _values(r: ReviewRow) -> list[Any]:
    return [KIND_LABELS[r.kind], r.row, r.designation, r.title, r.target, r.target_text, r.basis, r.score,
            r.evidence, r.decision, ""]


def review_xlsx(rows: list[ReviewRow], lang: str = "zh") -> bytes:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from .sheetstyle import finish_sheet, new_workbook

    wb = new_workbook()
    ws = wb.active
    ws.title = "待审核"
    ws.append(_header(lang))
    for r in rows:
        ws.append(_values(r))
    text_cells(ws)
    finish_sheet(ws, widths=False)
    for k, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    choice = DataValidation(type="list", formula1='"采纳,拒绝"', allow_blank=True)
    ws.add_data_validation(choice)
    decision = get_column_letter(9 + 1)
    choice.add(f"{decision}2:{decision}{max(ws.max_row, 2)}")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def review_csv(rows: list[ReviewRow], lang: str = "zh") -> str:
    from .cells import SafeWriter

    out = io.StringIO()
    writer = SafeWriter(out, lineterminator="\n")
    writer.writerow(_header(lang))
    writer.writerows(_values(r) for r in rows)
    return "\ufeff" + out.getvalue()


def _fields(header: list[Any], path: Path) -> dict[int, str]:
    names = {zh: f for f, zh, _ in COLUMNS} | {en: f for f, _, en in COLUMNS} | {f: f for f, _, _ in COLUMNS}
    found = {k: names[str(h).strip()] for k, h in enumerate(header) if h is not None and str(h).strip() in names}
    missing = [zh for f, zh, _ in COLUMNS if f in ("kind", "designation", "title", "target", "decision")
               and f not in found.values()]
    if missing:
        raise ReviewError(f"{path}, row 1: missing column(s) {', '.join(missing)} — use a review file written by "
                          "'minestd gaps CATALOG --review FILE'")
    return found


def _kind(value: Any) -> str:
    text = str(value or "").strip()
    for kind, label in KIND_LABELS.items():
        if text in (kind, label, label.split()[0]):
            return kind
    return text


def read_review(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a review file (XLSX or CSV) as dicts of field -> value, with ``_row`` (the file's row)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            ws = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception as exc:   # openpyxl raises many types for a damaged file
            raise ReviewError(f"{path}: not a readable workbook ({type(exc).__name__}) — save it again as .xlsx") \
                from None
        table = [list(r) for r in ws.iter_rows(values_only=True)]
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise ReviewError(f"{path}: not UTF-8 text — save the review file as UTF-8 CSV or .xlsx") from None
        table = list(csv.reader(io.StringIO(text)))
    if not table:
        raise ReviewError(f"{path}: empty file — use a review file written by 'minestd gaps CATALOG --review FILE'")
    fields = _fields(table[0], path)
    out = []
    for n, values in enumerate(table[1:], start=2):
        row = {fields[k]: v for k, v in enumerate(values) if k in fields}
        if not any(v not in (None, "") for v in row.values()):
            continue
        row["kind"] = _kind(row.get("kind"))
        row["_row"] = n
        out.append(row)
    return out


def write_review(rows: list[ReviewRow], path: Path, lang: str = "zh", inputs: tuple[Any, ...] = ()) -> None:
    from .atomic import write_bytes, write_text

    if path.suffix.lower() == ".csv":
        write_text(path, review_csv(rows, lang), inputs)
    else:
        write_bytes(path, review_xlsx(rows, lang), inputs)


def load_decisions(path: str | Path, tx: "Taxonomy"):
    """Decisions from a filled review file (see :func:`minestd.review.decisions_from`)."""
    from ..review import decisions_from

    return decisions_from(read_review(path), tx, source=str(path))
