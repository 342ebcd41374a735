"""Integrity checks of a taxonomy folder, for editors of a future edition (qSKOS-style rule ids)."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .model import Finding
from .taxonomy import build_taxonomy

RULES: dict[str, str] = {
    "TX001": "unique node ids",
    "TX002": "id well-formed and extends its parent's id",
    "TX003": "depth at most 3 (subsystem, category, sub-category)",
    "TX004": "non-empty Chinese name",
    "TX005": "non-empty English name",
    "TX006": "no duplicate names among siblings",
    "TX007": "every priority attached to an existing node (id prefix = node id)",
    "TX008": "unique priority ids",
    "TX009": "every node reachable from the root",
    "TX010": "known keys and types",
    "TX011": "YAML syntax",
    "TX012": "files readable and present",
    "TX013": "priority action is 制定 / 修订 / 制修订 / 提升 / 未明确",
    "TX014": "priority has text and source",
    "TX015": "subsystem figure numbers present and unique",
    "TX016": "node ids numbered in order",
    "TX017": "priority numbers without holes (live or retired; never reused)",
    "TX018": "retired priority ids well-formed, on existing nodes, never live again",
    "TX019": "a retired id's successors (replaced_by) are priority ids",
}


class TaxonomyCheck(BaseModel):
    """Result of checking a folder: ``readable`` is False when system.yaml itself is missing or broken."""

    model_config = ConfigDict(frozen=True)

    folder: str
    readable: bool
    findings: tuple[Finding, ...]

    @property
    def clean(self) -> bool:
        return not any(f.severity in ("error", "warning") for f in self.findings)


def check_taxonomy(folder: str | Path) -> TaxonomyCheck:
    """Run every integrity check on a taxonomy folder. Never raises for bad content."""
    from .io.yamlfiles import read_taxonomy_dir

    raw = read_taxonomy_dir(folder, use_compiled=False)
    _, findings = build_taxonomy(raw)
    return TaxonomyCheck(folder=str(folder), readable=raw.system is not None, findings=tuple(findings))


def compile_taxonomy(folder: str | Path) -> tuple[TaxonomyCheck, str | None]:
    """Check a folder and, when it is clean, return the text of its ``compiled.json`` (None otherwise)."""
    from .io.yamlfiles import compiled_json, read_taxonomy_dir

    raw = read_taxonomy_dir(folder, use_compiled=False)
    _, findings = build_taxonomy(raw)
    check = TaxonomyCheck(folder=str(folder), readable=raw.system is not None, findings=tuple(findings))
    return check, (compiled_json(raw) if check.readable and check.clean else None)
