"""Commands over the guide itself: tree, show, search, priorities, export, check-taxonomy."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape

from ..errors import MinestdError
from .app import app
from .common import MessagesLangOption, SheetOption, TaxonomyOption, Lang, bilingual, console
from .common import dumps_json, emit, load_tx, node_or_fail, read_catalog_file, wrote
from .common import TextJson as TreeFormat
from .common import TextJsonCsv as TableFormat

if TYPE_CHECKING:
    from ..model import RetiredPriority
    from ..taxonomy import Taxonomy


class ExportFormat(str, Enum):
    json = "json"
    skos = "skos"
    graphml = "graphml"
    csv = "csv"


@app.command()
def tree(
    ident: Annotated[Optional[str], typer.Argument(metavar="[ID]", help="只显示此子树 / Show only this subtree, e.g. 05 or "
                                                                        "12.02.")] = None,
    depth: Annotated[Optional[int], typer.Option("--depth", "-d", min=1, help="显示层数 / Levels to show (1 = subsystems "
                                                                              "only).")] = None,
    lang: Annotated[Lang, typer.Option("--lang", envvar="MINESTD_LANG",
                                       help="名称语言 / Label language (both: 中文 / English).")] = Lang.zh,
    fmt: Annotated[TreeFormat, typer.Option("--format", "-f",
                                            help="输出格式 / text for people, json for scripts.")] = TreeFormat.text,
    taxonomy: TaxonomyOption = None,
) -> None:
    """体系树 / Print the three-level system (15 subsystems, categories, sub-categories).

    Examples:

    \b
      minestd tree --depth 1
      minestd tree 12 --lang en
      minestd tree 05 --lang both
      minestd tree 05 --format json
    """
    from ..io.export import tree_dicts

    tx = load_tx(taxonomy)
    if ident:
        node_or_fail(tx, ident)
    data = tree_dicts(tx, ident, depth)
    if fmt is TreeFormat.json:
        emit(dumps_json(data))
        return
    if not ident:
        title = bilingual(tx.root.label("zh"), tx.root.label("en"), lang)
    else:
        title = bilingual(tx.path_label(ident, "zh"), tx.path_label(ident, "en"), lang)
    emit("\n".join([f"{title}  ({tx.edition.document_number})",
                     *_tree_lines(data if not ident else data[0]["children"], lang)]))


def _tree_lines(items: list[dict], lang: Lang, indent: str = "") -> list[str]:
    """Box-drawing tree lines (plain text: rich costs ~50 ms of start-up for no gain here)."""
    lines: list[str] = []
    for i, item in enumerate(items):
        last = i == len(items) - 1
        lines.append(f"{indent}{'└── ' if last else '├── '}{item['id']} {bilingual(item['name'], item['name_en'], lang)}")
        lines.extend(_tree_lines(item["children"], lang, indent + ("    " if last else "│   ")))
    return lines


CatalogOption = Annotated[Optional[Path], typer.Option(
    "--catalog", metavar="FILE",
    help="也查本单位目录 / Also look in this catalog (.csv, .xlsx, .json, .jsonl, .yaml).")]


@app.command()
def show(
    ident: Annotated[str, typer.Argument(metavar="ID", help="体系编号或建设重点编号 / A node id (05.02) or a priority id "
                                                            "(05.02-p01).")],
    lang: Annotated[Lang, typer.Option("--lang", envvar="MINESTD_LANG",
                                       help="名称语言 / Label language (both: 中文 / English).")] = Lang.zh,
    fmt: Annotated[TreeFormat, typer.Option("--format", "-f", help="输出格式 / text or json.")] = TreeFormat.text,
    catalog: CatalogOption = None,
    sheet: SheetOption = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """节点详情 / Show one node: path, description, children and next-step priorities.

    With --catalog: the catalog's standards placed there (node ids the catalog leaves empty are inferred), or for
    a priority item its status and the standards behind it.

    Examples:

    \b
      minestd show 05.02
      minestd show 12.02.04 --format json
      minestd show 05.02-p03
      minestd show 05.02 --catalog 目录.xlsx
    """
    from ..io.export import node_dict, priority_dict

    tx = load_tx(taxonomy)
    if "-p" in ident and (gone := tx.retired(ident)) is not None:
        return _show_retired(gone, fmt)
    if "-p" not in ident or ident not in tx:
        node_or_fail(tx, ident)
    found = _catalog_view(tx, ident, catalog, sheet) if catalog is not None else None
    is_priority = "-p" in ident
    data = (priority_dict(tx.priority(ident)) | {"path": tx.path_label(tx.priority(ident).node)}) if is_priority \
        else node_dict(tx, ident)
    if fmt is TreeFormat.json:
        return emit(dumps_json(data | ({"catalog": found} if found is not None else {})))
    (_print_priority if is_priority else _print_node)(tx, ident, data, lang)
    if found is not None:
        _print_catalog_view(found)


def _print_priority(tx: "Taxonomy", ident: str, data: dict, lang: Lang) -> None:
    p = tx.priority(ident)
    c = console()
    c.print(f"[bold]{p.id}[/bold]  {p.text}  ({_action(p.action, lang)})")
    c.print(f"节点 / node: {p.node}  {bilingual(tx.path_label(p.node, 'zh'), tx.path_label(p.node, 'en'), lang)}")
    c.print(f"原文 / source: {p.source}")
    if p.references:
        c.print("引用 / references: " + " ".join(f"《{r}》" for r in p.references)
                + (f"  ({', '.join(p.designations)})" if p.designations else ""))
    if p.note:
        c.print(f"注 / note: {p.note}", markup=False)
    if p.terms:
        c.print("词表（项目自编，用于提出待审核候选）/ curated terms (the project's own; they propose review "
                "candidates): " + "、".join(p.terms), markup=False)


def _print_node(tx: "Taxonomy", ident: str, data: dict, lang: Lang) -> None:
    c = console()
    name = bilingual(data["name"], data["name_en"], lang)
    c.print(f"[bold]{data['id']}  {escape(name)}[/bold]  " + escape(f"[{data['kind']}]")
            + (f"  图{data['figure']}" if data["figure"] else ""))
    c.print(f"路径 / path: {bilingual(tx.path_label(ident, 'zh'), tx.path_label(ident, 'en'), lang)}")
    if lang is not Lang.both:
        other = data["name"] if lang is Lang.en else data["name_en"]
        c.print(f"{'中文' if lang is Lang.en else 'English'}: {other}")
    for key, title in (("description", "说明 / description"), ("structure", "结构 / structure")):
        if data[key]:
            c.print(f"{title}: {data[key]}")
    if data["children"]:
        suffix = " …(等)" if data["open_list"] else ""
        c.print(f"下级 / children ({len(data['children'])}){suffix}:")
        for child in data["children"]:
            c.print(f"  {child['id']}  {bilingual(child['name'], child['name_en'], lang)}")
    if data["priorities"]:
        heading = f" — 指南标题 / guide heading: {data['priority_heading']}" if data["priority_heading"] else ""
        c.print(f"下一步建设重点 / next-step priorities ({len(data['priorities'])}){heading}:")
        for p in data["priorities"]:
            c.print(f"  {p['id']}  [{_action(p['action'], lang)}] {p['text']}")


def _action(action: str, lang: Lang) -> str:
    """A priority item's action (制定, 修订 …) in the language asked for."""
    from ..coverage import ACTION_LABELS

    zh, en = ACTION_LABELS.get(action, (action, action))
    return bilingual(zh, en, lang)


