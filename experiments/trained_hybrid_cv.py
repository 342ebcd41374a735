"""The trained classifier (lexical + placed catalog titles) with the hybrid's subsystem model blended in, under the
evaluator's 5-fold cross-validation on the sample catalog (experiment, not a test; a lead recorded in
docs/experiments/classify-guide-model.md, later adopted in another form: docs/experiments/classify-catalog-blend.md;
"trained (as shipped)" is that adopted form). Run: PYTHONPATH=src python experiments/trained_hybrid_cv.py
"""
from minestd.classify.hybrid import HybridClassifier
from minestd.classify.trained import train
from minestd.classify.evaluate import evaluate
from minestd.data import default_taxonomy, load_catalog, subsystem_model
tx = default_taxonomy(); sm = subsystem_model(tx)
def TH(tx, examples, blend):
    return HybridClassifier(tx, sm, blend, extra_texts=examples, field_weights={"training": 2.0})
entries = load_catalog().entries
for blend in (0.0, 0.5, 0.8):
    r = evaluate(entries, tx, folds=5, trainer=lambda training: TH(tx, train(training, tx)["examples"], blend))
    print("trained+hybrid blend", blend, r.metrics["subsystem"]["Precision@1"], r.metrics["category"]["Hit@3"])
r = evaluate(entries, tx, folds=5)
print("trained (as shipped)", r.metrics["subsystem"]["Precision@1"], r.metrics["category"]["Hit@3"])
