"""A classifier learned from placed catalog entries, on top of the hybrid classifier (pure: no IO).

Training does two things with the titles of the entries placed in the tree:

* it keeps, for every node, the titles placed there. At classification time they are added to the node's
  texts in the lexical index with their own field weight (``training``), so a new title is scored against the
  taxonomy's words *and* against the titles already placed in each node (Annif's ``tfidf`` backend does the
  same with one concatenated text per subject). Explanations name the placed title that matched;
* it learns a subsystem model (:mod:`minestd.classify.guide_model`) from the guide's own texts *plus* the
  placed titles, each labelled with its subsystem(s). As in the hybrid classifier, each title's subsystem
  weights are blended — ``(1 - blend) × lexical share + blend × model probability`` — and categories keep
  their lexical share within their subsystem, so results stay hierarchy-consistent.

The blend (0.8) and the rest were chosen by cross-validation on the development titles
(docs/experiments/classify-catalog-blend.md). Learning the subsystem model takes a few seconds.

The model is a plain JSON-able dict (never pickle), versioned::

    {"format": "minestd-classifier-model", "version": 2, "classifier": "trained",
     "taxonomy": {"edition": "guide-2024", "document_number": "矿安〔2024〕144号"},
     "params": {"training_weight": 2.0, "blend": 0.8},
     "training": {"source": "...", "entries": 120, "used": 118, "skipped": [...], "title_hashes": [...]},
     "examples": {"08.02": ["冲击地压测定、监测与防治方法 第4部分：微震监测方法", ...], ...},
     "subsystem_model": {"format": "minestd-subsystem-model", ...}}

Version 1 models (without ``subsystem_model``; minestd before 2026-11-24) are still read: they classify as
they did, with the lexical evidence alone.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .base import normalise_title
from .hybrid import HybridClassifier
from .lexical import FIELD_WEIGHTS, LexicalClassifier

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ..entry import Entry
    from ..taxonomy import Taxonomy

MODEL_FORMAT = "minestd-classifier-model"
MODEL_VERSION = 2
#: Versions this minestd reads (1: no subsystem model).
READS_VERSIONS = (1, 2)
DEFAULT_TRAINING_WEIGHT = FIELD_WEIGHTS["training"]
#: Weight of the subsystem model (guide texts + placed titles) against the lexical subsystem shares (chosen by
#: cross-validation on the development titles; docs/experiments/classify-catalog-blend.md).
DEFAULT_BLEND = 0.8


class ModelError(ValueError):
    """A model dict that this version cannot use; the message says why and what to do."""


def title_hash(title: str) -> str:
    """Short stable hash of a normalised title (to recognise training titles without storing them twice)."""
    return hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()[:12]


def placed_examples(entries: Iterable["Entry"], tx: "Taxonomy", *, file: str = "",
                    examples: dict[str, list[str]] | None = None) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """(node -> titles, skipped) from entries: each entry's title goes to each of its known nodes (added to
    ``examples`` when given). Skipped entries (no title, no node, unknown node ids) are reported with their row
    and reason — and ``file``, when given."""
    examples = {} if examples is None else examples
    skipped: list[dict[str, Any]] = []
    for entry in entries:
        title = normalise_title(entry.title)
        nodes = [n.strip() for n in entry.nodes if n.strip()]
        known = [n for n in nodes if n in tx and tx.get(n) is not None and n != "root" and "-p" not in n]
        reason = ("no title" if not title else "no node" if not nodes else
                  f"unknown node id(s): {', '.join(n for n in nodes if n not in known)}" if not known else "")
        if reason:
            skipped.append({**({"file": file} if file else {}), "row": entry.row, "title": title, "reason": reason})
            continue
        for node in known:
            bucket = examples.setdefault(node, [])
            if title not in bucket:
                bucket.append(title)
    return examples, skipped


def title_documents(examples: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(title, subsystem id) for each placed title and each distinct subsystem it is placed in; sorted."""
    return sorted({(title, node.split(".", 1)[0]) for node, titles in examples.items() for title in titles})


def train(entries: "Iterable[Entry] | Mapping[str, Iterable[Entry]]", tx: "Taxonomy", *, source: str = "",
          training_weight: float = DEFAULT_TRAINING_WEIGHT, blend: float = DEFAULT_BLEND,
          progress: Callable[[int, int], None] | None = None, iterations: int | None = None) -> dict[str, Any]:
    """Learn a model (a JSON-able dict) from entries with placements — or from several catalogs, a mapping of
    file name -> entries (skipped rows then name their file; ``source`` defaults to the names joined by " + ").
    Deterministic: same input, same model, whatever the order of the entries. Takes seconds (the subsystem
    model is learned from the guide's texts and the placed titles: ~7 s for a few hundred entries, ~50 s for
    5,000); ``progress(done, total)`` follows its iterations. ``iterations``: of the subsystem model's solver
    (default :data:`~minestd.classify.guide_model.ITERATIONS`; fewer: a rougher model, sooner)."""
    from .guide_model import ITERATIONS, train_subsystem_model

    if not 0.0 <= blend <= 1.0:
        raise ValueError("blend must be between 0 and 1")
    groups = ({name: list(group) for name, group in entries.items()} if isinstance(entries, Mapping)
              else {"": list(entries)})
    examples: dict[str, list[str]] = {}
    skipped: list[dict[str, Any]] = []
    for name, group in groups.items():
        skipped += placed_examples(group, tx, file=name, examples=examples)[1]
    items = [entry for group in groups.values() for entry in group]
    if not source and isinstance(entries, Mapping):
        source = " + ".join(groups)
    used = len(items) - len(skipped)
    hashes = sorted({title_hash(t) for titles in examples.values() for t in titles})
    return {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "classifier": "trained",
        "taxonomy": {"edition": tx.edition.edition, "document_number": tx.edition.document_number},
        "params": {"training_weight": training_weight, "blend": blend},
        "training": {"source": source, "entries": len(items), "used": used, "skipped": skipped,
                     "title_hashes": hashes},
        "examples": {node: sorted(titles) for node, titles in sorted(examples.items())},
        "subsystem_model": train_subsystem_model(tx, extra=title_documents(examples), progress=progress,
                                                 iterations=ITERATIONS if iterations is None else iterations),
    }


