"""Commands over catalogs of standards: validate, convert."""
from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import MinestdError
from .app import app
from .common import ColumnsOption, SheetOption, TaxonomyOption, busy
from .common import MessagesLangOption, Lang, console, dumps_json, emit, load_tx, read_catalog_file, tell
from .common import tell_notes
from .common import TextJsonCsv as ReportFormat

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..io.copies import CopyResult
    from ..entry import Catalog
    from ..taxonomy import Taxonomy
    from ..validate import ValidationReport


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


class MinSeverity(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


FileArgument = Annotated[Optional[Path], typer.Argument(metavar="[FILE]", show_default=False,
                                                        help="标准目录文件 / Catalog: .csv (UTF-8/GB18030), .xlsx, .json, "
                                                             ".jsonl or .yaml. Default: the embedded sample catalog.")]
_FIELDS_ZH = {"designation": "标准号", "title": "标准名称", "status": "状态", "nodes": "体系编号",
              "priorities": "建设重点", "mine_scope": "适用矿山", "published": "发布日期", "effective": "实施日期",
              "replaces": "代替标准", "replaced_by": "被代替", "ics": "ICS", "ccs": "CCS", "notes": "备注",
              "source": "来源"}
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def read_input(file: Optional[Path], sheet: Optional[str], columns: Optional[str]) -> "Catalog":
    """Read FILE (or the embedded sample catalog) with --sheet/--columns; one-line errors."""
    from ..io.catalog import parse_columns

    return read_catalog_file(file, sheet=sheet, columns=parse_columns(columns))


def _today(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise MinestdError(f"--today 日期无效 '{value}' / bad --today '{value}'", "日期写作 YYYY-MM-DD，如 "
                           "2025-06-30 / write the date as YYYY-MM-DD, e.g. 2025-06-30") from None


class CsvEncoding(str, Enum):
    utf_8_sig = "utf-8-sig"
    utf_8 = "utf-8"
    gb18030 = "gb18030"


EncodingOption = Annotated[Optional[CsvEncoding], typer.Option(
    "--encoding", help="CSV 输出编码 / Encoding of a CSV written: utf-8-sig (UTF-8 with BOM, read right by Excel; the "
                       "default unless the input CSV had another), utf-8 or gb18030.")]


FixOption = Annotated[bool, typer.Option("--fix", help="规范化副本 / Write a copy to --output with only the cells that can "
                                                       "be normalised changed (canonical designations, 现行有效 -> 现行, ISO "
                                                       "dates); an .xlsx keeps every sheet, title row and style.")]
JobsOption = Annotated[int, typer.Option(
    "--jobs", "-j", min=0, max=64, metavar="N", help="并行进程数 / Processes for big catalogs (5,000+ entries): 1 = this "
                                                     "one only; 2 = a second process runs the checks that need no "
                                                     "designation parse (MS301, MS2xx); 0 (default) = 2 when the "
                                                     "machine has 2+ CPUs. Same findings either way.")]


class TextLang(str, Enum):
    both = "both"
    zh = "zh"
    en = "en"


SelectOption = Annotated[Optional[str], typer.Option(
    "--select", metavar="IDS", help="只检查这些规则 / Only these rules or prefixes, comma-separated, e.g. MS1,MS501.")]
IgnoreOption = Annotated[Optional[str], typer.Option(
    "--ignore", metavar="IDS", help="跳过这些规则 / Leave out these rules or prefixes, e.g. MS406,MS5 (after --select).")]
TodayOption = Annotated[Optional[str], typer.Option(
    "--today", metavar="YYYY-MM-DD",
    help="复审与未来日期规则所用的日期 / Date the review (复审) and future-date rules use (default: today).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q",
                                           help="静默 / No report on the terminal: the exit code says it (0 = no errors, "
                                                "1 = errors); --output still gets the report.")]
AnnotateOption = Annotated[bool, typer.Option("--annotate",
                                              help="标注问题的工作表 / Write the sheet to --output NEW.xlsx with the findings "
                                                   "in added columns and highlighted cells.")]
MinSeverityOption = Annotated[MinSeverity, typer.Option(
    "--min-severity", help="最低级别 / Show only findings at or above this level (the exit code still counts them all).")]


@app.command()
def validate(
    file: FileArgument = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="输出格式 / text for people, json/csv for "
                                                                     "scripts.")] = ReportFormat.text,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="退出码 1 的条件 / Exit 1 on errors (default) or also on warnings.")] = FailOn.error,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="输出文件 / Write the report here; with --fix/--annotate: the new catalog file.")] = None,
    sheet: SheetOption = None,
    columns: ColumnsOption = None,
    fix: FixOption = False,
    encoding: EncodingOption = None,
    annotate: AnnotateOption = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    today: TodayOption = None,
    rules: Annotated[bool, typer.Option("--rules",
                                        help="列出全部规则 / List the rules (id, severity, title, fix) and exit.")] = False,
    min_severity: MinSeverityOption = MinSeverity.info,
    quiet: QuietOption = False,
    summary: Annotated[bool, typer.Option("--summary",
                                          help="按规则汇总 / One line per rule (count, severity, title) instead of one per "
                                               "finding (text and csv; json has by_rule).")] = False,
    jobs: JobsOption = 0,
    lang: Annotated[TextLang, typer.Option("--lang", envvar="MINESTD_LANG",
                                           help="语言 / Messages and fixes in both languages (default), zh or en only "
                                                "(text and csv; JSON keeps both).")] = TextLang.both,
    taxonomy: TaxonomyOption = None,
) -> None:
    """校验标准目录 / Validate a catalog of standards: designations, placement, status, dates, duplicates.

    Exit 0 = no errors, 1 = errors (or warnings with --fail-on warning), 2 = usage error or unreadable file.
    The input file is never modified.

    Examples:
      minestd validate
      minestd validate 目录.xlsx --sheet 明细表
      minestd validate catalog.csv --format json --fail-on warning
      minestd validate 目录.xlsx --ignore MS406,MS5
      minestd validate 大目录.xlsx --summary
      minestd validate 目录.xlsx --min-severity warning
      minestd validate 目录.xlsx --quiet && echo 无错误
      minestd validate old.csv --columns "编号=designation,名称=title"
      minestd validate catalog.csv --fix --output catalog-fixed.csv
      minestd validate 目录.xlsx --fix --output 目录-规范化.xlsx
      minestd validate catalog.xlsx --annotate --output catalog-checked.xlsx
      minestd validate --rules
    """
    if rules:
        return _print_rules(fmt)
    _check_copy_options(fix, annotate, output)
    catalog, tx, day = read_input(file, sheet, columns), load_tx(taxonomy), _today(today)
    report = _run(catalog, tx, day, select, ignore, jobs)
    shown = report.model_copy(update={"findings": report.at_least(min_severity.value)})
    if fix or annotate:
        _write_copy(catalog, shown, tx, output, fix=fix, encoding=encoding and encoding.value, quiet=quiet)
    if not quiet or (output is not None and not (fix or annotate)):   # --quiet: the exit code says it
        _report(shown, fmt, None if fix or annotate else output, (catalog.source,), summary=summary, lang=lang.value)
    raise typer.Exit(report.exit_code(fail_on.value))


