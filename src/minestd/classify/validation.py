"""Validation hook: warn when an entry's node disagrees strongly with the classifier (rule MS301; pure).

``placement_disagreements(entries, tx)`` returns one warning per entry whose title points clearly to
another subsystem than the one it is placed in: the top subsystem suggestion scores at least
``min_score`` and every subsystem of the entry scores at most ``margin`` times that. Titles the classifier
is unsure about never produce a warning.

Wiring into ``minestd validate``: :func:`register` adds rule MS301 to ``minestd.validate.RULES`` and the check to
its registry (idempotent); ``validate(entries, tx, extra_rules=[check_classifier_agreement])`` runs it once.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..model import Finding, construct_trusted
from .base import Classifier, gold_at_level, normalise_titles
from .evaluate import nodes_in

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
FIX = ("核对体系编号；无误则可忽略此警告 / check the node; if it is right, ignore this warning — "
       "'minestd classify \"{title}\" --explain' shows which words matched")


def placement_disagreements(entries: Iterable["Entry"], tx: "Taxonomy", classifier: Classifier | None = None, *,
                            margin: float = MARGIN, min_score: float = MIN_SCORE) -> list[Finding]:
    """MS301 warnings for entries whose title clearly belongs to another subsystem than their node's."""
    if classifier is None:
        from . import get_classifier

        classifier = get_classifier("lexical", tx)
    judge = _Judge(classifier, tx, margin, min_score)
    items = entries if isinstance(entries, (list, tuple)) else list(entries)
    titles = normalise_titles([entry.title for entry in items])
    verdicts = judge.judge_all(items, titles) if len(items) >= BATCH_MIN else None
    if verdicts is None:
        verdicts = [judge(title, entry) if title and entry.nodes else None for entry, title in zip(items, titles)]
    findings: list[Finding] = []
    for entry, verdict in zip(items, verdicts):
        if verdict is not None:
            message, fix = verdict
            # built without re-validation (every value is a str or int already): a catalog can have 30,000 of them
            findings.append(construct_trusted(Finding, {
                "rule": RULE_ID, "severity": "warning", "message": message, "fix": fix, "row": entry.row,
                "field": "nodes", "value": ";".join(entry.nodes), "file": None, "line": None}))
    return findings


#: Catalogs at least this long are scored as a matrix (see :mod:`minestd.classify.matrix`) when the classifier
#: allows it; shorter ones title by title (the matrix has a fixed cost of a few milliseconds).
BATCH_MIN = 64


#: (top subsystem, its score), {subsystem: score > 0}, a callable returning the top category id (or None)
_Ranking = tuple[tuple[str, float], dict[str, float], Callable[[], "str | None"]]


