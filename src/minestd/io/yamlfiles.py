"""Read a taxonomy folder (system.yaml + one file per subsystem) into plain dicts that remember
their file and YAML line, so the core can point at the exact place of every problem.

Start-up speed: parsing the YAML costs about 0.1 s per run, so a clean folder may carry
``compiled.json`` — the same dicts as JSON plus a digest of every ``*.yaml`` file. It is used only
while the digest matches (any edit of the YAML makes it stale and the YAML is read again); it is written
by ``minestd check-taxonomy DIR --compile`` and a test fails when the embedded one drifts.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Finding
from ..taxonomy import FILE_KEY, LINE_KEY, RawTaxonomy


@lru_cache(maxsize=1)
def _line_loader() -> type:
    """A SafeLoader (C-accelerated when available) that records the 1-based line of every mapping
    under LINE_KEY. Built on first use: PyYAML is not imported when compiled.json is current."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def construct_mapping(loader: Any, node: Any) -> dict[str, Any]:
        mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping

    loader = type("LineLoader", (base,), {})
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return loader


def load_yaml(path: Path) -> Any:
    import yaml

    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_line_loader())  # noqa: S506 - a SafeLoader subclass


def _yaml_problem(path: Path, exc: Exception) -> Finding:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return Finding(rule="TX011", severity="error", file=path.name, line=line,
                   message=f"YAML 无法解析 / YAML syntax error: {problem}",
                   fix="fix the YAML syntax at that line (quote values containing ': ', '#', or a leading '{'/'[')")


def _read(path: Path, problems: list[Finding]) -> Any:
    import yaml

    try:
        data = load_yaml(path)
    except yaml.YAMLError as exc:
        problems.append(_yaml_problem(path, exc))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Finding(rule="TX012", severity="error", file=path.name,
                                message=f"文件无法读取 / cannot read file: {exc}",
                                fix="check that the file exists and is UTF-8 text"))
        return None
    if isinstance(data, dict):
        data[FILE_KEY] = path.name
    return data


COMPILED = "compiled.json"
COMPILED_FORMAT = "minestd-compiled-taxonomy"
COMPILED_VERSION = 2


def source_digest(folder: str | Path) -> str:
    """SHA-256 over the names and bytes of every ``*.yaml`` file of the folder."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_compiled(folder: Path) -> RawTaxonomy | None:
    path = folder / COMPILED
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(data, dict) or data.get("format") != COMPILED_FORMAT
            or data.get("version") != COMPILED_VERSION or data.get("digest") != source_digest(folder)):
        return None
    return RawTaxonomy(str(folder), data["system"], tuple(data["subsystems"]), tuple(data["extra_files"]), (),
                       tuple(data.get("retired") or ()))


def compiled_json(raw: RawTaxonomy) -> str:
    """The compiled form of a cleanly read folder (see the module docstring)."""
    return json.dumps({"format": COMPILED_FORMAT, "version": COMPILED_VERSION, "digest": source_digest(raw.folder),
                       "system": raw.system, "subsystems": list(raw.subsystems), "extra_files": list(raw.extra_files),
                       "retired": list(raw.retired)},
                      ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def read_taxonomy_dir(folder: str | Path, *, use_compiled: bool = True) -> RawTaxonomy:
    """Read system.yaml and every subsystem file it lists. Never raises for bad content:
    unreadable or malformed files become problems. ``use_compiled``: take ``compiled.json`` when it is
    up to date with the YAML (same content, faster)."""
    folder = Path(folder)
    if use_compiled and (compiled := _read_compiled(folder)) is not None:
        return compiled
    problems: list[Finding] = []
    system_path = folder / "system.yaml"
    if not system_path.is_file():
        problems.append(Finding(rule="TX012", severity="error", file=str(system_path),
                                message="找不到 system.yaml / system.yaml not found",
                                fix="point at a taxonomy edition folder such as taxonomy/guide-2024"))
        return RawTaxonomy(str(folder), None, (), (), tuple(problems))
    system = _read(system_path, problems)
    if not isinstance(system, dict):
        if system is not None:
            problems.append(Finding(rule="TX010", severity="error", file="system.yaml",
                                    message="system.yaml 顶层必须是映射 / top level must be a mapping",
                                    fix="start system.yaml with keys such as 'edition:' and 'subsystems:'"))
        return RawTaxonomy(str(folder), None, (), (), tuple(problems))
    listed = [str(name) for name in system.get("subsystems") or []]
    subsystems: list[dict[str, Any]] = []
    for name in listed:
        path = folder / name
        if not path.is_file():
            problems.append(Finding(rule="TX012", severity="error", file="system.yaml",
                                    line=system.get(LINE_KEY), value=name,
                                    message=f"system.yaml 列出的文件不存在 / listed subsystem file missing: {name}",
                                    fix="create the file or remove it from the 'subsystems:' list"))
            continue
        data = _read(path, problems)
        if isinstance(data, dict):
            subsystems.append(data)
        elif data is not None:
            problems.append(Finding(rule="TX010", severity="error", file=name,
                                    message="子体系文件顶层必须是映射 / top level must be a mapping",
                                    fix="start the file with 'id:', 'name:', 'name_en:' and 'categories:'"))
    retired_name = str(system.get("retired") or "")
    retired = _read_retired(folder, retired_name, system, problems) if retired_name else ()
    listed.append(retired_name)
    extra = sorted(p.name for p in folder.glob("*.yaml") if p.name != "system.yaml" and p.name not in listed)
    return RawTaxonomy(str(folder), system, tuple(subsystems), tuple(extra), tuple(problems), retired)


def _read_retired(folder: Path, name: str, system: dict[str, Any], problems: list[Finding]) -> tuple[dict[str, Any], ...]:
    """The retired-priority ledger named by system.yaml's ``retired:`` (a YAML list of mappings)."""
    path = folder / name
    if not path.is_file():
        problems.append(Finding(rule="TX012", severity="error", file="system.yaml", line=system.get(LINE_KEY),
                                value=name, message=f"system.yaml 列出的退役编号文件不存在 / retired ledger missing: {name}",
                                fix="create the file (a YAML list of retired ids) or remove 'retired:' from system.yaml"))
        return ()
    data = _read(path, problems)
    if data is None:
        return ()
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        problems.append(Finding(rule="TX010", severity="error", file=name,
                                message="退役编号文件必须是映射的列表 / the retired ledger must be a list of mappings",
                                fix="write each retired id as '- id: …' with text, replaced_by and reason"))
        return ()
    for item in data:
        item[FILE_KEY] = name
    return tuple(data)
