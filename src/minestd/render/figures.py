"""Render the guide's figures: DOT -> SVG / PNG / PDF, and write them as ``figNN-<slug>.<ext>`` files.

Renderers (``renderer=``):

``pygraphviz`` (the default)
    Graphviz run in-process through pygraphviz, whose wheels bundle the Graphviz libraries (with the
    cairo/pango plugins for PNG and PDF). Works right after ``pip install minestd`` with no system
    Graphviz, and every user gets the same Graphviz version — so the SVGs in ``diagrams/`` are
    reproducible byte for byte.
``dot``
    A system Graphviz ``dot`` on PATH, run as a subprocess. Used automatically when pygraphviz cannot
    be imported (a platform without a wheel), or on request (``--renderer dot``).
``auto``
    pygraphviz if importable, else ``dot`` if on PATH, else a clear error saying how to get either.

PNG and PDF draw glyphs with the fonts installed on the machine: Chinese labels need a CJK font
(Noto Sans CJK, Source Han Sans, WenQuanYi, Microsoft YaHei, PingFang …). Without one Graphviz would
silently draw boxes of tofu, so :func:`render` refuses and says how to install one. SVG needs no font
at render time (the viewer draws the text), though its box sizes are measured with the fonts present.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, NamedTuple

from ..errors import MinestdError
from .dot import Figure, NodeStatus, figure_dot, figure_for, figures

if TYPE_CHECKING:
    from ..entry import Catalog
    from ..taxonomy import Taxonomy

__all__ = [
    "FORMATS", "RENDERERS", "FONT_INSTALL_HINT", "find_cjk_font", "needs_cjk_font", "normalise_svg", "render",
    "choose_renderer", "write_figures", "coverage_statuses", "CoverageView", "WrittenFile", "guard_output_dir",
]

FORMATS = ("svg", "png", "pdf", "dot")
RENDERERS = ("auto", "pygraphviz", "dot")
PNG_DPI = 150
FONT_INSTALL_HINT = ("安装中文（CJK）字体，如 'sudo apt-get install fonts-noto-cjk'；或用 --lang en 绘制英文"
                     "标签，或使用 --format svg / "
                     "install a CJK font, e.g. 'sudo apt-get install fonts-noto-cjk' (Debian/Ubuntu), "
                     "'sudo dnf install google-noto-sans-cjk-fonts' (Fedora) or 'brew install --cask "
                     "font-noto-sans-cjk' (macOS); or draw English labels with --lang en, or use --format svg")

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CJK_FONT_FILE = re.compile(
    r"(noto(sans|serif)(mono)?cjk|noto(sans|serif)(sc|tc|hk|jp|kr)|sourcehan|source-han|wqy|wenquanyi|"
    r"droidsansfallback|msyh|msjh|simsun|simhei|simkai|pingfang|stheiti|hiragino.*gb|ukai|uming|sarasa|"
    r"arphic|fandol|lxgw)", re.I)
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts", "/Library/Fonts",
              "/System/Library/Fonts", "~/Library/Fonts")


# --------------------------------------------------------------------------- fonts


def find_cjk_font() -> str | None:
    """A font that can draw Chinese, or None: asks fontconfig (``fc-list :lang=zh``) when it is installed,
    else looks for well-known CJK font files in the usual font folders."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30,
                                 check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        families = sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})
        if families:
            return families[0]
    dirs = [Path(d).expanduser() for d in _FONT_DIRS]
    windir = os.environ.get("WINDIR")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _subdirs, files in os.walk(folder):
            for name in sorted(files):
                if _CJK_FONT_FILE.search(name.replace(" ", "")):
                    return str(Path(root) / name)
    return None


def needs_cjk_font(dot_source: str, fmt: str) -> bool:
    """PNG and PDF of a figure with Chinese text need a CJK font at render time; SVG and DOT never do."""
    return fmt in ("png", "pdf") and bool(_CJK.search(dot_source))


