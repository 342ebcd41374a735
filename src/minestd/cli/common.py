"""Shared CLI helpers: formats, languages, output writing, taxonomy loading with one-line errors."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..errors import MinestdError

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..entry import Catalog
    from ..taxonomy import Taxonomy


class Lang(str, Enum):
    """--lang of the commands that write names and labels (default zh; MINESTD_LANG sets it for every command).
    ``both``: names as "中文 / English" where a command can (tree, show, search, priorities; diagram draws both
    figures), Chinese elsewhere (reports: the HTML page has a switch)."""

    zh = "zh"
    en = "en"
    both = "both"


def format_for(fmt: "str | None", output: "Path | None", suffixes: dict[str, str]) -> str:
    """--format, else the one --output's suffix names (``suffixes``: ".xlsx" -> "xlsx" …), else text; --format and a
    suffix that disagree: an error (a JSON report inside out.xlsx helps nobody)."""
    implied = suffixes.get(output.suffix.lower()) if output is not None and str(output) != "-" else None
    if fmt is not None and implied is not None and fmt != implied:
        raise MinestdError(f"--format {fmt} 与输出文件 {output.name}（{implied}）不符 / --format {fmt} does not match "
                           f"the output file {output.name} ({implied})", f"去掉 --format（由后缀决定），或让文件名用 "
                           f"{fmt} 的后缀 / drop --format (the suffix decides) or name the file with a suffix for "
                           f"{fmt}")
    return fmt or implied or "text"


def one_lang(lang: "Lang") -> str:
    """zh or en for a renderer that writes one language: ``both`` gives the guide's own, Chinese."""
    return "en" if lang is Lang.en else "zh"


def bilingual(zh: str, en: str, lang: "Lang") -> str:
    """A name in the language asked for; with ``both`` "中文 / English" (Chinese alone when there is no English)."""
    from ..language import in_language

    return in_language(lang.value, zh, en or zh, f"{zh} / {en}" if en and en != zh else zh)


class TextJson(str, Enum):
    """--format for commands with a human and a machine view."""

    text = "text"
    json = "json"


class TextJsonCsv(str, Enum):
    """--format for commands whose result is also a table."""

    text = "text"
    json = "json"
    csv = "csv"


SheetOption = Annotated[Optional[str], typer.Option("--sheet", help="工作表 / XLSX sheet name or 1-based number (default: "
                                                                    "the first sheet that has the header row; a note "
                                                                    "names it when not the first).")]
ColumnsOption = Annotated[Optional[str], typer.Option(
    "--columns", metavar="MAP", help='列名映射 / Map other headers to fields: "编号=designation,名称=title" (fields: '
                                     "designation, title, status, nodes, priorities, mine_scope, published, effective, "
                                     "replaces, replaced_by, ics, ccs, notes, source).")]


TaxonomyOption = Annotated[Optional[Path], typer.Option(
    "--taxonomy", help="体系版本文件夹 / Taxonomy edition folder (default: the embedded guide-2024).", show_default=False)]


_VERBOSE: list[float] = []      # the start time when --verbose is on (empty: off)


def set_verbose(on: bool) -> None:
    """--verbose: :func:`trace` prints from now on (the clock starts here)."""
    import time

    _VERBOSE[:] = [time.perf_counter()] if on else []


def trace(message: "str | Callable[[], str]") -> None:
    """With --verbose: ``message`` on stderr after the seconds since the command started ("[  0.42 s] …"); a callable
    is called only then (for a message that costs something to make)."""
    if _VERBOSE:
        import time

        text = message() if callable(message) else message
        typer.echo(f"[{time.perf_counter() - _VERBOSE[0]:7.2f} s] {text}", err=True)


def load_tx(folder: Path | None = None) -> "Taxonomy":
    from ..data import load_taxonomy
    from ..taxonomy import TaxonomyError

    try:
        tx = load_taxonomy(folder)
    except TaxonomyError as exc:
        raise MinestdError(f"体系 {folder or 'guide-2024'} 有错误 / taxonomy {folder or 'guide-2024'} has errors: "
                           f"{exc}",
                           f"运行 'minestd check-taxonomy {folder or ''}' 查看全部问题 / run 'minestd check-taxonomy "
                           f"{folder or ''}'".rstrip() + " for every problem") from None
    trace(f"体系 / taxonomy: {tx.edition.edition} ({tx.edition.document_number}), {len(tx.priorities())} priority "
          f"items, from {folder or 'the embedded edition'}")
    return tx


def node_or_fail(tx: "Taxonomy", ident: str):
    from ..taxonomy import UnknownIdError

    try:
        return tx.node(ident)
    except UnknownIdError as exc:
        raise MinestdError(f"未知体系编号 '{exc.ident}' / {exc}", "用 'minestd tree' 列出编号，或用 'minestd search "
                           "TEXT' 查找 / list ids with 'minestd tree' or find one with 'minestd search TEXT'") from None


def read_catalog_file(path: Path | None, **options: Any) -> "Catalog":
    """:func:`minestd.data.load_catalog` (None = the embedded sample), telling the user on stderr what the reader
    decided for them (e.g. that the header was found on another sheet than the first)."""
    from ..data import load_catalog

    cat = _stdin_catalog(**options) if path is not None and str(path) == "-" else load_catalog(path, **options)
    tell_notes(cat.notes)
    trace(f"目录 / catalog: {cat.source or 'the embedded sample'}: {len(cat.entries)} rows"
          + (f", sheet {cat.sheet}" if getattr(cat, "sheet", None) else ""))
    return cat


