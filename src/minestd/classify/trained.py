"""A classifier learned from placed catalog entries, on top of the lexical prior (pure: no IO).

Training keeps, for every node, the titles of the entries placed there. At classification time those
titles are added to the node's texts in the lexical index with their own field weight (``training``), so
a new title is scored against the taxonomy's words *and* against the titles already placed in each node
(Annif's ``tfidf`` backend does the same with one concatenated text per subject). Explanations name the
placed title that matched.

The model is a plain JSON-able dict (never pickle), versioned::

    {"format": "minestd-classifier-model", "version": 1, "classifier": "trained",
     "taxonomy": {"edition": "guide-2024", "document_number": "矿安〔2024〕144号"},
     "params": {"training_weight": 2.0},
     "training": {"source": "...", "entries": 120, "used": 118, "skipped": [...], "title_hashes": [...]},
     "examples": {"08.02": ["冲击地压测定、监测与防治方法 第4部分：微震监测方法", ...], ...}}
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .base import normalise_title
from .lexical import FIELD_WEIGHTS, LexicalClassifier

if TYPE_CHECKING:
    from ..entry import Entry
    from ..taxonomy import Taxonomy

MODEL_FORMAT = "minestd-classifier-model"
MODEL_VERSION = 1
DEFAULT_TRAINING_WEIGHT = FIELD_WEIGHTS["training"]


class ModelError(ValueError):
    """A model dict that this version cannot use; the message says why and what to do."""


def title_hash(title: str) -> str:
    """Short stable hash of a normalised title (to recognise training titles without storing them twice)."""
    return hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()[:12]


def placed_examples(entries: Iterable["Entry"], tx: "Taxonomy") -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """(node -> titles, skipped) from entries: each entry's title goes to each of its known nodes.
    Skipped entries (no title, no node, unknown node ids) are reported with their row and reason."""
    examples: dict[str, list[str]] = {}
    skipped: list[dict[str, Any]] = []
    for entry in entries:
        title = normalise_title(entry.title)
        nodes = [n.strip() for n in entry.nodes if n.strip()]
        known = [n for n in nodes if n in tx and tx.get(n) is not None and n != "root" and "-p" not in n]
        reason = ("no title" if not title else "no node" if not nodes else
                  f"unknown node id(s): {', '.join(n for n in nodes if n not in known)}" if not known else "")
        if reason:
            skipped.append({"row": entry.row, "title": title, "reason": reason})
            continue
        for node in known:
            bucket = examples.setdefault(node, [])
            if title not in bucket:
                bucket.append(title)
    return examples, skipped


def train(entries: Iterable["Entry"], tx: "Taxonomy", *, source: str = "",
          training_weight: float = DEFAULT_TRAINING_WEIGHT) -> dict[str, Any]:
    """Learn a model (a JSON-able dict) from entries with placements. Deterministic: same input, same model."""
    items = list(entries)
    examples, skipped = placed_examples(items, tx)
    used = len(items) - len(skipped)
    hashes = sorted({title_hash(t) for titles in examples.values() for t in titles})
    return {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "classifier": "trained",
        "taxonomy": {"edition": tx.edition.edition, "document_number": tx.edition.document_number},
        "params": {"training_weight": training_weight},
        "training": {"source": source, "entries": len(items), "used": used, "skipped": skipped,
                     "title_hashes": hashes},
        "examples": {node: sorted(titles) for node, titles in sorted(examples.items())},
    }


def check_model(model: Any, tx: "Taxonomy | None" = None) -> dict[str, Any]:
    """Validate a model dict; raise :class:`ModelError` saying what is wrong and how to fix it."""
    if not isinstance(model, dict) or model.get("format") != MODEL_FORMAT:
        raise ModelError("not a minestd classifier model (missing \"format\": \"minestd-classifier-model\")")
    version = model.get("version")
    if version != MODEL_VERSION:
        raise ModelError(f"model version {version!r} is not supported (this minestd reads version {MODEL_VERSION}); "
                         "retrain it with 'minestd train CATALOG --output MODEL'")
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
    return model


class TrainedClassifier(LexicalClassifier):
    """Lexical prior + the titles placed in each node (from :func:`train`)."""

    name = "trained"

    def __init__(self, tx: "Taxonomy", model: dict[str, Any] | None = None, segmenter: str = "ngram"):
        if model is None:
            raise ModelError("the trained classifier needs a model: train one with 'minestd train CATALOG "
                             "--output MODEL' and pass --model MODEL")
        self.model = check_model(model, tx)
        weight = float((model.get("params") or {}).get("training_weight", DEFAULT_TRAINING_WEIGHT))
        self.training_weight = weight
        super().__init__(tx, extra_texts=model["examples"], field_weights={"training": weight}, segmenter=segmenter)

    @property
    def title_hashes(self) -> frozenset[str]:
        return frozenset((self.model.get("training") or {}).get("title_hashes") or ())