class _Judge:
    """Decides MS301 for a (title, nodes) pair: (message, fix) or None. Verdicts are kept per distinct pair and
    gold nodes per distinct nodes cell (catalogs repeat both), so each title is scored once per run."""

    def __init__(self, classifier: Classifier, tx: "Taxonomy", margin: float, min_score: float):
        self.classifier, self.tx, self.margin, self.min_score = classifier, tx, margin, min_score
        cls = type(classifier)
        # the one-pass scoring below re-derives Classifier.rank's numbers; a classifier that ranks its own way
        # is asked through rank() as before
        self.standard = (cls.rank is Classifier.rank and cls.rank_shares is Classifier.rank_shares
                         and cls.aggregate is Classifier.aggregate)
        # each node's subsystem and category (the last two members of its chain: node, ..., subsystem)
        chains = classifier._chains
        self.subsystem_of = {node: chain[-1] for node, chain in chains.items()}
        self.category_of = {node: chain[-2] for node, chain in chains.items() if len(chain) > 1}
        self.order = classifier._order
        self.golds: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}     # cell -> (nodes, subsystems)
        self.verdicts: dict[tuple[str, tuple[str, ...]], tuple[str, str] | None] = {}
        self.messages: dict[tuple[str, str, tuple[str, ...], str], str] = {}
        self.labels: dict[str, str] = {}

    def gold(self, cell: tuple[str, ...]) -> tuple[list[str], list[str]]:
        """(known nodes, their subsystems) of a nodes cell."""
        gold = self.golds.get(cell)
        if gold is None:
            nodes = nodes_in(cell, self.tx)
            gold = self.golds[cell] = (nodes, gold_at_level(nodes, "subsystem"))
        return gold

    def __call__(self, title: str, entry: "Entry") -> tuple[str, str] | None:
        cell = entry.nodes
        gold = self.gold(cell)
        if not gold[0]:
            return None
        key = (title, cell)
        if key not in self.verdicts:
            self.verdicts[key] = self.decide(title, *gold)
        return self.verdicts[key]

    def decide(self, title: str, nodes: list[str], placed: list[str]) -> tuple[str, str] | None:
        ranked = self.subsystems(title)
        if ranked is None:
            return None
        (top, score), scores, category = ranked
        if top in placed or score < self.min_score:
            return None
        placed_score = max(scores.get(s, 0.0) for s in placed)
        if placed_score > self.margin * score:
            return None
        return self.verdict(title, nodes, top, score, placed_score, category())

    def verdict(self, title: str, nodes: list[str], top: str, score: float, placed_score: float,
                category: str | None) -> tuple[str, str]:
        """(message, fix) of a disagreement: the top category when it lies in the top subsystem, else that."""
        suggested = category if category is not None and category.startswith(top + ".") else top
        key = (suggested, f"{score:.2f}", tuple(nodes), f"{placed_score:.2f}")     # catalogs repeat these
        message = self.messages.get(key)
        if message is None:
            label = self.labels.get(suggested)
            if label is None:
                label = self.labels[suggested] = f"{suggested} {self.tx.path_label(suggested)}"
            message = self.messages[key] = MESSAGE.format(suggested=label, score=key[1], placed=", ".join(nodes),
                                                          placed_score=key[3])
        return message, FIX.format(title=title)

    def judge_all(self, items: Sequence["Entry"], titles: Sequence[str]) -> list[tuple[str, str] | None] | None:
        """The verdict of every entry at once when the classifier has an evidence matrix (see
        :mod:`minestd.classify.matrix`), else None (then judge entry by entry).

        The distinct titles of placed entries are scored block by block into a subsystems × titles score
        array, and :meth:`decide`'s tests run on arrays, one row per entry: top subsystem not among the entry's
        subsystems, top score >= ``min_score``, the best of the entry's subsystems <= ``margin`` × it. Only the
        disagreements are then put into words (:meth:`verdict`). Same verdicts as entry by entry (scores equal
        up to the last bits of a float; ties within 1e-12 go to guide order)."""
        get = getattr(self.classifier, "evidence_matrix", None) if self.standard else None
        matrix = get() if get is not None else None
        if matrix is None:
            return None
        import numpy as np

        from .matrix import top_columns

        subsystems = matrix.subsystems
        row_of = {s: k for k, s in enumerate(subsystems)}
        pad = len(subsystems)                                  # a row of zeros: "no more subsystems"
        cells = [entry.nodes for entry in items]
        numbers = {cell: k for k, cell in enumerate(dict.fromkeys(cells))}      # distinct nodes cell -> number
        cell_rows: list[tuple[int, ...]] = []                                    # number -> its subsystems' rows
        for cell in numbers:
            nodes, placed = self.gold(cell) if cell else ([], [])
            cell_rows.append(tuple(row_of[s] for s in placed) if nodes else ())
        # entries with a title and known nodes, their column (distinct title) and cell number
        judged = [k for k, (title, cell) in enumerate(zip(titles, cells)) if title and cell_rows[numbers[cell]]]
        verdicts: list[tuple[str, str] | None] = [None] * len(items)
        if not judged:
            return verdicts
        columns = {title: c for c, title in enumerate(dict.fromkeys([titles[k] for k in judged]))}
        column = [columns[titles[k]] for k in judged]
        cell_of = [numbers[cells[k]] for k in judged]
        distinct = list(columns)
        scores, category = self._title_scores(matrix, distinct)
        top, best = top_columns(scores[:pad])
        width = max(map(len, cell_rows))
        padded = np.array([rows + (pad,) * (width - len(rows)) for rows in cell_rows], dtype=np.int64)
        placed = padded[np.array(cell_of, dtype=np.int64)]
        col = np.array(column, dtype=np.int64)
        score = best[col]
        placed_score = scores[placed, col[:, None]].max(axis=1)
        disagree = ((placed != top[col][:, None]).all(axis=1) & (score >= self.min_score)
                    & ~(placed_score > self.margin * score))
        categories = matrix.category_ids
        for h in disagree.nonzero()[0].tolist():
            k, c = judged[h], column[h]
            entry, title = items[k], distinct[c]
            key = (title, entry.nodes)
            found = self.verdicts.get(key)
            if found is None:
                cat = int(category[c])
                found = self.verdicts[key] = self.verdict(
                    title, self.gold(entry.nodes)[0], subsystems[int(top[c])], float(score[h]),
                    float(placed_score[h]), categories[cat] if cat >= 0 else None)
            verdicts[k] = found
        return verdicts

    def _title_scores(self, matrix: Any, distinct: list[str]) -> tuple[Any, Any]:
        """(subsystems + 1) × titles scores (the last row zeros: "no more subsystems"), and the top category of
        each title whose best subsystem score reaches ``min_score`` (-1 for the others), block by block."""
        import numpy as np

        from .matrix import BLOCK, blocks, top_columns

        pad = len(matrix.subsystems)
        scores = np.zeros((pad + 1, len(distinct)))
        category = np.full(len(distinct), -1, dtype=np.int64)
        for start, block in zip(range(0, len(distinct), BLOCK), blocks(distinct)):
            shares = matrix.shares(matrix.evidence(block))
            here = scores[:pad, start:start + len(block)] = matrix.subsystem_scores(shares)
            strong = (here.max(axis=0) >= self.min_score).nonzero()[0]
            cat_row, cat_best = top_columns(matrix.category_scores(shares[:, strong]))
            category[start + strong] = np.where(cat_best > 0, cat_row, -1)
        return scores, category

    def subsystems(self, title: str) -> _Ranking | None:
        """The top subsystem with its score, every subsystem's score (> 0), and a callable for the top category
        (None without one): what ``rank(title, "subsystem", None)`` and ``rank(title, "category", 1)`` say.

        Standard classifiers: the title is scored once (``shares``) and the shares are summed per subsystem
        directly. ``aggregate`` adds each node's share to every node of its chain, so a subsystem's (a
        category's) score is the sum of the shares of its subtree, added in the same order: the same floats
        as ``rank_shares``, without scoring the other levels or sorting them. Ties go to the earlier node in
        guide order, as in ``rank_shares``.
        """
        clf = self.classifier
        if not self.standard:
            ranked = clf.rank(title, "subsystem", None)
            if not ranked:
                return None

            def category() -> str | None:
                best = clf.rank(title, "category", 1)
                return best[0][0] if best else None

            return ranked[0], dict(ranked), category
        shares = clf.shares(clf.evidence(title))
        scores = _sums(shares, self.subsystem_of)
        if not scores:
            return None
        return _top(scores, self.order), scores, lambda: _top(_sums(shares, self.category_of), self.order)[0]