def _run(catalog: "Catalog", tx: "Taxonomy", day: "dt.date | None", select: Optional[str], ignore: Optional[str],
         jobs: int) -> "ValidationReport":
    """The validation, with --select / --ignore checked first and a spinner for big catalogs."""
    from ..validate import validate as run_validation

    wanted, ignored = _selection(select, "--select"), _selection(ignore, "--ignore")
    with _busy(len(catalog.entries)):
        return run_validation(catalog.entries, tx, today=day, rules=wanted, source=catalog.source, workers=jobs,
                              ignore=ignored)


def _busy(n: int):
    """A spinner on stderr for big catalogs, only when stderr is a terminal."""
    return busy(f"校验 {n:,} 条 / validating {n:,} entries …", n >= 20_000)


def _report(report: "ValidationReport", fmt: ReportFormat, output: Optional[Path], inputs: tuple, *,
            summary: bool = False, lang: str = "both") -> None:
    if fmt is not ReportFormat.json and lang != "both":   # --lang zh|en: one side of every "中文 / English" text
        report = _in_language(report, lang)
    if fmt is ReportFormat.json:
        emit(dumps_json(report.to_dict()), output, inputs)
    elif fmt is ReportFormat.csv:
        emit(rule_counts_csv(report, lang) if summary else findings_csv(report), output, inputs, bom=True)
    elif output is not None:
        emit(rule_counts_text(report, lang) if summary else report_text(report), output, inputs)
    elif summary:
        typer.echo(rule_counts_text(report, lang).rstrip("\n"))
    else:
        _print_report(report)


