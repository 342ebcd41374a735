"""What the core asks of the world, and who supplies it (pure core: this module only holds the suppliers).

The core never reads the clock, looks for files, reads a folder or makes one. When a caller leaves out something
that lives outside the core — the report date, the taxonomy, a built-in model — the core asks for it by name here,
and a supplier registered by an edge answers. The package root (``minestd/__init__.py``, the composition root)
registers the defaults, as ``"module:function"`` strings imported on first use:

=====================  =================================================  ============================================
name                   asked for by                                       default supplier
=====================  =================================================  ============================================
``today``              ``validate``, ``coverage.analyse`` (no ``today=``) ``minestd.world:today`` (the system date)
``taxonomy``           ``classify``, ``get_classifier`` (no ``tx``)       ``minestd.data:default_taxonomy``
``default_classifier`` ``default_classifier(tx)``                         ``minestd.data:default_classifier_name``
``model:hybrid``       ``get_classifier("hybrid")`` without ``model=``    ``minestd.data:subsystem_model``
``model:trained``      ``get_classifier("trained")`` without ``model=``   ``minestd.data:sample_model``
``taxonomy_folder``    ``integrity.check_taxonomy(folder)``               ``minestd.io.yamlfiles:read_taxonomy_dir``
``compiled_taxonomy``  ``integrity.compile_taxonomy(folder)``             ``minestd.io.yamlfiles:compiled_json``
``jieba_cache``        the optional jieba segmenter                       ``minestd.world:jieba_cache``
``process_pool``       ``validate(workers=2)`` on a big catalog           ``minestd.world:second_process``
=====================  =================================================  ============================================

What each answers: ``today`` a :class:`datetime.date`; ``taxonomy`` a :class:`~minestd.taxonomy.Taxonomy`;
``default_classifier`` a classifier's name; ``model:*`` a model dict; ``taxonomy_folder`` the raw contents of a folder
(a :class:`minestd.taxonomy.RawTaxonomy`); ``compiled_taxonomy`` the compiled JSON text; ``jieba_cache`` a folder
path; ``process_pool`` a context manager yielding a :class:`concurrent.futures.Executor` (or None: one process).

Another supplier replaces a default for the whole process, e.g. a fixed clock for reproducible reports or models
kept elsewhere::

    from minestd.resources import supply
    supply("today", lambda: datetime.date(2026, 1, 1))
    supply("model:hybrid", "mypackage.models:subsystem_model")

No printing, no file IO: the suppliers do that, at the edges.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["supply", "supplied", "supplier", "SUPPLIERS"]

#: name -> a callable, or ``"module:function"`` (``"module:Class.method"``) imported on first use.
SUPPLIERS: dict[str, "Callable[..., Any] | str"] = {}


def supply(name: str, supplier: "Callable[..., Any] | str") -> None:
    """Register ``supplier`` (a callable or ``"module:function"``) as what answers the core's request ``name``."""
    if not isinstance(name, str) or not name:
        raise TypeError("a supplier's name must be a non-empty string")
    if not callable(supplier) and not (isinstance(supplier, str) and ":" in supplier):
        raise TypeError(f"a supplier must be a callable or 'module:function', not {supplier!r}")
    SUPPLIERS[name] = supplier


def supplier(name: str) -> Callable[..., Any]:
    """The callable registered for ``name`` (a ``"module:function"`` string is imported now). LookupError names
    the request when nothing supplies it."""
    found = SUPPLIERS.get(name)
    if found is None:
        raise LookupError(f"nothing supplies '{name}': register a supplier with minestd.resources.supply('{name}', …)")
    if callable(found):
        return found
    module_name, _, path = found.partition(":")
    try:
        target: Any = importlib.import_module(module_name)
        for part in path.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError) as exc:
        raise LookupError(f"the supplier of '{name}', '{found}', cannot be loaded: {exc}") from exc
    if not callable(target):
        raise LookupError(f"the supplier of '{name}', '{found}', is not callable")
    return target


def supplied(name: str, *args: Any, **options: Any) -> Any:
    """Ask the supplier of ``name`` (with ``args`` and ``options``) and return its answer."""
    return supplier(name)(*args, **options)
