"""Which subsystems' share of the dropped keyword pass would help? Forward selection with nested folds
(experiment, not a test).

Run (the keyword pass is kept on branch ``keywords``, commit 64e3551)::

    git worktree add /tmp/kw 64e3551
    PYTHONPATH=src python experiments/keyword_select.py /tmp/kw/taxonomy/guide-2024 [--heldout]

The keyword pass (two helpers, 1,686 terms over 237 nodes, no test data seen) lowered the lexical classifier on
the sample catalog as a whole (0.816 -> 0.789) and was dropped. Here its additions are split into 15 groups, one
per subsystem, and groups are added one at a time while the objective (subsystem Precision@1 + 0.25 × category
Hit@3) rises on the development titles (the sample catalog + tuning.csv, distinct titles). Nested: for each of 5
hash folds the selection runs on the other four folds and is scored on the fold. ``--heldout`` scores the
selection made on all development titles on the held-out titles that are not development titles (do that once).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import param_search as ps  # noqa: E402 - same folder: data loading and scoring helpers

import minestd.classify.lexical as lexical  # noqa: E402
from minestd.data import load_catalog, load_taxonomy  # noqa: E402



def additions(folder: Path) -> dict[str, list[str]]:
    """node id -> keywords of the pass that main does not have."""
    other = load_taxonomy(folder)
    out = {}
    for node in other.walk():
        if node.kind == "root":
            continue
        have = set(ps.TX.get(node.id).keywords)
        new = [k for k in node.keywords if k not in have]
        if new:
            out[node.id] = new
    return out


def classifier_with(groups: frozenset[str], added: dict[str, list[str]]) -> lexical.LexicalClassifier:
    """The lexical classifier with the keywords ``added`` to the nodes of the subsystems in ``groups``."""
    texts = lexical.node_texts(ps.TX)
    for node, words in added.items():
        if node.split(".")[0] in groups:
            texts[node].extend(lexical.NodeText(node, "keyword", w, lexical.normalise(w)) for w in words)
    return lexical.LexicalClassifier(ps.TX, texts=texts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path, help="taxonomy folder of the keyword pass (branch keywords)")
    ap.add_argument("--heldout", action="store_true")
    args = ap.parse_args()
    added = additions(args.folder)
    subsystems = sorted({n.split(".")[0] for n in added})
    dev = ps.merged(list(load_catalog().entries) + ps.fixture("tuning.csv"))
    folds = np.array([ps.fold_of(e, ps.K) for e in dev])
    cache: dict[frozenset[str], tuple[np.ndarray, np.ndarray]] = {}

    def vectors(groups: frozenset[str], items=dev):
        if items is not dev:
            return score(classifier_with(groups, added), items)
        if groups not in cache:
            cache[groups] = score(classifier_with(groups, added), dev)
        return cache[groups]

    def objective(groups, rows):
        p1, h3 = vectors(groups)
        return p1[rows].mean() + 0.25 * h3[rows].mean()

    def select(rows) -> frozenset[str]:
        chosen: frozenset[str] = frozenset()
        best = objective(chosen, rows)
        while True:
            trials = [(objective(chosen | {s}, rows), s) for s in subsystems if s not in chosen]
            if not trials:
                return chosen
            value, s = max(trials)
            if value <= best + 1e-12:
                return chosen
            chosen, best = chosen | {s}, value

    base_p1, base_h3 = vectors(frozenset())
    all_p1, all_h3 = vectors(frozenset(subsystems))
    print(f"development titles: {len(dev)}; keyword additions: {sum(map(len, added.values()))} in {len(added)} nodes")
    print(f"without the pass: subsystem P@1 {base_p1.mean():.3f}, category Hit@3 {base_h3.mean():.3f}")
    print(f"the whole pass:   subsystem P@1 {all_p1.mean():.3f}, category Hit@3 {all_h3.mean():.3f}")
    for s in subsystems:
        p1, h3 = vectors(frozenset({s}))
        print(f"  only {s}: {p1.mean():.3f} / {h3.mean():.3f}")
    nested_p1, nested_h3, picks = np.zeros(len(dev)), np.zeros(len(dev)), []
    for k in range(ps.K):
        groups = select(folds != k)
        picks.append(sorted(groups))
        p1, h3 = vectors(groups)
        nested_p1[folds == k], nested_h3[folds == k] = p1[folds == k], h3[folds == k]
    print(f"nested forward selection: subsystem P@1 {nested_p1.mean():.3f}, category Hit@3 {nested_h3.mean():.3f}")
    print("  groups picked per fold:", picks)
    final = select(np.ones(len(dev), bool))
    p1, h3 = vectors(final)
    print(f"selected on all development titles: {sorted(final)}: {p1.mean():.3f} / {h3.mean():.3f} (optimistic)")
    if args.heldout:
        seen = {e.title for e in dev}
        held = [e for e in ps.merged(ps.fixture("heldout.csv")) if e.title not in seen]
        for label, groups in (("without the pass", frozenset()), (f"selected {sorted(final)}", final)):
            a, b = score(classifier_with(groups, added), held)
            print(f"held-out not in development ({len(held)}), {label}: subsystem P@1 {a.mean():.3f} "
                  f"({int(a.sum())}), category Hit@3 {b.mean():.3f}")


def score(clf, items):
    titles = [e.title for e in items]
    subs = clf.classify(titles, top=3, level="subsystem", explain=False)
    cats = clf.classify(titles, top=3, level="category", explain=False)
    p1, h3 = np.zeros(len(items)), np.zeros(len(items))
    for i, (e, s, c) in enumerate(zip(items, subs, cats)):
        p1[i] = bool(s.suggestions) and s.suggestions[0].id in {n.split(".")[0] for n in e.nodes}
        h3[i] = bool({".".join(n.split(".")[:2]) for n in e.nodes if "." in n} & {x.id for x in c.suggestions[:3]})
    return p1, h3


if __name__ == "__main__":
    main()