def _in_language(report: "ValidationReport", lang: str) -> "ValidationReport":
    from ..language import one_language

    return report.model_copy(update={"findings": tuple(
        f.model_copy(update={"message": one_language(f.message, lang), "fix": one_language(f.fix, lang)})
        for f in report.findings)})


def _check_copy_options(fix: bool, annotate: bool, output: Optional[Path]) -> None:
    if fix and annotate:
        raise MinestdError("--fix 与 --annotate 不能同时使用 / --fix and --annotate cannot be used together",
                           "分两次运行命令 / run the command twice")
    if (fix or annotate) and output is None:
        flag = "--fix" if fix else "--annotate"
        example = "NEW.csv" if fix else "NEW.xlsx"
        raise MinestdError(f"{flag} 需要 --output / {flag} needs --output",
                           f"加上 --output {example}（不会修改输入文件） / add --output {example} (the input file "
                           "is never modified)")


def _rule_counts(report: "ValidationReport", lang: str = "both") -> list[tuple[str, str, int, str]]:
    """(rule, severity, findings, title) per rule that fired, most findings first, then by rule id. A rule that
    grades its findings shows the highest severity it gave; ``lang``: the title in zh, en or both."""
    from ..language import one_language
    from ..validate import RULES
    from ..validate.engine import SEVERITY_RANK

    severities: dict[str, str] = {}
    for f in report.findings:
        if SEVERITY_RANK[f.severity] > SEVERITY_RANK.get(severities.get(f.rule, ""), -1):
            severities[f.rule] = f.severity
    counts = sorted(report.by_rule().items(), key=lambda item: (-item[1], item[0]))
    return [(rule, severities[rule], n, one_language(RULES[rule].title, lang) if rule in RULES else "")
            for rule, n in counts]


def rule_counts_text(report: "ValidationReport", lang: str = "both") -> str:
    """--summary as text: one line per rule, then the totals."""
    lines = [f"{rule}  {severity:<7}  {n:>6}  {title}" for rule, severity, n, title in _rule_counts(report, lang)]
    head = ["规则 rule  级别 severity  条数 findings  名称 title"] if lines else ["✓ 未发现问题 / no problems found"]
    return "\n".join([*head, *lines, summary_line(report)]) + "\n"


def rule_counts_csv(report: "ValidationReport", lang: str = "both") -> str:
    from ..io.cells import csv_text

    return csv_text(["rule", "severity", "findings", "title"], _rule_counts(report, lang))


def _write_copy(catalog: "Catalog", report: "ValidationReport", tx: "Taxonomy", output: Path, *, fix: bool,
                encoding: Optional[str] = None, quiet: bool = False) -> None:
    """--fix: a copy with the normalised cells; --annotate: the sheet with the findings. Never over the input."""
    inputs = (catalog.source,)
    if fix:
        from ..io.copies import write_fixed_copy
        from ..validate import cell_fixes

        done = write_fixed_copy(catalog, cell_fixes(catalog, tx), output, inputs=inputs, encoding=encoding)
        if not quiet:
            _tell_copy(done, f"已写入规范化副本 {output}（{done.cells} 个单元格修改，涉及 {done.rows} 行）",
                       f"wrote a normalised copy: {output} ({done.cells} cells changed in {done.rows} rows)",
                       f"已写入规范化副本 / wrote a normalised copy: {output} ({done.cells} 个单元格修改，涉及 "
                       f"{done.rows} 行 / {done.cells} cells changed in {done.rows} rows)")
    else:
        from ..io.annotate import annotate_xlsx

        annotate_xlsx(catalog, report.findings, output, inputs=inputs)
        if not quiet:
            tell(f"已写入带批注的副本 {output}", f"wrote the annotated copy: {output}",
                 f"已写入带批注的副本 / wrote the annotated copy: {output}")


