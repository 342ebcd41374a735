"""A dummy classifier for tests: always suggests the same node (Annif's ``dummy`` backend)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Classifier, Match

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy


class DummyClassifier(Classifier):
    """Suggests ``node`` (default the first sub-category of the guide, 01.01.01) for every non-empty title
    with full confidence, matching the whole title."""

    name = "dummy"

    def __init__(self, tx: "Taxonomy", node: str = "01.01.01"):
        super().__init__(tx)
        tx.node(node)   # unknown id -> UnknownIdError
        self.node = node

    def evidence(self, title: str) -> dict[str, float]:
        return {self.node: 1.0} if title.strip() else {}

    def explain(self, title: str, node_id: str) -> tuple[Match, ...]:
        if not title.strip():
            return ()
        return (Match(term=title, node=self.node, field="name", text=self.tx.node(self.node).name),)
