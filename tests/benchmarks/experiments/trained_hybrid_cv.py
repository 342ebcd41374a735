"""The trained classifier (lexical + placed catalog titles) with the hybrid's subsystem model blended in, under the
evaluator's 5-fold cross-validation on the sample catalog (experiment, not a test; an unexplored lead recorded in
docs/experiments/classify-guide-model.md). Run: PYTHONPATH=src python tests/benchmarks/experiments/trained_hybrid_cv.py
"""
from minestd.classify.hybrid import HybridClassifier
from minestd.classify.lexical import LexicalClassifier
from minestd.classify.guide_model import SubsystemModel
from minestd.classify.trained import TrainedClassifier, train
from minestd.classify.evaluate import evaluate
from minestd.data import default_taxonomy, load_catalog, subsystem_model
tx = default_taxonomy(); sm = subsystem_model(tx)
class TH(HybridClassifier):
    def __init__(self, tx, examples, blend):
        self.subsystem_model = SubsystemModel(sm); self.blend = blend; self._probabilities = {}
        LexicalClassifier.__init__(self, tx, extra_texts=examples, field_weights={"training": 2.0})
        self._subsystem_of = {n: n.split(".", 1)[0] for n in self._parent}
entries = load_catalog().entries
for blend in (0.0, 0.5, 0.8):
    r = evaluate(entries, tx, folds=5, trainer=lambda training: TH(tx, train(training, tx)["examples"], blend))
    print("trained+hybrid blend", blend, r.metrics["subsystem"]["Precision@1"], r.metrics["category"]["Hit@3"])
r = evaluate(entries, tx, folds=5)
print("trained (current)", r.metrics["subsystem"]["Precision@1"], r.metrics["category"]["Hit@3"])