def _tell_copy(done: "CopyResult", zh: str, en: str, both: str) -> None:
    kept = (("，保留全部工作表、格式和行号", "; every sheet, style and row number kept") if done.whole_file else
            ("，保留全部行和行号", "; every row and row number kept") if done.rows_kept else ("", ""))
    tell(zh + kept[0], en + kept[1], both + (f"{kept[0]} /{kept[1][1:]}" if kept[0] else ""))
    if done.skipped:
        cells = f"{', '.join(done.skipped[:10])}{' …' if len(done.skipped) > 10 else ''}"
        tell(f"注意：含公式的单元格未修改：{cells}", f"note: cells holding a formula were left as they are: {cells}",
             f"注意 / note: 含公式的单元格未修改 / cells holding a formula were left as they are: {cells}")
    tell_notes(done.notes)


def _selection(select: Optional[str], option: str = "--select") -> Optional[tuple[str, ...]]:
    """--select / --ignore as rule ids or prefixes: malformed ones and ones naming no rule are a one-line error."""
    if not select:
        return None
    from ..validate.engine import rule_selection, unknown_selectors

    try:
        wanted = rule_selection(select)
    except ValueError as exc:
        raise MinestdError(f"{option}: 规则编号或前缀写法有误 / {option}: {str(exc).split(': ', 1)[1].split(' — ')[0]}",
                           "使用规则编号（如 MS501）或前缀（如 MS5），见 'minestd validate --rules' / use rule ids "
                           "such as MS501 or prefixes such as MS5 (see 'minestd validate --rules')") \
            from None
    unknown = unknown_selectors(wanted or ())
    if unknown:
        raise MinestdError(f"{option}: 没有名为 '{unknown[0]}' 的规则 / {option}: no rule is called '{unknown[0]}'",
                           "使用规则编号（如 MS501）或前缀（如 MS5），见 'minestd validate --rules' / use rule ids "
                           "such as MS501 or prefixes such as MS5 (see 'minestd validate --rules')")
    return wanted


def findings_csv(report: "ValidationReport") -> str:
    from ..io.cells import csv_text   # a cell such as '=HYPERLINK(…)' stays text

    return csv_text(["rule", "severity", "row", "field", "value", "message", "fix"],
                    ([f.rule, f.severity, f.row or "", f.field or "", f.value or "", f.message, f.fix]
                     for f in report.findings))


def summary_line(report: "ValidationReport") -> str:
    c = report.counts()
    return (f"{report.entries} 条 / entries · 错误 / errors {c['error']} · 警告 / warnings {c['warning']} · "
            f"提示 / info {c['info']}")


def report_text(report: "ValidationReport") -> str:
    """Plain text report (for --output with --format text): one line per finding, grouped by row."""
    return "".join(_text_chunks(report))


def _text_chunks(report: "ValidationReport", size: int = 5000) -> "Iterator[str]":
    """:func:`report_text` in pieces of about ``size`` findings (printed as they are made)."""
    lines: list[str] = [] if report.findings else ["✓ 未发现问题 / no problems found"]
    for row, items in report.by_row().items():
        lines.append(f"row {row}:" if row is not None else "catalog:")
        for f in items:
            where = f" [{f.field}]" if f.field else ""
            lines.append(f"  {f.rule} {f.severity}{where} {f.message} — {f.fix}")
        if len(lines) >= size:
            yield "\n".join(lines) + "\n"
            lines = []
    lines.append(summary_line(report))
    yield "\n".join(lines) + "\n"


#: Above this many findings (or when the output is not a terminal) the report is printed as plain lines, streamed:
#: a table of 100,000 findings took rich minutes and gigabytes, and nobody scrolls it.
TABLE_MAX = 2000


