"""The guide's Figures 1–16 as DOT text, built from a :class:`~minestd.taxonomy.Taxonomy` (pure).

Nothing here reads files, prints or runs Graphviz: :func:`figure_dot` returns DOT source built with
the ``graphviz`` Python package (which quotes identifiers safely; HTML-like labels are escaped here).
Rendering to SVG/PNG/PDF lives in :mod:`minestd.render.figures`.

Layout, as in the guide's figures: a top-down box tree. The figure's top node (the system, or one
subsystem) sits alone on the first row; its children stand in one row beneath it; everything deeper
hangs under its parent as an indented, vertically stacked list joined by an orthogonal "comb" (a
vertical spine with one horizontal tick per child), so 13 equipment classes become a column, not a
two-metre row. Each column sits in a borderless cluster so deep figures (Figure 1 at ``depth=3``) keep
every subtree under its own box. Levels differ by fill, border weight, corner shape and type size; ids
are printed small above each name; long names are wrapped (Chinese about every 8 characters at word
boundaries, English about every 18–20 characters).

Coverage view: pass ``statuses`` — a mapping ``{node_id: NodeStatus}`` where a status is any object
with integer ``total``, ``covered``, ``in_progress``, ``revision_pending`` and ``gap`` attributes (e.g.
:class:`minestd.coverage.Tally`; :func:`minestd.coverage.tally_tree` rolls the per-priority results
of :func:`minestd.coverage.analyse` up to every node) — and each box is filled by
its coverage class, with a legend under the caption; nodes with no priorities (``total == 0`` or absent)
are drawn neutral.
"""
from __future__ import annotations

import html
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..errors import MinestdError
from ..model import ROOT_ID, Node
from .labels import _CJK, wrap_label

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

__all__ = [
    "COVERAGE_CLASSES", "FONT_FAMILY", "Figure", "NodeStatus", "coverage_class", "figure_dot",
    "default_depth", "figure_for", "figures", "node_ids_in", "wrap_label",
]

# --------------------------------------------------------------------------- coverage statuses


@runtime_checkable
class NodeStatus(Protocol):
    """What the renderer needs to know about one node's coverage (counts of priority items)."""

    total: int
    covered: int
    in_progress: int
    revision_pending: int
    gap: int


#: Coverage classes in legend order: (key, fill colour, zh label, en label).
COVERAGE_CLASSES: tuple[tuple[str, str, str, str], ...] = (
    ("covered", "#7FC97F", "全部覆盖", "all covered"),
    ("most", "#CDE8B5", "覆盖 ≥ 50%", "covered ≥ 50%"),
    ("some", "#FFF0A0", "覆盖 < 50%", "covered < 50%"),
    ("in_progress", "#FDCC8A", "无已覆盖，有在编/待修订", "none covered, some in progress"),
    ("gap", "#F4A6A6", "全部空缺", "all gap"),
    ("none", "#F2F2F2", "无建设重点", "no priorities"),
)
_FILL = {key: fill for key, fill, _, _ in COVERAGE_CLASSES}


def coverage_class(status: NodeStatus | None) -> str:
    """The legend class of one node: covered, most, some, in_progress, gap or none (no priorities)."""
    if status is None or status.total <= 0:
        return "none"
    if status.covered >= status.total:
        return "covered"
    if status.covered * 2 >= status.total:
        return "most"
    if status.covered > 0:
        return "some"
    if status.in_progress + status.revision_pending > 0:
        return "in_progress"
    return "gap"


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    """One of the guide's figures: 1 = the whole system (``root``), 2–16 = one subsystem each."""

    number: int
    node: str
    slug: str

    @property
    def stem(self) -> str:
        return f"fig{self.number:02d}-{self.slug}"

    def filename(self, ext: str) -> str:
        return f"{self.stem}.{ext}"


def _figure_of(node: Node) -> Figure:
    slug = node.slug or ("system" if node.kind == "root" else node.id)
    return Figure(number=node.figure or (1 if node.kind == "root" else int(node.id) + 1), node=node.id, slug=slug)


