"""minestd — China's Mine Safety Standard System (矿山安全标准体系建设指南, 矿安〔2024〕144号) as software.

Library first: every CLI command is a thin shell over a public function here.
"""
from __future__ import annotations

__version__ = "0.1.0"


def _register_suppliers() -> None:
    """The composition root: what the pure core asks of the world (minestd.resources), supplied by the edges."""
    from .resources import supply

    for name, target in (("today", "minestd.world:today"),
                         ("jieba_cache", "minestd.world:jieba_cache"),
                         ("process_pool", "minestd.world:second_process"),
                         ("taxonomy", "minestd.data:default_taxonomy"),
                         ("default_classifier", "minestd.data:default_classifier_name"),
                         ("model:hybrid", "minestd.data:subsystem_model"),
                         ("model:trained", "minestd.data:sample_model"),
                         ("taxonomy_folder", "minestd.io.yamlfiles:read_taxonomy_dir"),
                         ("compiled_taxonomy", "minestd.io.yamlfiles:compiled_json")):
        supply(name, target)


_register_suppliers()

_LAZY = {
    "load_taxonomy": ("minestd.data", "load_taxonomy"),
    "default_taxonomy": ("minestd.data", "default_taxonomy"),
    "Taxonomy": ("minestd.taxonomy", "Taxonomy"),
    "TaxonomyError": ("minestd.taxonomy", "TaxonomyError"),
    "check_taxonomy": ("minestd.integrity", "check_taxonomy"),
    "Node": ("minestd.model", "Node"),
    "Priority": ("minestd.model", "Priority"),
    "RetiredPriority": ("minestd.model", "RetiredPriority"),
    "Finding": ("minestd.model", "Finding"),
}


def __getattr__(name: str):  # PEP 562: keep `import minestd` cheap
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'minestd' has no attribute {name!r}")