LangOption = Annotated[Lang, typer.Option(
    "--lang", envvar="MINESTD_LANG",
    help="名称语言 / Label language: zh, en or both (中文 / English); the guide's item texts stay Chinese.")]


def _catalog_view(tx: "Taxonomy", ident: str, path: Path, sheet: Optional[str]) -> dict:
    """What the catalog holds for a node (its standards) or a priority item (status, standards, near misses)."""
    from ..gaps import gap_report
    from ..lookup import standards_at
    from ..report.data import link_dict

    cat = read_catalog_file(path, sheet=sheet)
    report = gap_report(tx, cat)
    view: dict = {"source": cat.source}
    if "-p" in ident:
        p = report.priority(ident)
        view |= {"status": p.status, "standards": [link_dict(lk) for lk in p.standards],
                 "near": [link_dict(lk) for lk in p.near]}
    else:
        view["standards"] = [{"row": e.row, "designation": e.designation, "title": e.title, "status": e.status,
                              "nodes": list(e.nodes), "placement": e.placement} for e in standards_at(report, ident)]
    return view


def _print_catalog_view(view: dict) -> None:
    c = console()
    if "status" in view:
        c.print(f"目录 / catalog {escape(view['source'])}: {view['status']}")
    items = view["standards"]
    c.print(f"目录中的标准 / standards in the catalog ({len(items)}):")
    for s in items:
        how = s.get("link") or s.get("placement", "")
        c.print(escape(f"  行 / row {s['row']}  {s['designation'] or '—'} 《{s['title']}》 [{s['status']}] ({how})"))
    for s in view.get("near", ()):
        evidence = "词表 / terms " + "、".join(s["matched"]) if s.get("basis") == "term" else f"{s['score']:.2f}"
        c.print(escape(f"  候选 / candidate: 行 / row {s['row']}  {s['designation'] or '—'} 《{s['title']}》 {evidence}"))