def figures(tx: "Taxonomy") -> list[Figure]:
    """All figures of the edition, in figure order (Figure 1 = the system, then one per subsystem)."""
    return sorted((_figure_of(n) for n in [tx.root, *tx.subsystems()]), key=lambda f: (f.number, f.node))


def figure_for(tx: "Taxonomy", ident: str) -> Figure:
    """The figure drawing ``ident`` ("root"/"system" or a subsystem id such as "05").

    Raises :class:`~minestd.taxonomy.UnknownIdError` for an unknown id and MinestdError for a category."""
    if ident in ("system", "root", ""):
        return _figure_of(tx.root)
    node = tx.node(ident)
    if node.kind not in ("root", "subsystem"):
        sub = tx.subsystem_of(ident)
        raise MinestdError(f"'{ident}' 不是子体系：指南每个子体系一张图（整个体系为图 1） / '{ident}' is a "
                           f"{node.kind}; the guide draws one figure per subsystem (and Figure 1 for the whole "
                           f"system)", f"绘制其所属子体系的图：minestd diagram {sub.id} / draw its subsystem's "
                           f"figure: minestd diagram {sub.id}")
    return _figure_of(node)


# --------------------------------------------------------------------------- styling

#: Font families in order of preference: Graphviz (pango) picks the first installed; SVG viewers likewise.
FONT_FAMILY = "Noto Sans CJK SC,Source Han Sans SC,WenQuanYi Micro Hei,Microsoft YaHei,PingFang SC,sans-serif"


@dataclass(frozen=True)
class _Look:
    fill: str
    border: str
    penwidth: str
    style: str
    size: int
    bold: bool
    text: str
    id_colour: str


# plain view: levels by fill (dark, medium, light), border and type size
_PLAIN = {
    "root": _Look("#1F3864", "#1F3864", "2", "filled", 16, True, "#FFFFFF", "#C9D3E6"),
    "subsystem": _Look("#2E5597", "#1F3864", "2", "filled", 14, True, "#FFFFFF", "#D6E0F0"),
    "category": _Look("#BDD7EE", "#2E5597", "1.4", "filled", 12, True, "#000000", "#3B4F6B"),
    "subcategory": _Look("#F4F8FC", "#7F9DB9", "1", "rounded,filled", 11, False, "#000000", "#5A6B80"),
}
# coverage view: the fill shows coverage, so levels differ by border weight, corners and type
_COVERAGE = {
    "root": _Look("", "#1F3864", "3.5", "filled", 16, True, "#000000", "#333333"),
    "subsystem": _Look("", "#1F3864", "3", "filled", 14, True, "#000000", "#333333"),
    "category": _Look("", "#2E5597", "1.8", "filled", 12, True, "#000000", "#333333"),
    "subcategory": _Look("", "#7F9DB9", "1", "rounded,filled", 11, False, "#000000", "#444444"),
}
_LINE = "#4D4D4D"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _html_label(small: tuple[str, ...], lines: list[str], look: _Look, small_size: int = 8) -> str:
    """A box label: the id (and counts, 9 pt: readable in print) small on top, then the name's lines."""
    rows = [f'<TR><TD><FONT POINT-SIZE="{small_size}" COLOR="{look.id_colour}">{_esc(t)}</FONT></TD></TR>' for t in small]
    for line in lines:
        text = f"<B>{_esc(line)}</B>" if look.bold else _esc(line)
        rows.append(f'<TR><TD><FONT POINT-SIZE="{look.size}" COLOR="{look.text}">{text}</FONT></TD></TR>')
    return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + "</TABLE>>"


def _text_width(line: str, size: int) -> float:
    """Rough width in points (CJK square, Latin 0.52 em) for equal sibling boxes; exact, the same on every Python."""
    return (100 * (cjk := sum(1 for ch in line if _CJK.match(ch))) + 52 * (len(line) - cjk)) * size / 100   # exact


def _counts(status: NodeStatus | None) -> str:
    """``n/m (+k)``: priorities covered / all in the subtree, (+k) in progress or awaiting revision."""
    if status is None or status.total <= 0:
        return ""
    pending = status.in_progress + status.revision_pending
    return f"{status.covered}/{status.total}" + (f" (+{pending})" if pending else "")


