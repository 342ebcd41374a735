"""Classify titles of standards into the guide's tree: ranked suggestions with reasons (pure core).

One small interface — ``classify(titles) -> list[ClassificationResult]`` — behind a registry of named
classifiers imported lazily (Annif's backends are found the same way)::

    from minestd.classify import classify, get_classifier
    classify(["煤矿用自动隔爆装置安全技术要求"])[0].top.id            # '12.02.01'
    clf = get_classifier("trained", model=model_dict)            # learned from a placed catalog
    clf = get_classifier("trained")                              # built in: the sample catalog + fixture titles

Classifiers: ``hybrid`` (default for the embedded edition; the lexical evidence with the subsystem decided
together with a model learned from the guide's own texts — no catalog titles), ``lexical`` (the taxonomy's
own words; the default for other taxonomies), ``trained`` (a model
learned from placed catalog entries: their titles join the nodes' texts, and a subsystem model learned from
the guide's texts plus those titles is blended in as in ``hybrid``; without a model, the built-in one learned
from the embedded sample catalog and the placed real titles of the classifier fixtures), ``dummy`` (tests).
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..resources import supplied
from .base import (LEVELS, ClassificationResult, Classifier, Match, Suggestion, at_level, gold_at_level,
                   normalise_title)

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

__all__ = ["CLASSIFIERS", "LEVELS", "ClassificationResult", "Classifier", "Match", "Suggestion", "classify",
           "get_classifier", "register_classifier", "default_classifier", "at_level", "gold_at_level",
           "normalise_title", "DEFAULT_LEVEL", "DEFAULT_TOP"]

DEFAULT_LEVEL = "subcategory"
DEFAULT_TOP = 5

#: name -> "module:Class" (imported on first use).
CLASSIFIERS: dict[str, str] = {
    "hybrid": "minestd.classify.hybrid:HybridClassifier",
    "lexical": "minestd.classify.lexical:LexicalClassifier",
    "trained": "minestd.classify.trained:TrainedClassifier",
    "dummy": "minestd.classify.dummy:DummyClassifier",
}
#: Classifiers whose ``model=`` defaults to a built-in one: name -> what the core asks for it
#: (:mod:`minestd.resources`; supplied by :mod:`minestd.data` for the embedded edition).
BUILT_IN_MODELS: dict[str, str] = {"trained": "model:trained", "hybrid": "model:hybrid"}
_CACHE: dict[tuple[str, int], Classifier] = {}


def register_classifier(name: str, target: str) -> None:
    """Add a classifier: ``target`` is ``"package.module:ClassName"`` (a :class:`Classifier` subclass)."""
    CLASSIFIERS[name] = target


def get_classifier(name: str = "lexical", tx: "Taxonomy | None" = None, **options: Any) -> Classifier:
    """A classifier by name. ``tx`` defaults to the supplied taxonomy (:mod:`minestd.resources`: the embedded one);
    ``options`` go to its constructor (``model=`` for ``trained``, ``node=`` for ``dummy``). Option-less classifiers
    are cached per taxonomy.
    ``trained`` and ``hybrid`` without ``model=`` use their built-in models (:data:`BUILT_IN_MODELS`, supplied by
    :mod:`minestd.data`: learned from the sample catalog and fixture titles / the embedded guide's texts; embedded
    guide-2024 edition only)."""
    if name not in CLASSIFIERS:
        raise ValueError(f"unknown classifier '{name}': use one of {', '.join(sorted(CLASSIFIERS))}")
    if tx is None:
        tx = supplied("taxonomy")
    key = (name, id(tx))
    if not options and key in _CACHE and _CACHE[key].tx is tx:
        return _CACHE[key]
    module_name, _, class_name = CLASSIFIERS[name].partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    arguments = options
    if name in BUILT_IN_MODELS and options.get("model") is None:
        arguments = {**options, "model": supplied(BUILT_IN_MODELS[name], tx)}
    classifier = cls(tx, **arguments)
    if not options:
        _CACHE[key] = classifier
    return classifier


def default_classifier(tx: "Taxonomy | None" = None) -> str:
    """The default classifier's name: ``hybrid`` for the embedded guide-2024 edition (it ships the subsystem
    model learned from its texts), ``lexical`` for other taxonomies."""
    return supplied("default_classifier", tx)


def classify(titles: Iterable[str] | str, tx: "Taxonomy | None" = None, *, classifier: Classifier | str | None = None,
             top: int = DEFAULT_TOP, level: str = DEFAULT_LEVEL, explain: bool = True,
             explain_top: int | None = None) -> list[ClassificationResult]:
    """Ranked suggestions for each title (input order). A single string is one title. ``explain_top``: explain
    only the first suggestions of each title (default: all)."""
    if isinstance(titles, str):
        titles = [titles]
    elif isinstance(titles, (bytes, bytearray)) or not isinstance(titles, Iterable):
        raise TypeError(f"titles must be a str or an iterable of str, not {type(titles).__name__}")
    titles = list(titles)
    bad = next((t for t in titles if not isinstance(t, str)), None)
    if bad is not None:
        raise TypeError(f"titles must hold str only, found {type(bad).__name__}")
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise ValueError(f"top must be a whole number of at least 1, not {top!r}")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    if classifier is None:
        classifier = default_classifier(tx)
    clf = classifier if isinstance(classifier, Classifier) else get_classifier(classifier, tx)
    return clf.classify(titles, top=top, level=level, explain=explain, explain_top=explain_top)