def check_cjk_font(dot_source: str, fmt: str) -> None:
    """Raise MinestdError (with the install command) rather than write boxes of tofu."""
    if needs_cjk_font(dot_source, fmt) and find_cjk_font() is None:
        raise MinestdError(f"未安装中文（CJK）字体，{fmt.upper()} 中的汉字会显示为空框 / no Chinese (CJK) font is "
                           f"installed, so the {fmt.upper()} would show empty boxes instead of Chinese characters",
                           FONT_INSTALL_HINT)


# --------------------------------------------------------------------------- renderers


def _has_pygraphviz() -> bool:
    try:
        import pygraphviz  # noqa: F401
    except Exception:  # ImportError, or a broken binary wheel (OSError)
        return False
    return True


def choose_renderer(name: str = "auto") -> str:
    """``pygraphviz`` or ``dot``: the renderer that ``name`` (auto / pygraphviz / dot) resolves to here."""
    if name not in RENDERERS:
        raise MinestdError(f"未知的渲染器 '{name}' / unknown renderer '{name}'",
                           f"可选：{', '.join(RENDERERS)} / use one of: {', '.join(RENDERERS)}")
    if name == "auto" and shutil.which("dot"):  # a system Graphviz, when present, is the user's choice
        return "dot"
    if name in ("auto", "pygraphviz") and _has_pygraphviz():
        return "pygraphviz"
    if name == "pygraphviz":
        raise MinestdError("无法导入 pygraphviz / pygraphviz cannot be imported", "运行 pip install pygraphviz"
                           "（其 wheel 自带 Graphviz），或在装有 Graphviz 的系统上用 --renderer dot / pip install "
                           "pygraphviz (its wheels bundle Graphviz), or use --renderer dot with a system Graphviz")
    if shutil.which("dot"):
        return "dot"
    if name == "dot":
        raise MinestdError("PATH 中找不到 Graphviz 'dot' / Graphviz 'dot' was not found on PATH", "安装 Graphviz（如 "
                           "'sudo apt-get install graphviz'），或使用 --renderer pygraphviz / install Graphviz (e.g. "
                           "'sudo apt-get install graphviz') or use --renderer pygraphviz")
    raise MinestdError("没有可用的 Graphviz 渲染器：无法导入 pygraphviz，PATH 中也没有 'dot' / no Graphviz renderer is "
                       "available: pygraphviz cannot be imported and 'dot' is not on PATH", "运行 pip install "
                       "pygraphviz（其 wheel 自带 Graphviz），或安装 Graphviz / pip install pygraphviz (its wheels "
                       "bundle Graphviz) or install Graphviz")


@contextmanager
def _quiet_stderr() -> Iterator[list[str]]:
    """Capture what C libraries (Graphviz, fontconfig) write to file descriptor 2; the caller filters it."""
    lines: list[str] = []
    try:
        fd = sys.__stderr__.fileno() if sys.__stderr__ else 2
        saved = os.dup(fd)
    except (OSError, ValueError):  # no real stderr (embedded interpreters): nothing to capture
        yield lines
        return
    with tempfile.TemporaryFile() as sink:
        try:
            if sys.__stderr__ is not None:
                sys.__stderr__.flush()
            os.dup2(sink.fileno(), fd)
            yield lines
        finally:
            os.dup2(saved, fd)
            os.close(saved)
            sink.seek(0)
            lines.extend(sink.read().decode("utf-8", "replace").splitlines())


def _noise(line: str) -> bool:
    """Messages that say nothing about the figure (fontconfig reading a newer system config, blank lines)."""
    return not line.strip() or line.startswith("Fontconfig ")


def _forward(lines: Iterable[str]) -> None:
    for line in lines:
        if not _noise(line):
            print(f"graphviz: {line}", file=sys.stderr)


