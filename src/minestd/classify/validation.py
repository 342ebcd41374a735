"""Validation hook: warn when an entry's node disagrees strongly with the classifier (rule MS301; pure).

``placement_disagreements(entries, tx)`` returns one warning per entry whose title points clearly to
another subsystem than the one it is placed in: the top subsystem suggestion scores at least
``min_score`` and every subsystem of the entry scores at most ``margin`` times that. Titles the classifier
is unsure about never produce a warning.

Wiring into ``minestd validate``: :func:`register` adds rule MS301 to ``minestd.validate.RULES`` and the check to
its registry (idempotent); ``validate(entries, tx, extra_rules=[check_classifier_agreement])`` runs it once.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..model import Finding
from .base import Classifier, gold_at_level, normalise_title
from .evaluate import gold_nodes

if TYPE_CHECKING:
    from ..entry import Entry
    from ..taxonomy import Taxonomy
    from ..validate import ValidationContext

RULE_ID = "MS301"
#: The top suggestion must reach this score before it can contradict an entry's placement.
MIN_SCORE = 0.8
#: ...and the entry's own subsystems must score at most this share of it.
MARGIN = 0.1

TITLE = "节点与归类建议明显不一致 / node disagrees with the classifier"
MESSAGE = ("标题更像属于 {suggested}（{score}），而不是所填的 {placed}（{placed_score}） / the title points to "
           "{suggested} ({score}), not to the placed {placed} ({placed_score})")
FIX = ("check the node; if it is right, ignore this warning — 'minestd classify \"{title}\" --explain' shows "
       "which words matched")


def placement_disagreements(entries: Iterable["Entry"], tx: "Taxonomy", classifier: Classifier | None = None, *,
                            margin: float = MARGIN, min_score: float = MIN_SCORE) -> list[Finding]:
    """MS301 warnings for entries whose title clearly belongs to another subsystem than their node's."""
    if classifier is None:
        from . import get_classifier

        classifier = get_classifier("lexical", tx)
    findings: list[Finding] = []
    for entry in entries:
        title = normalise_title(entry.title)
        nodes = gold_nodes(entry, tx)
        if not title or not nodes:
            continue
        placed = gold_at_level(nodes, "subsystem")
        ranked = classifier.rank(title, "subsystem", None)
        if not ranked:
            continue
        top, score = ranked[0]
        if top in placed or score < min_score:
            continue
        scores = dict(ranked)
        placed_score = max(scores.get(s, 0.0) for s in placed)
        if placed_score > margin * score:
            continue
        best = classifier.rank(title, "category", 1)
        suggested = best[0][0] if best and best[0][0].startswith(top + ".") else top
        label = f"{suggested} {tx.path_label(suggested)}"
        placed_label = ", ".join(nodes)
        findings.append(Finding(
            rule=RULE_ID, severity="warning", row=entry.row, field="nodes", value=";".join(entry.nodes),
            message=MESSAGE.format(suggested=label, score=f"{score:.2f}", placed=placed_label,
                                   placed_score=f"{placed_score:.2f}"),
            fix=FIX.format(title=title)))
    return findings


def check_classifier_agreement(ctx: "ValidationContext") -> Iterator[Finding]:
    """The MS301 check in the form ``minestd.validate`` runs (``f(ctx) -> findings``)."""
    yield from placement_disagreements(ctx.entries, ctx.tx)


def register() -> None:
    """Add MS301 to ``minestd.validate``'s rule table and checks (idempotent)."""
    from .. import validate

    if RULE_ID in validate.RULES and any(check is check_classifier_agreement for _, check in validate.CHECKS):
        return
    rule = validate.Rule(id=RULE_ID, severity="warning", title=TITLE, message=MESSAGE, fix=FIX,
                         doc=f"The lexical classifier's top subsystem scores >= {MIN_SCORE} and the entry's "
                             f"subsystems score <= {MARGIN} x that.")
    validate.register_check([rule], check_classifier_agreement)