@app.command()
def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="查找词或编号前缀 / Chinese substring, English words, or an id "
                                                             "prefix.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="最多显示条数 / Maximum hits.")] = 50,
    lang: LangOption = Lang.zh,
    fmt: Annotated[TreeFormat, typer.Option("--format", "-f", help="输出格式 / text or json.")] = TreeFormat.text,
    catalog: CatalogOption = None,
    sheet: SheetOption = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """搜索 / Find nodes and priorities by Chinese text, English words or id prefix.

    With --catalog: also the catalog's standards whose designation or title contains TEXT.

    Examples:

    \b
      minestd search 冲击地压
      minestd search "rescue team"
      minestd search 12.02
      minestd search 瓦斯 --catalog 目录.xlsx
      minestd search 冲击地压 --lang en
    """
    from ..model import Priority

    tx = load_tx(taxonomy)
    hits = tx.search(text, limit=limit)
    rows = [{"id": h.id, "type": "priority" if isinstance(h, Priority) else h.kind,
             "name": h.text if isinstance(h, Priority) else h.name,
             "name_en": "" if isinstance(h, Priority) else h.name_en,
             "path": tx.path_label(h.id)} for h in hits]
    if catalog is not None:
        from ..lookup import search_catalog

        rows += [{"id": e.designation, "type": "standard", "name": e.title, "name_en": "", "row": e.row,
                  "path": f"{Path(catalog).name}, 行 / row {e.row}"}
                 for e in search_catalog(read_catalog_file(catalog, sheet=sheet).entries, text, limit=limit)]
    if fmt is TreeFormat.json:
        emit(dumps_json(rows))
        return
    if not rows:
        typer.echo(f"没有匹配 / no match for '{text}'")
        return
    for row in rows:
        name, path = bilingual(row["name"], row["name_en"], lang), row["path"]
        if row["type"] != "standard":
            path = bilingual(tx.path_label(row["id"], "zh"), tx.path_label(row["id"], "en"), lang)
        typer.echo(f"{row['id'] or '—':<12} {row['type']:<11} {name}  ({path})")


def _show_retired(gone: "RetiredPriority", fmt: TreeFormat) -> None:
    from ..io.export import retired_dict

    if fmt is TreeFormat.json:
        emit(dumps_json(retired_dict(gone)))
        return
    successors = ", ".join(gone.replaced_by) or "-"
    emit(f"{gone.id}  已退役 / retired{f' {gone.retired}' if gone.retired else ''}: {gone.text}\n"
         f"由 / replaced by: {successors}\n原因 / reason: {gone.reason}")