STDIN_NAME = "<stdin>"


def _stdin_catalog(**options: Any) -> "Catalog":
    """A catalog piped in (FILE = -): an .xlsx (a zip), JSON Lines (a first line that is one object), JSON (starts
    with [ or {) or CSV, read like a file of that kind; errors name <stdin>."""
    import sys
    import tempfile

    from ..errors import MinestdError
    from ..io.catalog import read_catalog

    data = sys.stdin.buffer.read()
    if not data.strip():
        raise MinestdError("标准输入为空 / standard input is empty",
                           "pipe a catalog in, e.g. cat 目录.csv | minestd validate -", file=STDIN_NAME)
    suffix = _stdin_suffix(data)
    with tempfile.TemporaryDirectory(prefix="minestd-stdin-") as folder:
        path = Path(folder) / f"stdin{suffix}"
        path.write_bytes(data)
        try:
            cat = read_catalog(path, **options)
        except MinestdError as exc:
            exc.file = STDIN_NAME if exc.file == str(path) else exc.file
            exc.args = (exc.one_line(),)
            raise
    return cat.model_copy(update={"source": STDIN_NAME})


def _stdin_suffix(data: bytes) -> str:
    """The kind of a catalog piped in, as a file suffix: .xlsx, .jsonl, .json or .csv."""
    import json

    if data.startswith(b"PK\x03\x04"):
        return ".xlsx"
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"{":
        try:
            first = json.loads(text.split(b"\n", 1)[0].decode("utf-8"))
        except (ValueError, RecursionError):   # a JSON object over several lines (or not UTF-8)
            first = None
        if isinstance(first, dict) and "entries" not in first:
            return ".jsonl"
    return ".json" if text[:1] in (b"[", b"{") else ".csv"


_MESSAGE_LANG: list[str] = []     # set by a command's --lang for its messages (reset by each invocation)


def set_message_language(lang: "Lang | str | None") -> "Lang | str | None":
    """Callback of MessagesLangOption, and the reset at the start of each invocation (None)."""
    _MESSAGE_LANG[:] = [getattr(lang, "value", lang)] if lang is not None else []
    return lang


def env_language() -> str:
    """The language of messages: a command's --lang, else MINESTD_LANG: zh, en, or both (unset or anything else)."""
    import os

    lang = _MESSAGE_LANG[0] if _MESSAGE_LANG else os.environ.get("MINESTD_LANG", "").strip().lower()
    return lang if lang in ("zh", "en") else "both"


#: --lang of the commands whose output is data (train, convert, export, schema): the language of their messages
#: and errors on stderr.
MessagesLangOption = Annotated[Lang, typer.Option(
    "--lang", envvar="MINESTD_LANG", callback=set_message_language,
    help="提示与错误的语言 / Language of messages and errors: both (中文 / English), zh or en.")]


def tell(zh: str, en: str, both: str | None = None) -> None:
    """A status line on stderr in MINESTD_LANG's language: ``zh``, ``en``, or ``both`` (default "zh / en")."""
    from ..language import in_language

    typer.echo(in_language(env_language(), zh, en, both), err=True)


def tell_notes(notes: tuple[str, ...]) -> None:
    from ..language import one_language

    for note in notes:
        tell(f"注意：{one_language(note, 'zh')}", f"note: {one_language(note, 'en')}", f"注意 / note: {note}")


def dumps_json(data: Any) -> str:
    """Indented JSON for people and scripts (the text ``json.dumps(..., ensure_ascii=False, indent=2)`` gives)."""
    from ..io.jsontext import dumps_indented

    return dumps_indented(data)


def emit(text: str, output: Path | None = None, inputs: tuple[Any, ...] = (), *, bom: bool = False) -> None:
    """Print ``text`` or write it atomically to ``output`` (never over an input file). ``bom``: a CSV written to a
    file starts with a UTF-8 BOM, so that Excel on Chinese Windows reads it correctly (stdout gets none)."""
    from ..io.atomic import is_stdout, write_text

    if output is None or is_stdout(output):      # --output - : standard output, as in most tools
        typer.echo(text.rstrip("\n"))
        return
    text = text if text.endswith("\n") else text + "\n"
    write_text(output, ("\ufeff" + text) if bom else text, inputs)
    trace(lambda: f"写出 / wrote {output}: {Path(output).stat().st_size} bytes")
    wrote(output)


def wrote(output: Path | str) -> None:
    """Say on stderr that ``output`` was written (nothing for standard output)."""
    from ..io.atomic import is_stdout

    if not is_stdout(output):
        tell(f"已写入 {output}", f"wrote {output}", f"已写入 / wrote {output}")


def busy(message: str, show: bool = True):
    """A transient spinner with ``message`` on stderr while a long step runs — only when ``show`` and stderr is
    a terminal (never in pipes, files or tests)."""
    import contextlib
    import sys

    if not show or not sys.stderr.isatty():
        return contextlib.nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(message)


def console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)
