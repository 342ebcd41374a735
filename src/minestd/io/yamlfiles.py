"""Read a taxonomy folder (system.yaml + one file per subsystem) into plain dicts that remember
their file and YAML line, so the core can point at the exact place of every problem."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..model import Finding
from ..taxonomy import FILE_KEY, LINE_KEY, RawTaxonomy

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that records the 1-based line of every mapping under LINE_KEY."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass


def _yaml_problem(path: Path, exc: Exception) -> Finding:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return Finding(rule="TX011", severity="error", file=path.name, line=line,
                   message=f"YAML 无法解析 / YAML syntax error: {problem}",
                   fix="fix the YAML syntax at that line (quote values containing ': ', '#', or a leading '{'/'[')")


def _read(path: Path, problems: list[Finding]) -> Any:
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


def read_taxonomy_dir(folder: str | Path) -> RawTaxonomy:
    """Read system.yaml and every subsystem file it lists. Never raises for bad content:
    unreadable or malformed files become problems."""
    folder = Path(folder)
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
    extra = sorted(p.name for p in folder.glob("*.yaml") if p.name != "system.yaml" and p.name not in listed)
    return RawTaxonomy(str(folder), system, tuple(subsystems), tuple(extra), tuple(problems))
