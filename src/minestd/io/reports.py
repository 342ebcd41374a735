"""Reading a report written earlier: the ``gaps.json`` a committee kept, for ``--compare PREVIOUS``."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError, MinestdError
from .textfiles import decode_text, load_json

__all__ = ["read_previous_report", "REPORT_JSON"]

#: The JSON file of a report folder (``minestd report``).
REPORT_JSON = "gaps.json"
_FIX = ("给出先前 'minestd report' 文件夹中的 gaps.json（或该文件夹），或 'minestd gaps --format json' 的输出 / "
        "give the gaps.json of an earlier 'minestd report' folder (or the folder), or 'minestd gaps --format json' "
        "output")


def read_previous_report(path: str | Path) -> tuple[dict[str, Any], str]:
    """(the previous report's JSON object, the file it came from): ``path`` is a gaps.json file or a report folder
    holding one. InputError naming the file for anything that is not a gap report."""
    from ..progress import previous_items

    p = Path(path)
    if p.is_dir():
        p = p / REPORT_JSON
        if not p.is_file():
            raise InputError(f"此文件夹中没有 {REPORT_JSON} / no {REPORT_JSON} in this folder", _FIX, file=str(path))
    if not p.exists():
        raise InputError("文件不存在 / file not found", _FIX, file=str(p))
    try:
        text, _ = decode_text(p.read_bytes(), p)
        data = load_json(text)
    except MinestdError as exc:
        raise InputError(exc.message, _FIX, file=str(p)) from None
    except OSError as exc:
        raise InputError(f"无法读取文件 / cannot read the file: {exc.strerror or exc}",
                         "检查路径及权限 / check the path and its permissions", file=str(p)) from None
    try:
        previous_items(data)
    except (TypeError, ValueError) as exc:
        raise InputError(f"不是缺口分析报告 / not a gap report: {exc}", _FIX, file=str(p)) from None
    return data, str(p)
