"""Cross-validation over every placed real title we hold (experiment, not a test; record:
docs/experiments/classify-catalog-blend.md, "Pooled cross-validation").

Run:  PYTHONPATH=src python experiments/pooled_cv.py      (about 1 minute)

The pool: the sample catalog, tuning.csv and heldout.csv (distinct titles; a title placed differently in two files
keeps the union of its places, as the development-set scripts do). The trained classifier, with its configuration
as shipped (nothing is chosen here), is scored by 5-fold cross-validation (folds by a hash of the title); the
hybrid and lexical classifiers, which learn nothing from titles, are scored on the same titles. Figures are given
for the whole pool and for the held-out titles outside the development set.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import param_search as ps  # noqa: E402
from minestd.classify import get_classifier, normalise_title  # noqa: E402
from minestd.classify.evaluate import evaluate, fold_of  # noqa: E402
from minestd.classify.trained import TrainedClassifier, train  # noqa: E402
from minestd.data import load_catalog  # noqa: E402

TX = ps.TX


def main() -> None:
    catalog, tuning, heldout = list(load_catalog().entries), ps.fixture("tuning.csv"), ps.fixture("heldout.csv")
    pool = ps.merged(catalog + tuning + heldout)
    development = {normalise_title(e.title) for e in catalog + tuning}
    # two catalog titles whose only sources were spam mirrors left the sample catalog on 2026-12-06; they were
    # development titles when the parameters were chosen, so they stay out of the "outside" subset
    development |= {normalise_title(t) for t in ps.LEFT_THE_CATALOG}
    outside = [e for e in pool if e.title not in development]
    print(f"pool {len(pool)} titles; held-out outside the development set {len(outside)}")
    by_title = {}
    for name in ("hybrid", "lexical"):
        report = evaluate(pool, TX, get_classifier(name, TX))
        alone = evaluate(outside, TX, get_classifier(name, TX))
        by_title[name] = (report, alone)
    # the trained classifier: one model per fold, each title of the fold scored once (0/1 per title)
    p1, h3 = np.zeros(len(pool)), np.zeros(len(pool))
    fold = np.array([fold_of(e, 5) for e in pool])
    for k in range(5):
        rows = np.flatnonzero(fold == k)
        clf = TrainedClassifier(TX, train([e for e, f in zip(pool, fold) if f != k], TX))
        p1[rows], h3[rows] = ps.scores(clf, [pool[i] for i in rows])
    out = np.array([e.title not in development for e in pool])
    print(f"trained, 5-fold CV on the pool: subsystem P@1 {p1.mean():.3f}  category Hit@3 {h3.mean():.3f}")
    print(f"  - its held-out titles outside the development set: P@1 {p1[out].mean():.3f} ({round(p1[out].sum())}/"
          f"{out.sum()})  Hit@3 {h3[out].mean():.3f}")
    for name, (report, alone) in by_title.items():
        print(f"{name}: pool P@1 {report.metrics['subsystem']['Precision@1']:.3f} Hit@3 "
              f"{report.metrics['category']['Hit@3']:.3f}; outside P@1 {alone.metrics['subsystem']['Precision@1']:.3f}")


if __name__ == "__main__":
    main()