def _render_pygraphviz(dot_source: str, fmt: str, args: str) -> bytes:
    import pygraphviz

    with _quiet_stderr() as said:
        try:
            graph = pygraphviz.AGraph(string=dot_source)
            data = graph.draw(format=fmt, prog="dot", args=args)
        except Exception as exc:  # pygraphviz raises ValueError/DotError/OSError with Graphviz's message
            raise MinestdError(f"Graphviz（pygraphviz）无法渲染该图 / Graphviz (pygraphviz) could not render the "
                               f"figure: {exc}", "请连同所运行的命令报告此问题 / please report it with the command "
                               "you ran") from None
    _forward(said)
    if not data:
        raise MinestdError(f"Graphviz（pygraphviz）没有生成 {fmt.upper()} 输出 / Graphviz (pygraphviz) produced no "
                           f"{fmt.upper()} output", "请报告此问题；可在装有 Graphviz 的系统上试用 --renderer dot / "
                           "please report it; try --renderer dot with a system Graphviz")
    return bytes(data)


def _render_dot(dot_source: str, fmt: str, args: str) -> bytes:
    exe = shutil.which("dot")
    if exe is None:
        raise MinestdError("PATH 中找不到 Graphviz 'dot' / Graphviz 'dot' was not found on PATH",
                           "安装 Graphviz，或使用 --renderer pygraphviz / install Graphviz or use --renderer "
                           "pygraphviz")
    try:
        done = subprocess.run([exe, f"-T{fmt}", *args.split()], input=dot_source.encode("utf-8"),
                              capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise MinestdError(f"运行 {exe} 失败 / running {exe} failed: {exc}",
                           "检查 Graphviz 的安装 / check the Graphviz installation") from None
    said = done.stderr.decode("utf-8", "replace").splitlines()
    if done.returncode != 0 or not done.stdout:
        reason = next((line for line in said if not _noise(line)), f"exit code {done.returncode}")
        raise MinestdError(f"Graphviz 'dot' 无法渲染该图 / Graphviz 'dot' could not render the figure: {reason}",
                           "检查 Graphviz 的安装，或使用 --renderer pygraphviz / check the Graphviz installation, or "
                           "use --renderer pygraphviz")
    _forward(said)
    return done.stdout


_SVG_STAMP = re.compile(rb"<!-- Generated by graphviz version [^>]*?-->")


def normalise_svg(data: bytes) -> bytes:
    """Replace Graphviz's version stamp with a fixed comment so the SVG depends only on the figure."""
    return _SVG_STAMP.sub(b"<!-- Generated by minestd (layout: Graphviz dot) -->", data, count=1)


def render(dot_source: str, fmt: str, *, renderer: str = "auto") -> bytes:
    """The figure ``dot_source`` as ``fmt`` bytes (svg, png, pdf; ``dot`` returns the source itself).

    Raises MinestdError with the fix when no renderer is available, or when PNG/PDF of Chinese text is
    asked for and no CJK font is installed."""
    if fmt not in FORMATS:
        raise MinestdError(f"未知的格式 '{fmt}' / unknown format '{fmt}'",
                           f"可选：{', '.join(FORMATS)} / use one of: {', '.join(FORMATS)}")
    if fmt == "dot":
        return dot_source.encode("utf-8")
    check_cjk_font(dot_source, fmt)
    engine = choose_renderer(renderer)
    args = f"-Gdpi={PNG_DPI}" if fmt == "png" else ""
    data = (_render_pygraphviz if engine == "pygraphviz" else _render_dot)(dot_source, fmt, args)
    return normalise_svg(data) if fmt == "svg" else data


# --------------------------------------------------------------------------- coverage


class CoverageView(NamedTuple):
    """What the coverage view of a figure needs: per-node statuses, the catalog's file name for the
    caption, and how many catalog problems the gap analysis met (rows it could not fully use)."""

    statuses: dict[str, NodeStatus]
    catalog: str
    problems: int


def coverage_statuses(tx: "Taxonomy", catalog: "str | Path | Catalog | None" = None, *,
                      sheet: str | None = None) -> CoverageView:
    """Per-node coverage of the guide's priorities by ``catalog`` (a file, a Catalog already read, or None for
    the embedded sample catalog), from the gap analysis (:func:`minestd.gaps.gap_report`: entries without node ids
    placed first), rolled up to every node of the tree."""
    from ..coverage import tally_tree
    from ..data import load_catalog, sample_catalog_path
    from ..entry import Catalog
    from ..gaps import gap_report

    cat = catalog if isinstance(catalog, Catalog) else load_catalog(catalog, sheet=sheet)
    report = gap_report(tx, cat)
    source = cat.source if isinstance(catalog, Catalog) else catalog if catalog is not None else sample_catalog_path()
    return CoverageView(tally_tree(tx, report.priorities), Path(str(source)).name, len(report.findings))


# --------------------------------------------------------------------------- writing files


@dataclass(frozen=True)
class WrittenFile:
    figure: int
    node: str
    lang: str
    format: str
    path: Path


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def guard_output_dir(output_dir: str | Path) -> Path:
    """Refuse to write into the installed package or its embedded data (the taxonomy, the sample catalog)."""
    out = Path(output_dir)
    package = Path(__file__).resolve().parents[1]
    from ..data import taxonomy_root

    try:
        data_root = taxonomy_root()
    except FileNotFoundError:
        data_root = package / "taxonomy"
    for folder in (package, data_root):
        if _inside(out, folder):
            raise MinestdError(f"拒绝把图写入 minestd 自身的文件（{folder}） / refusing to write figures into "
                               f"minestd's own files ({folder})", "另选 --output 文件夹，如 --output diagrams-out / "
                               "choose another --output folder, e.g. --output diagrams-out")
    return out


def write_figures(
    tx: "Taxonomy",
    idents: Sequence[str] | None = None,
    *,
    output_dir: str | Path = "diagrams-out",
    formats: Sequence[str] = ("svg",),
    langs: Sequence[str] = ("zh",),
    depth: int | None = None,
    statuses: Mapping[str, NodeStatus] | None = None,
    coverage_note: str | None = None,
    renderer: str = "auto",
    inputs: Iterable[str | Path] = (),
    on_file: Callable[[WrittenFile], None] | None = None,
) -> list[WrittenFile]:
    """Write figures as ``<output_dir>/figNN-<slug>.<ext>`` (one language) or
    ``<output_dir>/<lang>/figNN-<slug>.<ext>`` (several). ``idents``: "root" and/or subsystem ids
    (None = all 16 figures). Every figure is built and every font/renderer check is made before the first
    file is written, so a failure leaves no half-written set. Writes are atomic."""
    from ..io.atomic import write_bytes

    formats = list(dict.fromkeys(formats)) or ["svg"]
    langs = list(dict.fromkeys(langs)) or ["zh"]
    for fmt in formats:
        if fmt not in FORMATS:
            raise MinestdError(f"未知的格式 '{fmt}' / unknown format '{fmt}'",
                               f"可选：{', '.join(FORMATS)} / use one of: {', '.join(FORMATS)}")
    chosen: list[Figure] = figures(tx) if idents is None else list(
        dict.fromkeys(figure_for(tx, i) for i in idents))
    out = guard_output_dir(output_dir)
    jobs: list[tuple[Figure, str, str]] = []
    for lang in langs:
        for fig in chosen:
            jobs.append((fig, lang, figure_dot(tx, fig.node, lang=lang, depth=depth, statuses=statuses,
                                               coverage_note=coverage_note)))
    raster = [f for f in formats if f in ("png", "pdf")]
    if raster and any(needs_cjk_font(src, raster[0]) for _, _, src in jobs):
        check_cjk_font("中", raster[0])
    if any(f != "dot" for f in formats):
        choose_renderer(renderer)
    written: list[WrittenFile] = []
    for fig, lang, src in jobs:
        folder = out / lang if len(langs) > 1 else out
        for fmt in formats:
            data = render(src, fmt, renderer=renderer)
            path = write_bytes(folder / fig.filename(fmt), data, inputs)
            item = WrittenFile(figure=fig.number, node=fig.node, lang=lang, format=fmt, path=path)
            written.append(item)
            if on_file is not None:
                on_file(item)
    return written