def _print_report(report: "ValidationReport") -> None:
    from rich.markup import escape
    from rich.table import Table

    c = console()
    if len(report.findings) > TABLE_MAX or not c.is_terminal:
        for chunk in _text_chunks(report):
            sys.stdout.write(chunk)
        if len(report.findings) > TABLE_MAX and c.is_terminal:
            c.print("[dim]按规则汇总 / one line per rule: --summary[/dim]")
        return
    if report.findings:
        table = Table(show_lines=False, header_style="bold", title=escape(report.source) if report.source else None,
                      expand=True)
        table.add_column("行 row", no_wrap=True)
        table.add_column("规则 rule", no_wrap=True)
        table.add_column("级别", no_wrap=True)
        table.add_column("字段 field", max_width=12, overflow="fold")
        table.add_column("值 value", max_width=24, overflow="fold")
        table.add_column("问题 / message → 修改 / fix", min_width=30, ratio=1, overflow="fold")
        for row, items in report.by_row().items():
            for k, f in enumerate(items):
                style = _SEVERITY_STYLE[f.severity]
                table.add_row(str(row) if k == 0 and row is not None else "", f.rule,
                              f"[{style}]{_SEVERITY_ZH[f.severity]}[/{style}]",
                              _FIELDS_ZH.get(f.field or "", f.field or ""), escape(f.value or ""),
                              f"{escape(f.message)}\n[dim]→ {escape(f.fix)}[/dim]", end_section=k == len(items) - 1)
        c.print(table)
    else:
        c.print("[green]✓ 未发现问题 / no problems found[/green]")
    style = "bold red" if report.errors else ("yellow" if report.warnings else "green")
    c.print(f"[{style}]{summary_line(report)}[/{style}]")


def _print_rules(fmt: ReportFormat) -> None:
    from ..validate import register_builtin_extensions

    RULES = register_builtin_extensions()

    rules = [RULES[k].as_dict() for k in sorted(RULES)]
    if fmt is ReportFormat.json:
        emit(dumps_json(rules))
        return
    if fmt is ReportFormat.csv:   # the same columns as the JSON, message included
        from ..io.cells import csv_text

        columns = list(rules[0]) if rules else ["id", "severity", "title", "message", "fix", "doc"]
        emit(csv_text(columns, ([r.get(c, "") for c in columns] for r in rules)))
        return
    from rich.table import Table

    table = Table(header_style="bold", show_lines=True)
    for name in ("规则 rule", "级别 severity", "检查 / check", "修改 / fix", "说明 / notes"):
        table.add_column(name, overflow="fold")
    for r in rules:
        style = _SEVERITY_STYLE[r["severity"]]
        table.add_row(r["id"], f"[{style}]{r['severity']}[/{style}]", r["title"], r["fix"], r["doc"])
    console().print(table)


class ConvertFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    yaml = "yaml"


@app.command()
def convert(
    file: Annotated[Path, typer.Argument(metavar="FILE",
                                         help="要读取的标准目录 / Catalog to read (.csv, .xlsx, .json, .jsonl, "
                                              ".yaml).")],
    output: Annotated[Path, typer.Argument(metavar="OUTPUT",
                                           help="输出文件 (按后缀定格式) / File to write; the format follows its suffix.")],
    sheet: SheetOption = None,
    columns: ColumnsOption = None,
    encoding: EncodingOption = None,
    lang: MessagesLangOption = Lang.both,
) -> None:
    """转换标准目录格式 / Convert a catalog between CSV, XLSX, JSON, JSON Lines and YAML, keeping every column.

    Between CSV and XLSX every row and cell is copied as read — title rows above the header included, so row numbers
    stay; JSON, JSON Lines and YAML hold the entries under the header's names. Nothing is normalised (that is
    validate --fix).

    Examples:
      minestd convert 目录.xlsx catalog.csv
      minestd convert 目录.xlsx catalog.csv --encoding gb18030
      minestd convert catalog-gbk.csv catalog.xlsx
      minestd convert catalog.csv catalog.json --columns "编号=designation,名称=title"
      minestd convert 目录.xlsx catalog.jsonl
    """
    from ..io.catalog import catalog_format
    from ..io.copies import write_converted_copy

    catalog_format(output)   # fail early on an unknown output suffix
    catalog = read_input(file, sheet, columns)
    done = write_converted_copy(catalog, output, inputs=(catalog.source,), encoding=encoding.value if encoding else None)
    n = len(catalog.entries)
    _tell_copy(done, f"已写入 {output}（{n} 条）", f"wrote {output} ({n} entries)",
               f"已写入 / wrote {output} ({n} 条 / entries)")
