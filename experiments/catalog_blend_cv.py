"""Does the subsystem model gain from placed catalog titles? Cross-validated on the development titles only
(the sample catalog + tuning.csv; experiment, not a test; record: docs/experiments/classify-catalog-blend.md).

Run:  PYTHONPATH=src python experiments/catalog_blend_cv.py      (about 10 minutes)

For each of 5 hash folds of the development titles, the titles outside the fold are the training catalog and
the fold's titles are scored by:
  hybrid          the shipped default (no catalog title is used)
  trained         the shipped trained classifier (lexical + the training titles as node texts)
  T+G(a)          trained lexical evidence, subsystem blended with the guide-only subsystem model
  T+GC(a,w)       trained lexical evidence, subsystem blended with a subsystem model learned from the guide's texts
                  plus the training titles (each repeated w times)
  H+GC(a,w)       the hybrid's lexical evidence (no catalog) with that guide+catalog subsystem model
Blend a in {0.5, 0.6, 0.7, 0.8, 0.9}, w in {1, 2, 4}. "nested" picks the configuration (objective: subsystem
P@1 + 0.25 x category Hit@3) on four folds' scores and counts it on the fifth.
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import param_search as ps  # noqa: E402
from minestd.classify import guide_model as gm  # noqa: E402
from minestd.classify.hybrid import HybridClassifier  # noqa: E402
from minestd.classify.trained import placed_examples, title_documents  # noqa: E402
from minestd.data import load_catalog, subsystem_model  # noqa: E402

TX = ps.TX
GUIDE = subsystem_model(TX)
BLENDS = (0.5, 0.6, 0.7, 0.8, 0.9)
REPEATS = (1, 2, 4)


def blend(model, a, examples=None):
    """The hybrid's blend over the lexical evidence, with the training titles as node texts when given."""
    return HybridClassifier(TX, model, a, extra_texts=examples, field_weights={"training": 2.0})


def main() -> None:
    dev = ps.merged(list(load_catalog().entries) + ps.fixture("tuning.csv"))
    folds = np.array([ps.fold_of(e, 5) for e in dev])
    results: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}

    def put(name, k, rows, p1, h3):
        a, b = results.setdefault(name, (np.zeros(len(dev)), np.zeros(len(dev))))
        a[rows], b[rows] = p1, h3

    started = time.time()
    hybrid = HybridClassifier(TX, GUIDE)
    for k in range(5):
        rows = np.flatnonzero(folds == k)
        test = [dev[i] for i in rows]
        training = [dev[i] for i in np.flatnonzero(folds != k)]
        examples = placed_examples(training, TX)[0]
        put(("hybrid",), k, rows, *ps.scores(hybrid, test))
        put(("trained",), k, rows, *ps.scores(blend(GUIDE, 0.0, examples), test))     # before the blend (= version 1)
        for a in BLENDS:
            put(("T+G", a), k, rows, *ps.scores(blend(GUIDE, a, examples), test))
        for w in REPEATS:
            model = gm.train_subsystem_model(TX, extra=title_documents(examples) * w)
            for a in BLENDS:
                put(("T+GC", a, w), k, rows, *ps.scores(blend(model, a, examples), test))
                put(("H+GC", a, w), k, rows, *ps.scores(blend(model, a), test))
        print(f"fold {k} done, {time.time() - started:.0f} s", flush=True)

    names = list(results)
    for name in names:
        p1, h3 = results[name]
        print(f"{str(name):22} subsystem P@1 {p1.mean():.3f}  category Hit@3 {h3.mean():.3f}")
    objective = lambda name, rows: results[name][0][rows].mean() + 0.25 * results[name][1][rows].mean()  # noqa
    for family in ("T+G", "T+GC", "H+GC", None):
        pool = [n for n in names if family is None or n[0] == family]
        p1, h3, picks = np.zeros(len(dev)), np.zeros(len(dev)), []
        for k in range(5):
            inner = folds != k
            best = max(pool, key=lambda n: (objective(n, inner), -names.index(n)))
            picks.append(best)
            p1[folds == k], h3[folds == k] = results[best][0][folds == k], results[best][1][folds == k]
        print(f"nested over {family or 'all'}: subsystem P@1 {p1.mean():.3f}  category Hit@3 {h3.mean():.3f}  "
              f"picks {picks}")


if __name__ == "__main__":
    main()