def _source_line(tx: "Taxonomy", lang: str) -> str:
    ed = tx.edition
    if lang == "en":  # ASCII only, so English figures render without a CJK font
        issuers = ", ".join(i.name_en for i in ed.issuers)
        return f"{ed.title_en} ({issuers}, {ed.date})"
    return f"《{ed.title}》 {ed.document_number}"


def _status_text(status: NodeStatus | None, lang: str) -> str:
    if status is None or status.total <= 0:
        return "no next-step priorities" if lang == "en" else "无下一步建设重点"
    if lang == "en":
        return (f"{status.total} priorities: {status.covered} covered, {status.in_progress} in progress, "
                f"{status.revision_pending} awaiting revision, {status.gap} gap")
    return (f"建设重点 {status.total} 项：已覆盖 {status.covered}，制修订中 {status.in_progress}，"
            f"待修订 {status.revision_pending}，缺失 {status.gap}")


def _caption(tx: "Taxonomy", fig: Figure, lang: str, coverage: bool, coverage_note: str | None) -> str:
    """The figure's caption under the drawing, as in the guide; the coverage view adds its legend."""
    node = tx.node(fig.node)
    if lang == "en":
        what = "Overall architecture of the Mine Safety Standard System" if node.kind == "root" \
            else f"{node.name_en} standards subsystem"
        text = f"Figure {fig.number}  {what}"
        if coverage:
            text += " — coverage" + (f" ({coverage_note})" if coverage_note else "")
    else:
        name = node.caption_name or node.name
        what = f"{name}整体架构" if node.kind == "root" else f"{name}标准子体系"
        text = f"图{fig.number} {what}"
        if coverage:
            text += " — 覆盖情况" + (f"（{coverage_note}）" if coverage_note else "")
    rows = [f'<TR><TD><FONT POINT-SIZE="15"><B>{_esc(text)}</B></FONT></TD></TR>']
    if coverage:
        rows.append(f"<TR><TD>{_legend(lang)}</TD></TR>")
    rows.append(f'<TR><TD><FONT POINT-SIZE="9" COLOR="#666666">{_esc(_source_line(tx, lang))}</FONT></TD></TR>')
    return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">' + "".join(rows) + "</TABLE>>"


def _legend(lang: str) -> str:
    """One row of colour swatches with their meaning, and how to read the counts in the boxes."""
    en = lang == "en"
    title = "Next-step priorities:" if en else "下一步建设重点："
    cells = [f'<TD ALIGN="RIGHT"><FONT POINT-SIZE="10"><B>{_esc(title)}</B></FONT></TD>']
    for _key, fill, zh_label, en_label in COVERAGE_CLASSES:
        cells.append(f'<TD BGCOLOR="{fill}" BORDER="1" COLOR="#666666" WIDTH="22" HEIGHT="12"> </TD>'
                     f'<TD ALIGN="LEFT"><FONT POINT-SIZE="10">{_esc(en_label if en else zh_label)}</FONT></TD>')
    note = ("In each box: id · n/m = priorities covered / all in its subtree; (+k) = in progress or awaiting "
            "revision" if en else "框内：编号 · n/m = 已覆盖/下属建设重点总数；(+k) = 在编或待修订")
    return ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">'
            f'<TR>{"".join(cells)}</TR>'
            f'<TR><TD COLSPAN="{1 + 2 * len(COVERAGE_CLASSES)}"><FONT POINT-SIZE="9" COLOR="#444444">'
            f"{_esc(note)}</FONT></TD></TR></TABLE>")


# --------------------------------------------------------------------------- the figure


@dataclass(frozen=True)
class _Box:
    node: Node
    small: tuple[str, ...]
    lines: list[str]
    look: _Look
    fill: str
    css_class: str
    tooltip: str

    def width(self) -> float:
        widths = [_text_width(line, self.look.size) for line in self.lines] + [_text_width(s, 8) for s in self.small]
        return max(widths) + 2 * 10 + 4  # side margins and cell padding

    def height(self) -> float:
        return len(self.lines) * (self.look.size * 1.5 + 3) + 12 * len(self.small) + 10


def _inches(points: float) -> str:
    return f"{points / 72:.2f}"


