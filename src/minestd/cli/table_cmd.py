"""The system-table command: the catalog's 标准体系表 (明细表 and 统计表, GB/T 13016) — a thin shell over
minestd.systemtable.system_table."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import MinestdError
from .app import app
from .common import ColumnsOption, MessagesLangOption, SheetOption, TaxonomyOption, Lang, TextJsonCsv, dumps_json
from .common import emit, format_for
from .common import load_tx, one_lang, tell
from .gaps_cmd import CatalogArgument, ClassifierOption, DateOption, PlaceOption, _analyse, _read_catalog


class TableFormat(str, Enum):
    text = "text"
    xlsx = "xlsx"
    csv = "csv"
    json = "json"


@app.command("system-table")
def system_table_command(
    catalog: CatalogArgument = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="输出文件 / Write here (.xlsx: 明细表 统计表 结构图 "
                                                                         "编制说明; .csv: 明细表; .json: all).")] = None,
    fmt: Annotated[Optional[TableFormat], typer.Option(
        "--format", "-f", help="格式 / text (统计表 on the terminal), xlsx, csv or json (default: from --output's suffix, "
                               "else text; a mismatch is an error).")] = None,
    lang: Annotated[Lang, typer.Option("--lang", envvar="MINESTD_LANG", help="表头与说明的语言 / Language of the added headers "
                                       "and notes (zh or en; both = zh).")] = Lang.zh,
    sheet: SheetOption = None,
    columns: ColumnsOption = None,
    date: DateOption = None,
    place: PlaceOption = True,
    classifier: ClassifierOption = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """标准体系表 / The catalog's standard system table (GB/T 13016): 明细表 and 统计表.

    明细表: every catalog row ordered by 体系编号 (node ids the catalog leaves empty are inferred, and say so), with
    every column of the catalog. 统计表: per subsystem 现有数 (current), 在编数 (in progress), 待制定数 (the guide's
    priority items still open), 应有数 = their sum, and 现有数/应有数; a standard listed twice counts once.

    Examples:
      minestd system-table
      minestd system-table 目录.xlsx --output 体系表.xlsx
      minestd system-table 目录.xlsx --format json --output 体系表.json
    """
    from ..report.system_table import system_table_csv, system_table_json, system_table_text, system_table_xlsx
    from ..systemtable import system_table

    kind = format_for(fmt.value if fmt else None, output, TABLE_SUFFIXES)
    if kind == "xlsx" and output is None:
        raise MinestdError("--format xlsx 需要 --output / --format xlsx needs --output", "add --output 体系表.xlsx")
    tx = load_tx(taxonomy)
    cat = _read_catalog(catalog, sheet, columns)
    table = system_table(tx, cat, _analyse(tx, cat, catalog, None, 0.5, date, place, classifier))
    inputs = (cat.source,)
    if kind == "xlsx":
        from ..io.atomic import write_bytes

        write_bytes(output, system_table_xlsx(table, tx, one_lang(lang)), inputs)
        n = len(table.rows)
        tell(f"已写入 {output}（{n} 行）", f"wrote {output} ({n} rows)", f"已写入 / wrote {output} ({n} 行 / rows)")
    elif kind == "csv":
        emit(system_table_csv(table, one_lang(lang)), output, inputs, bom=True)
    elif kind == "json":
        emit(system_table_json(table), output, inputs)
    else:
        emit("\n".join(system_table_text(table, one_lang(lang))) + "\n", output, inputs)


#: Output file suffixes and the format they mean (``minestd system-table -o FILE``).
TABLE_SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".json": "json", ".txt": "text"}


@app.command("schema")
def schema_command(
    name: Annotated[Optional[str], typer.Argument(metavar="[NAME]", help="命令名 / gaps, validate, classify or "
                                                                         "system-table.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="输出文件 / Write the schema here.")] = None,
    lang: MessagesLangOption = Lang.both,
) -> None:
    """JSON 输出格式 / The JSON Schema of a JSON output (the contract scripts and other tools rely on).

    With no NAME: the list of schemas.

    Examples:
      minestd schema
      minestd schema gaps -o gaps.schema.json
    """
    from ..schemas import SCHEMAS, schema
    from .common import dumps_json

    if name is None:
        emit("\n".join(f"{key:<13} {what}" for key, what in SCHEMAS.items()), output)
        return
    try:
        emit(dumps_json(schema(name)), output)
    except ValueError as exc:
        raise MinestdError(f"未知的 schema '{name}' / {exc}", "运行 'minestd schema' 查看列表 / run 'minestd schema' "
                           "for the list") from None


@app.command("rules")
def rules_command(
    ids: Annotated[Optional[str], typer.Argument(metavar="[IDS]", help="规则编号或前缀 / Rule ids or prefixes, "
                                                                       "comma-separated: MS5, TX013, COV.")] = None,
    fmt: Annotated[TextJsonCsv, typer.Option("--format", "-f", help="输出格式 / text, json or csv.")] = TextJsonCsv.text,
    lang: Annotated[Lang, typer.Option("--lang", envvar="MINESTD_LANG", help="语言 / both (中文 / English), zh or "
                                       "en (text and csv; JSON keeps both).")] = Lang.both,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="输出文件 / Write the list here.")] = None,
) -> None:
    """问题编号一览 / Look up a rule id: every finding minestd reports — MS (validate), TX (check-taxonomy), COV
    (gaps, report) — with its usual severity, what it checks and how to fix it.

    Examples:
      minestd rules
      minestd rules COV005
      minestd rules MS5,TX013 --lang zh
      minestd rules --format json -o rules.json
    """
    from ..findings import rule_catalogue
    from ..language import one_language

    entries = rule_catalogue(ids)
    if not entries:
        raise MinestdError(f"没有以 '{ids}' 开头的规则编号 / no rule id starts with '{ids}'",
                           "运行 'minestd rules' 查看列表（MS…、TX…、COV…） / run 'minestd rules' for the list "
                           "(MS…, TX…, COV…)")
    rows = [e.model_dump() for e in entries]
    if fmt is TextJsonCsv.json:
        return emit(dumps_json(rows), output)
    rows = [{k: one_language(v, lang.value) if k in ("title", "fix", "doc") else v for k, v in r.items()} for r in rows]
    if fmt is TextJsonCsv.csv:
        from ..io.cells import csv_text

        columns = list(rows[0])
        return emit(csv_text(columns, ([r[c] for c in columns] for r in rows)), output, bom=True)
    lines = []
    for r in rows:
        lines.append(f"{r['id']:<7} {r['severity']:<8} {r['command']:<15} {r['title']}")
        lines += [f"{'':<32}{one_language(label, lang.value)}: {r[key]}"
                  for key, label in (("fix", "修改 / fix"), ("doc", "说明 / notes")) if r[key]]
    emit("\n".join(lines), output)