def check_model(model: Any, tx: "Taxonomy | None" = None) -> dict[str, Any]:
    """Validate a model dict; raise :class:`ModelError` saying what is wrong and how to fix it."""
    if not isinstance(model, dict) or model.get("format") != MODEL_FORMAT:
        raise ModelError("not a minestd classifier model (missing \"format\": \"minestd-classifier-model\")")
    version = model.get("version")
    if version not in READS_VERSIONS:
        raise ModelError(f"model version {version!r} is not supported (this minestd reads versions "
                         f"{', '.join(map(str, READS_VERSIONS))}); retrain it with 'minestd train CATALOG --output MODEL'")
    examples = model.get("examples")
    if not isinstance(examples, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(t, str) for t in v)
            for k, v in examples.items()):
        raise ModelError("model 'examples' must map node ids to lists of titles")
    if tx is not None:
        edition = (model.get("taxonomy") or {}).get("edition")
        if edition and edition != tx.edition.edition:
            raise ModelError(f"model was trained on taxonomy edition '{edition}', not '{tx.edition.edition}'; "
                             "retrain it on this edition")
        unknown = sorted(k for k in examples if tx.get(k) is None)
        if unknown:
            raise ModelError(f"model names node ids missing from the taxonomy: {', '.join(unknown[:5])}; "
                             "retrain it on this edition")
    if version >= 2:
        from .guide_model import SubsystemModelError, check_subsystem_model

        blend = (model.get("params") or {}).get("blend", DEFAULT_BLEND)
        if not isinstance(blend, (int, float)) or not 0.0 <= blend <= 1.0:
            raise ModelError("model 'params.blend' must be a number between 0 and 1; retrain it with "
                             "'minestd train CATALOG --output MODEL'")
        try:
            check_subsystem_model(model.get("subsystem_model"), tx)
        except SubsystemModelError as exc:
            raise ModelError(f"model's subsystem_model: {exc}; retrain it with 'minestd train CATALOG --output "
                             "MODEL'") from None
    return model


class TrainedClassifier(HybridClassifier):
    """The hybrid classifier with the titles placed in each node as node texts and a subsystem model learned
    from the guide's texts plus those titles (from :func:`train`; a version-1 model has no subsystem model,
    so only its titles are used)."""

    name = "trained"

    def __init__(self, tx: "Taxonomy", model: dict[str, Any] | None = None, segmenter: str = "ngram"):
        if model is None:
            raise ModelError("the trained classifier needs a model: train one with 'minestd train CATALOG "
                             "--output MODEL' and pass --model MODEL")
        self.model = check_model(model, tx)
        params = model.get("params") or {}
        weight = float(params.get("training_weight", DEFAULT_TRAINING_WEIGHT))
        self.training_weight = weight
        options: dict[str, Any] = {"extra_texts": model["examples"], "field_weights": {"training": weight},
                                   "segmenter": segmenter}
        if model.get("subsystem_model") is None:        # version 1: the placed titles only
            self.subsystem_model, self.blend, self._probabilities = None, 0.0, {}
            LexicalClassifier.__init__(self, tx, **options)
            self._subsystem_of = {node: node.split(".", 1)[0] for node in self._parent}
        else:
            super().__init__(tx, model["subsystem_model"], float(params.get("blend", DEFAULT_BLEND)), **options)

    @property
    def title_hashes(self) -> frozenset[str]:
        return frozenset((self.model.get("training") or {}).get("title_hashes") or ())


def fold_trainer(tx: "Taxonomy", segmenter: str = "ngram", iterations: int | None = None
                 ) -> "Callable[[Sequence[Entry]], TrainedClassifier]":
    """A trainer for :func:`minestd.classify.evaluate.evaluate`'s cross-validation folds that keeps ``segmenter``
    and the subsystem model's solver ``iterations`` (the default trainer: n-gram segmenter, default iterations)."""
    def trainer(training: "Sequence[Entry]") -> TrainedClassifier:
        return TrainedClassifier(tx, train(training, tx, iterations=iterations), segmenter=segmenter)
    return trainer
