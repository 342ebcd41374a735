"""Where the embedded data lives (taxonomy editions and the sample catalog) and cached loaders."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .taxonomy import Taxonomy, TaxonomyError, build_taxonomy

DEFAULT_EDITION = "guide-2024"
SAMPLE_CATALOG = "sample-catalog.csv"
SUBSYSTEM_MODEL = "subsystem-model.json"
SAMPLE_MODEL = "sample-model.json"


def taxonomy_root() -> Path:
    """The `taxonomy/` folder: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "taxonomy", here.parents[1] / "taxonomy"):
        if (candidate / DEFAULT_EDITION / "system.yaml").is_file():
            return candidate
    raise FileNotFoundError("minestd's embedded taxonomy/ folder is missing; reinstall minestd")


def edition_dir(edition: str = DEFAULT_EDITION) -> Path:
    return taxonomy_root() / edition


def sample_catalog_path() -> Path:
    return taxonomy_root() / "catalog" / SAMPLE_CATALOG


def load_taxonomy(folder: str | Path | None = None) -> Taxonomy:
    """Load and check a taxonomy folder (default: the embedded guide-2024). Raises TaxonomyError
    carrying every finding when the data has errors."""
    if folder is None:
        return default_taxonomy()
    return _load(Path(folder))


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    return _load(edition_dir())


def _load(folder: Path) -> Taxonomy:
    from .io.yamlfiles import read_taxonomy_dir

    taxonomy, findings = build_taxonomy(read_taxonomy_dir(folder))
    if taxonomy is None:
        raise TaxonomyError(findings)
    return taxonomy


def sample_model_path() -> Path:
    return taxonomy_root() / "catalog" / SAMPLE_MODEL


def sample_model(tx: Taxonomy | None = None) -> dict:
    """The built-in classifier model (the ``trained`` classifier's default): :func:`minestd.classify.trained.train`
    on every placed real title the project holds — the embedded sample catalog and the classifier fixtures of the
    source tree (tests/fixtures/classify/tuning.csv and heldout.csv; 364 distinct titles) — shipped as
    ``taxonomy/catalog/sample-model.json``, made by::

        minestd train taxonomy/catalog/sample-catalog.csv tests/fixtures/classify/tuning.csv \
            tests/fixtures/classify/heldout.csv --output taxonomy/catalog/sample-model.json

    Only for the embedded edition (guide-2024), whose ids those placements use; raises ``ValueError`` for
    another edition and ``FileNotFoundError`` when the file is not installed (then train a model on a catalog
    of your own instead)."""
    if not _embedded_edition(tx):
        raise ValueError(f"the built-in model is learned from the sample catalog of the {DEFAULT_EDITION} edition, "
                         f"not of '{tx.edition.edition}'")
    return _sample_model()


@lru_cache(maxsize=1)
def _sample_model() -> dict:
    return _read_json(sample_model_path(), "the built-in classifier model")


def _read_json(path: Path, what: str) -> dict:
    import json

    if not path.is_file():
        raise FileNotFoundError(f"{what} {path.name} is missing; reinstall minestd")
    return json.loads(path.read_text(encoding="utf-8"))


def subsystem_model_path() -> Path:
    return edition_dir() / SUBSYSTEM_MODEL


def subsystem_model(tx: Taxonomy | None = None) -> dict:
    """The subsystem model learned from the embedded edition's own texts (the hybrid classifier's default;
    made by ``minestd train --guide``). Only for the embedded edition: raises ``ValueError`` for another one
    and ``FileNotFoundError`` when the file is not installed."""
    if not _embedded_edition(tx):
        raise ValueError(f"the built-in subsystem model is learned from the {DEFAULT_EDITION} edition's texts, "
                         f"not from '{tx.edition.edition}'")
    return _subsystem_model()


@lru_cache(maxsize=1)
def _subsystem_model() -> dict:
    return _read_json(subsystem_model_path(), "the built-in subsystem model")


def default_classifier_name(tx: Taxonomy | None = None) -> str:
    """``hybrid`` for the embedded edition (which ships its subsystem model), ``lexical`` otherwise."""
    return "hybrid" if _embedded_edition(tx) and subsystem_model_path().is_file() else "lexical"


def _embedded_edition(tx: Taxonomy | None) -> bool:
    """Whether ``tx`` (None = the embedded taxonomy) is of the embedded edition, for which the built-in models
    were made."""
    return tx is None or tx is default_taxonomy() or tx.edition.edition == DEFAULT_EDITION


def load_catalog(path: "str | Path | None" = None, **options):
    """Read a catalog file (CSV/XLSX/JSON/YAML; see :func:`minestd.io.catalog.read_catalog` for ``sheet`` and
    ``columns``); ``None`` = the embedded sample catalog. Raises InputError with the fix for unreadable files."""
    from .io.catalog import read_catalog

    return read_catalog(sample_catalog_path() if path is None else path, **options)
