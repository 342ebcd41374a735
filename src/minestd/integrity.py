"""Integrity checks of a taxonomy folder, for editors of a future edition (qSKOS-style rule ids) — pure core.

The folder is read by the edge that supplies ``taxonomy_folder`` (:mod:`minestd.resources`; by default
:func:`minestd.io.yamlfiles.read_taxonomy_dir`), and the compiled form made by ``compiled_taxonomy``."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from .findings import TAXONOMY_RULES
from .language import one_language
from .model import Finding
from .resources import supplied
from .taxonomy import build_taxonomy

#: rule id -> what it checks (English); the catalogue with Chinese, severities and the other families:
#: :data:`minestd.findings.TAXONOMY_RULES`, :func:`minestd.findings.rule_catalogue`.
RULES: dict[str, str] = {rid: one_language(title, "en") for rid, (_, title) in TAXONOMY_RULES.items()}


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
    return _checked(folder)[0]


def compile_taxonomy(folder: str | Path) -> tuple[TaxonomyCheck, str | None]:
    """Check a folder and, when it is clean, return the text of its ``compiled.json`` (None otherwise)."""
    check, raw = _checked(folder)
    return check, (supplied("compiled_taxonomy", raw) if check.readable and check.clean else None)


def _checked(folder: str | Path) -> "tuple[TaxonomyCheck, Any]":
    """The check of ``folder`` and its raw contents (as the supplied reader gives them)."""
    raw = supplied("taxonomy_folder", folder, use_compiled=False)
    _, findings = build_taxonomy(raw)
    return TaxonomyCheck(folder=str(folder), readable=raw.system is not None, findings=tuple(findings)), raw