@app.command()
def priorities(
    ident: Annotated[Optional[str], typer.Argument(metavar="[ID]", help="此子树的建设重点 / Only priorities of this node's "
                                                                        "subtree.")] = None,
    action: Annotated[Optional[str], typer.Option(
        "--action", help="只列此行动的条目 / Only items of this action: 制定, 修订, 制修订, 提升 or 未明确 (the clause says neither; the "
                         "heading covers new and revised).")] = None,
    retired: Annotated[bool, typer.Option("--retired", help="改列已停用的编号 / List the retired ids instead: merged, split or "
                                          "withdrawn items, with the live ids that replace them.")] = False,
    lang: LangOption = Lang.zh,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="输出格式 / text, json or csv.")] = TableFormat.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o",
                                                   help="输出文件 / Write to this file instead of stdout.")] = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """下一步建设重点 / List the guide's next-step priorities as atomic items.

    Examples:

    \b
      minestd priorities 05
      minestd priorities --action 修订
      minestd priorities 05 --lang en
      minestd priorities --format csv --output priorities.csv
      minestd priorities --retired --format json
    """
    from ..io.export import priorities_csv, priority_dict
    from ..taxonomy import ACTIONS

    tx = load_tx(taxonomy)
    if ident:
        node_or_fail(tx, ident)
    if retired:
        _list_retired(tx.retired_priorities(ident or "root"), fmt, output)
        return
    if action and action not in ACTIONS:
        raise MinestdError(f"未知的 --action '{action}' / unknown --action '{action}'",
                           f"使用 {', '.join(ACTIONS)} / use {', '.join(ACTIONS)}")
    items = [p for p in tx.priorities(ident or "root") if not action or p.action == action]
    if fmt is TableFormat.json:
        emit(dumps_json([priority_dict(p) for p in items]), output)
    elif fmt is TableFormat.csv:
        emit(priorities_csv(items, tx), output, bom=True)
    else:
        lines = [f"{p.id:<12} [{_action(p.action, lang)}] {p.text}" for p in items]
        lines.append(f"— {len(items)} 项 / items")
        emit("\n".join(lines), output)


def _list_retired(items: "list[RetiredPriority]", fmt: TableFormat, output: Optional[Path]) -> None:
    from ..io.export import retired_csv, retired_dict

    if fmt is TableFormat.json:
        emit(dumps_json([retired_dict(r) for r in items]), output)
    elif fmt is TableFormat.csv:
        emit(retired_csv(items), output, bom=True)
    else:
        lines = [f"{r.id:<12} → {', '.join(r.replaced_by) or '-':<24} {r.text}  ({r.reason})" for r in items]
        lines.append(f"— {len(items)} 个已退役编号 / retired ids (never reused)")
        emit("\n".join(lines), output)


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="导出格式 / json, skos (Turtle), graphml or csv.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o",
                                                   help="输出文件 / Write to this file instead of stdout.")] = None,
    catalog: Annotated[Optional[Path], typer.Option("--catalog", help="加入此目录的标准 / GraphML only: add this catalog's "
                                                                      "standards (classified_as / covers / supersedes "
                                                                      "edges); '-' = the sample catalog.")] = None,
    sheet: SheetOption = None,
    base_uri: Annotated[Optional[str], typer.Option("--base-uri", metavar="URI", help="SKOS 命名空间 / SKOS only: the "
                                                    "concepts' namespace, ending in / or # (default "
                                                    "https://minestd.org/guide-2024/).")] = None,
    with_priorities: Annotated[bool, typer.Option("--with-priorities",
                                                  help="同时导出建设重点 / SKOS only: also the next-step priority items, as "
                                                       "concepts of a second scheme related to their nodes.")] = False,
    lang: MessagesLangOption = Lang.both,
    taxonomy: TaxonomyOption = None,
) -> None:
    """导出体系 / Export the whole system: JSON, SKOS Turtle, GraphML or CSV.

    Examples:

    \b
      minestd export --format skos --output guide-2024.ttl
      minestd export --format skos --with-priorities --base-uri https://example.org/mine/ -o full.ttl
      minestd export --format graphml -o guide-2024.graphml
      minestd export --format graphml --catalog 目录.xlsx -o with-standards.graphml
      minestd export --format csv
    """
    from ..io import export as ex

    tx = load_tx(taxonomy)
    if (base_uri is not None or with_priorities) and fmt is not ExportFormat.skos:
        raise MinestdError("--base-uri 和 --with-priorities 只用于 --format skos / --base-uri and --with-priorities "
                           "go with --format skos", "去掉这两项，或使用 --format skos / drop them or use --format skos")
    if catalog is not None and fmt is not ExportFormat.graphml:
        raise MinestdError("--catalog 只用于 --format graphml / --catalog goes with --format graphml",
                           "去掉 --catalog，或使用 --format graphml / drop --catalog or use --format graphml")
    if catalog is not None:
        from ..gaps import gap_report
        from ..graph import catalog_graph

        entries = read_catalog_file(None if str(catalog) == "-" else catalog, sheet=sheet)
        text = ex.graphml_text(tx, catalog_graph(tx, entries.entries, coverage=gap_report(tx, entries)))
        emit(text, output, inputs=(catalog,))
        return
    text = {
        ExportFormat.json: lambda: dumps_json(ex.taxonomy_dict(tx)),
        ExportFormat.skos: lambda: _skos(tx, base_uri, with_priorities),
        ExportFormat.graphml: lambda: ex.graphml_text(tx),
        ExportFormat.csv: lambda: ex.nodes_csv(tx),
    }[fmt]()
    emit(text, output, bom=fmt is ExportFormat.csv)