class _FigureBuilder:
    """Collects the nodes and edges of one figure into a ``graphviz.Digraph``."""

    def __init__(self, tx: "Taxonomy", fig: Figure, lang: str, depth: int,
                 statuses: Mapping[str, NodeStatus] | None, coverage_note: str | None):
        import graphviz  # the Python package: builds and quotes DOT text, runs nothing

        self.tx, self.lang, self.depth, self.statuses = tx, lang, depth, statuses
        self.top = tx.node(fig.node)
        self.looks = _COVERAGE if statuses is not None else _PLAIN
        is_root = self.top.kind == "root"
        self.upright = is_root and lang == "zh"  # Figure 1 in Chinese: the guide's narrow upright boxes
        self.cjk_width = 6 if is_root and depth >= 2 else 8
        self.latin_width = 13 if is_root else 20
        self.g = graphviz.Digraph(name=fig.stem, graph_attr={
            "rankdir": "TB", "splines": "ortho", "newrank": "true",
            "nodesep": "0.18", "ranksep": "0.24", "pad": "0.3", "bgcolor": "white",
            "fontname": FONT_FAMILY, "labelloc": "b", "labeljust": "c",
            "label": _caption(tx, fig, lang, statuses is not None, coverage_note),
        }, node_attr={"shape": "box", "fontname": FONT_FAMILY, "margin": "0.1,0.05", "color": _LINE},
            edge_attr={"dir": "none", "color": _LINE, "penwidth": "1.2", "arrowhead": "none"})
        self.here = self.g  # where new nodes go (the graph, or the current column's cluster)

    # -- boxes
    def box(self, node: Node, *, upright: bool = False) -> _Box:
        look = self.looks[node.kind]
        status = self.statuses.get(node.id) if self.statuses is not None else None
        small = [] if node.kind == "root" else [node.id]
        if self.statuses is not None:
            counts = _counts(status)
            if counts and small and not upright:
                small[0] += " · " + counts
            elif counts:
                small.append(counts)
        elif node.kind == "root" and self.lang == "zh":
            small = [self.tx.edition.document_number]
        top = node.id == self.top.id  # the figure's title box: wide lines
        lines = wrap_label(node.label(self.lang), cjk_width=12 if top else self.cjk_width,
                           latin_width=30 if top else self.latin_width, vertical=upright)
        css_class = node.kind
        tooltip = node.label(self.lang) if node.kind == "root" else f"{node.id} {self.tx.path_label(node.id, self.lang)}"
        if self.statuses is not None:
            cls = coverage_class(status)
            css_class += f" coverage-{cls.replace('_', '-')}"
            tooltip += " — " + _status_text(status, self.lang)
            fill = _FILL[cls]
        else:
            fill = look.fill
        return _Box(node, tuple(small), lines, look, fill, css_class, tooltip)

    def add(self, box: _Box, *, width: float | None = None, height: float | None = None) -> None:
        look, size = box.look, (8 if self.statuses is None else 9)   # counts in 9 pt: readable when printed
        attrs = {"style": look.style, "fillcolor": box.fill, "color": look.border, "penwidth": look.penwidth,
                 "class": box.css_class, "tooltip": box.tooltip}
        if width is not None:
            attrs["width"] = _inches(width)
        if height is not None:
            attrs["height"] = _inches(height)
        self.here.node(box.node.id, label=_html_label(box.small, box.lines, look, size), **attrs)

    def add_row(self, boxes: list[_Box], *, same_height: bool = False) -> None:
        """Siblings drawn with one width (and, for upright boxes, one height) like the guide's figures."""
        width = max(b.width() for b in boxes)
        height = max(b.height() for b in boxes) if same_height else None
        for b in boxes:
            self.add(b, width=width, height=height)

    def joint(self, name: str) -> str:
        self.here.node(name, label="", shape="point", width="0.04", height="0.04", color=_LINE, fillcolor=_LINE)
        return name

    def same_rank(self, *names: str) -> None:
        with self.here.subgraph() as row:
            row.attr(rank="same")
            for name in names:
                row.node(name)

    # -- layout
    def bus(self, parent: Node, children: list[Node]) -> None:
        """Parent above a row of children, joined by one horizontal bus line (an org-chart connector)."""
        if len(children) == 1:
            self.g.edge(parent.id, children[0].id, weight="100")
            return
        joints = [self.joint(f"{parent.id}^{i}") for i in range(1, len(children) + 1)]
        for joint, child in zip(joints, children):
            self.g.edge(joint, child.id, weight="100")
        half = len(joints) // 2
        if len(joints) % 2:
            middle, chain = joints[half], joints
        else:
            middle = self.joint(f"{parent.id}^m")
            chain = joints[:half] + [middle] + joints[half:]
        self.same_rank(*chain)
        for left, right in itertools.pairwise(chain):
            self.g.edge(left, right, weight="1")
        self.g.edge(parent.id, middle, weight="100")

    def comb(self, parent: Node, levels_left: int) -> int:
        """Hang ``parent``'s descendants below it as a vertical list on a spine; returns the rows used."""
        if levels_left <= 0 or not parent.children:
            return 0
        children = self.tx.children(parent.id)
        self.add_row([self.box(c) for c in children])
        rows, previous, gap = 0, parent.id, 1
        for index, child in enumerate(children, start=1):
            joint = self.joint(f"{parent.id}~{index}")
            self.g.edge(previous, joint, weight="100", minlen=str(gap))
            self.same_rank(joint, child.id)
            self.g.edge(joint, child.id, weight="10")
            below = self.comb(child, levels_left - 1)
            rows += 1 + below
            previous, gap = joint, 1 + below
        return rows

    def build(self) -> str:
        top_box = self.box(self.top)
        self.add(top_box)
        children = self.tx.children(self.top.id)
        if children:
            self.add_row([self.box(c, upright=self.upright) for c in children], same_height=True)
            self.bus(self.top, children)
            for child in children:
                if self.depth < 2 or not child.children:
                    continue
                # one borderless cluster per column keeps each subtree together under its box
                with self.g.subgraph(name=f"cluster_{child.id}") as column:
                    column.attr(peripheries="0", margin="4", label="")
                    self.here = column
                    column.node(child.id)
                    self.comb(child, self.depth - 1)
                    self.here = self.g
        return self.g.source


