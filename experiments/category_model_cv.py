"""A category-level model from the guide's texts, for the hybrid default (experiment, not a test; record:
docs/experiments/classify-guide-model.md, "A category-level model").

Run:  PYTHONPATH=src python experiments/category_model_cv.py      (about 3 minutes)

The guide's texts of category and sub-category nodes, labelled by their category (81 classes), train the same
logistic regression as the subsystem model. A title's subsystem probability is then a mix of the subsystem model's
and the sum of its categories' probabilities: p = (1 - m) x p_subsystem_model + m x p_category_sum; the hybrid
blends p as before (blend a). Scored on the development titles only (sample catalog + tuning.csv); "nested"
picks (m, a) on four hash folds and counts it on the fifth. No held-out or sealed title is used.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import param_search as ps  # noqa: E402
from minestd.classify import guide_model as gm  # noqa: E402
from minestd.classify.hybrid import HybridClassifier  # noqa: E402
from minestd.data import load_catalog, subsystem_model  # noqa: E402

TX = ps.TX
SUBS = [n.id for n in TX.subsystems()]


def category_model() -> dict:
    """The guide model trained over the categories instead of the subsystems (same texts, same trainer)."""
    return gm.train_subsystem_model(TX, level="category")


class Mixed:
    """probabilities(_many) of the subsystems: (1 - m) x subsystem model + m x summed category model."""

    def __init__(self, sub, cat, m):
        self.sub, self.cat, self.m = sub, cat, m
        self.subsystems, self.index, self.weights = sub.subsystems, sub.index, sub.weights

    def _mix(self, ps_, pc):
        sums = dict.fromkeys(SUBS, 0.0)
        for c, v in pc.items():
            sums[c.split(".")[0]] += v
        return {s: (1 - self.m) * ps_[s] + self.m * sums[s] for s in SUBS}

    def probabilities(self, title):
        return self._mix(self.sub.probabilities(title), self.cat.probabilities(title))

    def probabilities_many(self, titles):
        return [self._mix(a, b) for a, b in zip(self.sub.probabilities_many(titles), self.cat.probabilities_many(titles))]


def main() -> None:
    dev = ps.merged(list(load_catalog().entries) + ps.fixture("tuning.csv"))
    folds = np.array([ps.fold_of(e, 5) for e in dev])
    sub = gm.SubsystemModel(subsystem_model(TX), TX)
    cat = gm.SubsystemModel(category_model())
    print("category model:", len(cat.subsystems), "classes")
    results = {}
    for m in (0.0, 0.25, 0.5, 0.75, 1.0):
        for a in (0.6, 0.7, 0.8, 0.9):
            clf = HybridClassifier(TX, subsystem_model(TX), a)
            clf.subsystem_model = Mixed(sub, cat, m)
            p1, h3 = ps.scores(clf, dev)
            results[(m, a)] = (p1, h3)
            print(f"m {m} blend {a}: subsystem P@1 {p1.mean():.3f}  category Hit@3 {h3.mean():.3f}", flush=True)
    names = list(results)
    objective = lambda n, rows: results[n][0][rows].mean() + 0.25 * results[n][1][rows].mean()  # noqa: E731
    p1, h3, picks = np.zeros(len(dev)), np.zeros(len(dev)), []
    for k in range(5):
        best = max(names, key=lambda n: (objective(n, folds != k), -names.index(n)))
        picks.append(best)
        p1[folds == k], h3[folds == k] = results[best][0][folds == k], results[best][1][folds == k]
    print(f"nested: subsystem P@1 {p1.mean():.3f}  category Hit@3 {h3.mean():.3f}  picks {picks}")


if __name__ == "__main__":
    main()