def _sums(shares: dict[str, float], ancestor: dict[str, str]) -> dict[str, float]:
    """Positive sums of ``shares`` per ancestor (nodes without one at that level are left out)."""
    sums: dict[str, float] = {}
    get = sums.get
    for node, share in shares.items():
        up = ancestor.get(node)
        if up is not None:
            sums[up] = get(up, 0.0) + share
    return {k: v for k, v in sums.items() if v > 0}


def _top(scores: dict[str, float], order: dict[str, int]) -> tuple[str | None, float]:
    """(id, score) of the best score, the earliest in guide order on ties; (None, 0.0) when empty."""
    if not scores:
        return None, 0.0
    best = max(scores.values())
    return min((k for k, v in scores.items() if v == best), key=order.__getitem__), best


def check_classifier_agreement(ctx: "ValidationContext") -> Iterator[Finding]:
    """The MS301 check in the form ``minestd.validate`` runs (``f(ctx) -> findings``)."""
    yield from placement_disagreements(ctx.entries, ctx.tx)


#: reads titles and nodes only (no parsed designations): validate(workers=2) runs it in its worker process
check_classifier_agreement.parse_free = True  # type: ignore[attr-defined]


def register() -> None:
    """Add MS301 to ``minestd.validate``'s rule table and checks (idempotent)."""
    from .. import validate

    if RULE_ID in validate.RULES and any(check is check_classifier_agreement for _, check in validate.CHECKS):
        return
    rule = validate.Rule(id=RULE_ID, severity="warning", title=TITLE, message=MESSAGE, fix=FIX,
                         doc=f"The lexical classifier's top subsystem scores >= {MIN_SCORE} and the entry's "
                             f"subsystems score <= {MARGIN} x that.")
    validate.register_check([rule], check_classifier_agreement)