def figure_dot(
    tx: "Taxonomy",
    ident: str = ROOT_ID,
    *,
    lang: str = "zh",
    depth: int | None = None,
    statuses: Mapping[str, NodeStatus] | None = None,
    coverage_note: str | None = None,
) -> str:
    """DOT source of the figure drawing ``ident`` (``root`` = Figure 1, or a subsystem id = Figures 2–16).

    ``depth`` counts levels below the figure's top node (default: 1 for Figure 1 — the 15 subsystems;
    ``2`` adds categories — and 2 for a subsystem: its categories and sub-categories). ``statuses`` turns
    on the coverage view (see the module docstring); ``coverage_note`` names the catalog in the caption.
    The output depends only on the arguments, so it is byte-identical across runs."""
    if lang not in ("zh", "en"):
        raise MinestdError(f"未知的语言 '{lang}' / unknown language '{lang}'", "使用 zh 或 en / use zh or en")
    fig = figure_for(tx, ident)
    top = tx.node(fig.node)
    if depth is None:
        depth = default_depth(top)
    if depth < 1:
        raise MinestdError(f"深度至少为 1，收到 {depth} / depth must be at least 1, got {depth}",
                           "使用 --depth 1、2 或 3 / use --depth 1, 2 or 3")
    return _FigureBuilder(tx, fig, lang, depth, statuses, coverage_note).build()


def default_depth(top: Node) -> int:
    """Levels drawn below a figure's top node unless asked: the system shows its 15 subsystems, a subsystem
    its categories and sub-categories."""
    return 1 if top.kind == "root" else 2


def node_ids_in(tx: "Taxonomy", ident: str, depth: int | None = None) -> list[str]:
    """Ids of the taxonomy nodes a figure draws, in the guide's order."""
    top = tx.node(figure_for(tx, ident).node)
    limit = default_depth(top) if depth is None else depth
    return [n.id for n in tx.walk(top.id) if n.depth - top.depth <= limit]
