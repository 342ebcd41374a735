"""The default classifier: the lexical classifier's evidence, with the subsystem decided together with a
model learned from the guide's own texts (pure: no IO).

The lexical classifier (:mod:`minestd.classify.lexical`) finds which node texts a title shares words with;
the subsystem model (:mod:`minestd.classify.guide_model`) has learned from the same texts which pieces of a
title speak for which subsystem. For each title the subsystems' weights are blended —
``(1 - BLEND) × lexical share + BLEND × model probability`` — and every node keeps its lexical share within
its subsystem, so categories and sub-categories are ranked by the words they share with the title and the
result stays hierarchy-consistent. A subsystem the model supports but no node text matches is suggested at
subsystem level only, explained by the title pieces that weigh most for it in the model.

Neither part uses any catalog title: both come from the taxonomy alone.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .base import ClassificationResult, Match, normalise_titles
from .guide_model import SubsystemModel, grams
from . import lexical
from .lexical import LexicalClassifier

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

#: Weight of the subsystem model against the lexical subsystem shares (chosen on the development titles;
#: docs/experiments/classify-guide-model.md).
BLEND = 0.8
#: Pieces of a title named when the model alone explains a subsystem suggestion.
MODEL_TERMS = 3


class HybridClassifier(LexicalClassifier):
    """Lexical evidence + the subsystem model learned from the guide's texts (``model``: the dict of
    :func:`~minestd.classify.guide_model.train_subsystem_model`)."""

    name = "hybrid"

    def __init__(self, tx: "Taxonomy", model: dict[str, Any] | None = None, blend: float = BLEND,
                 segmenter: str = "ngram", *, extra_texts: dict[str, list[str]] | None = None,
                 field_weights: dict[str, float] | None = None):
        from .guide_model import SubsystemModelError

        if model is None:
            raise SubsystemModelError("the hybrid classifier needs a subsystem model: make one with 'minestd "
                                      "train --guide --output MODEL'")
        if not 0.0 <= blend <= 1.0:
            raise ValueError("blend must be between 0 and 1")
        self.subsystem_model: SubsystemModel | None = SubsystemModel(model, tx)
        self.blend = blend
        self._probabilities: dict[str, dict[str, float]] = {}     # the batch being classified
        super().__init__(tx, segmenter=segmenter, extra_texts=extra_texts, field_weights=field_weights)
        self._subsystem_of = {node: node.split(".", 1)[0] for node in self._parent}

    def classify(self, titles: Iterable[str], *, top: int = 5, level: str = "subcategory",
                 explain: bool = True, explain_top: int | None = None) -> list[ClassificationResult]:
        """As the lexical classifier's; the subsystem model scores the whole batch at once first."""
        titles = titles if isinstance(titles, list) else list(titles)
        if len(titles) > 1 and self.subsystem_model is not None:
            distinct = list(dict.fromkeys(normalise_titles(titles)))
            self._probabilities = dict(zip(distinct, self.subsystem_model.probabilities_many(distinct)))
        try:
            return super().classify(titles, top=top, level=level, explain=explain, explain_top=explain_top)
        finally:
            self._probabilities = {}

    def title_shares(self, title: str) -> dict[str, float]:
        """The lexical classifier's own shares (:meth:`LexicalClassifier.shares`: sharpened evidence over its
        total, times the confidence) with each subsystem's part replaced by the blend — in one pass."""
        if self.subsystem_model is None:
            return super().title_shares(title)
        evidence = self.evidence(title)
        if not evidence:
            return {}
        sharp = lexical.sharpened(evidence, self.params.sharpness)
        subsystem_of = self._subsystem_of
        sums: dict[str, float] = {}
        get = sums.get
        for node, value in sharp.items():
            sub = subsystem_of[node]
            sums[sub] = get(sub, 0.0) + value
        total = sum(sums.values())
        if total <= 0:
            return {}
        confidence = self.confidence(evidence)
        probabilities = self._probabilities.get(title) or self.subsystem_model.probabilities(title)
        # subsystem s: lexical share L = sums[s] / total * confidence; blended B = (1 - blend) * L +
        # blend * confidence * p[s]; every node of s keeps its part of L, scaled to B
        a, b = self.blend * confidence, (1.0 - self.blend) * confidence / total
        blended = {s: b * t + a * probabilities[s] for s, t in sums.items()}
        factor = {s: blended[s] / t for s, t in sums.items()}
        out = {node: value * factor[subsystem_of[node]] for node, value in sharp.items()}
        # subsystems only the model supports: their blended weight, when not negligible
        best_model = a * max(probabilities.values())
        floor = self.params.prune * max(max(blended.values()), best_model)
        if best_model >= floor:
            for sub, p in probabilities.items():
                if a * p >= floor and p > 0 and sub not in sums:
                    out[sub] = a * p
        return out

    def explain_all(self, title: str, node_ids: Sequence[str], limit: int = 6) -> list[tuple[Match, ...]]:
        found = super().explain_all(title, node_ids, limit)
        if self.subsystem_model is None:
            return found
        return [matches or (self.model_matches(title, node) if "." not in node else ())
                for node, matches in zip(node_ids, found)]

    def model_matches(self, title: str, subsystem: str) -> tuple[Match, ...]:
        """The pieces of ``title`` (2+ characters) that weigh most for ``subsystem`` in the model, each with
        the first text of that subsystem holding it."""
        model = self.subsystem_model
        column = model.subsystems.index(subsystem)
        pieces = sorted((g for g in grams(title) if len(g) >= 2 and g in model.index),
                        key=lambda g: (-model.weights[model.index[g], column], g))
        out: list[Match] = []
        texts = self.index.texts
        for piece in pieces:
            if model.weights[model.index[piece], column] <= 0 or len(out) >= MODEL_TERMS:
                break
            for node, items in texts.items():
                if self._subsystem_of[node] != subsystem:
                    continue
                item = next((i for i in items if piece in i.norm), None)
                if item is not None:
                    out.append(Match(piece, node, item.field, item.text))
                    break
        return tuple(out)