def _skos(tx: "Taxonomy", base_uri: Optional[str], with_priorities: bool) -> str:
    from ..io import export as ex

    try:
        return ex.skos_turtle(tx, base_uri or ex.SKOS_BASE, priorities=with_priorities)
    except ValueError as exc:
        raise MinestdError(f"--base-uri 无效 / bad --base-uri: {exc}", "给出以 “/” 或 “#” 结尾的绝对 URI / "
                           "give an absolute URI ending in / or #, e.g. https://example.org/mine-safety/") from None


@app.command("check-taxonomy")
def check_taxonomy_cmd(
    folder: Annotated[Optional[Path], typer.Argument(
        metavar="[DIR]", help="体系版本文件夹 / Taxonomy edition folder (default: embedded).")] = None,
    fmt: Annotated[TreeFormat, typer.Option("--format", "-f", help="输出格式 / text or json.")] = TreeFormat.text,
    compile_: Annotated[bool, typer.Option("--compile", help="通过后写编译文件 / When clean, write DIR/compiled.json (faster "
                                                             "start-up).")] = False,
    lang: Annotated[Lang, typer.Option("--lang", envvar="MINESTD_LANG", help="输出语言 / Messages in the text output: both "
                                       "(中文 / English), zh or en.")] = Lang.both,
) -> None:
    """体系数据检查 / Run the integrity checks on a taxonomy folder (for editors of a new edition).

    Exit 0 = clean, 1 = problems found, 2 = unreadable folder. After editing the embedded edition, run
    it with --compile to refresh compiled.json (a test fails when it is stale).

    Examples:

    \b
      minestd check-taxonomy
      minestd check-taxonomy taxonomy/guide-2024 --format json
      minestd check-taxonomy taxonomy/guide-2024 --compile
      minestd check-taxonomy taxonomy/guide-2030 --lang zh
    """
    from ..data import edition_dir
    from ..integrity import compile_taxonomy

    target = folder or edition_dir()
    if not Path(target).is_dir():
        raise MinestdError(f"{target} 不是文件夹 / {target} is not a folder",
                           "给出体系版本文件夹，如 taxonomy/guide-2024 / pass a taxonomy edition folder such as "
                           "taxonomy/guide-2024")
    result, compiled = compile_taxonomy(target)
    if compile_ and compiled is not None:
        from ..io.atomic import write_text
        from ..io.yamlfiles import COMPILED

        write_text(Path(target) / COMPILED, compiled)
        wrote(Path(target) / COMPILED)
    if fmt is TreeFormat.json:
        emit(dumps_json({"folder": str(target), "readable": result.readable,
                         "findings": [f.model_dump() for f in result.findings]}))
    else:
        from ..language import in_language, one_language

        def say(text: str) -> str:
            return one_language(text, lang.value)

        for f in result.findings:
            typer.echo(f"{f.where() or target}: {f.rule} {f.severity}: {say(f.message)} — {say(f.fix)}")
        n = len(result.findings)
        typer.echo(in_language(lang.value, f"{n} 个问题：{target}", f"{n} problem(s) in {target}",
                               f"{n} 个问题 / problem(s) in {target}") if n else
                   in_language(lang.value, f"无问题：{target}", f"clean: {target}", f"无问题 / clean: {target}"))
    if not result.readable:
        raise typer.Exit(2)
    if not result.clean:
        raise typer.Exit(1)
