"""Nested cross-validation of classifier variants on a catalog with placements (experiment, not a test).

Run:  PYTHONPATH=src python experiments/nested_cv.py [CATALOG] [--heldout FILE]

Outer folds are the evaluator's own (``fold_of(entry, 5)``, a hash of the title). For outer fold k the
training split is the other four hash classes; the inner folds are those four classes (4-fold inner CV),
so an inner model never sees the outer test fold. Every hyper-parameter (blend weight, regularisation,
feature set) is chosen per outer fold on the pooled inner predictions only, then a model trained on the
whole training split is scored on the outer fold. Metrics: ``document_metrics`` of minestd.classify.evaluate
(Annif definitions), subsystem and category level.

Families of configurations (``--families``; see docs/experiments/classify-nested-cv.md for the figures):
* base      — TrainedClassifier (lexical prior + placed titles, training weight 2): the current model.
* weight    — training weight 2 (base), 1, 3, 4, 6;  sharp — lexical SHARPNESS 2 (base), 1, 1.5, 3, 4.
* updown    — placed titles also added as training texts of their category (updown) and subsystem (updown2).
* lr / nb   — multinomial logistic regression (numpy, deterministic accelerated gradient) / multinomial naive
              Bayes on character n-grams (1-3 or 2-4, IDF over the training titles, rows L2-normalised) of
              the training titles, predicting the subsystem; blended with base's subsystem scores
              (``raw``: (1-a)·S + a·P; ``norm``: S normalised to sum 1 first); categories keep their share of
              their subsystem's score (hierarchy-consistent).
* subdoc    — a subsystem-level lexical scorer: one bag of n-grams per subsystem (all its nodes' texts with
              their field weights, optionally plus the training titles), IDF over the 15 subsystems;
              blended as above.  subdocup — subdoc blended with the updown base.
* stack*    — stacking: a softmax layer over log base scores (+ log LR / subdoc probabilities), per-subsystem
              bias (``stack``) or a full 15x15 correction (``stackfull``), fitted on out-of-fold base scores
              of the training split (internal 4-fold split by hash % 20 // 5).
* all       — every configuration of base, updown, lr, nb, subdoc, stack, stacklr, stacksub at once.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import math
import sys
from collections import defaultdict

import numpy as np

from minestd.classify.base import gold_at_level, normalise_title
from minestd.classify.evaluate import document_metrics, fold_of, gold_nodes
from minestd.classify.features import content_segments
from minestd.classify.trained import TrainedClassifier, train
from minestd.data import default_taxonomy, load_catalog
from minestd.entry import Entry

K = 5
TX = default_taxonomy()
SUBS = [n.id for n in TX.subsystems()]
SUB_INDEX = {s: i for i, s in enumerate(SUBS)}
CATS = [n.id for n in TX.walk() if n.kind != "root" and n.depth == 2]
CAT_INDEX = {c: i for i, c in enumerate(CATS)}


# --------------------------------------------------------------------------- data

def load(path):
    cat = load_catalog(path)
    usable = [(e, gold_nodes(e, TX)) for e in cat.entries if normalise_title(e.title)]
    return [(e, g) for e, g in usable if g]


def load_fixture(path):
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    entries = [Entry(row=i, designation=r.get("designation", ""), title=r["title"],
                     nodes=tuple(r["nodes"].split(";"))) for i, r in enumerate(rows, start=2)]
    return [(e, gold_nodes(e, TX)) for e in entries if gold_nodes(e, TX)]


# --------------------------------------------------------------------------- base scores (lexical/trained)

_BASE_CACHE: dict = {}


def base_scores(train_items, test_items, variant="base", weight=2.0):
    """(S, C): subsystem and category score matrices of the trained classifier for test items."""
    key = (variant, weight, tuple(sorted(normalise_title(e.title) for e, _ in train_items)),
           tuple(normalise_title(e.title) for e, _ in test_items))
    if key in _BASE_CACHE:
        return _BASE_CACHE[key]
    model = train([e for e, _ in train_items], TX, training_weight=weight)
    if variant.startswith("updown"):
        # idea 2: a title placed in 12.02.08 is also a training text of 12.02 (and of 12 with "updown2")
        ex = defaultdict(list)
        for node, titles in model["examples"].items():
            parts = node.split(".")
            ups = [node]
            if len(parts) == 3:
                ups.append(".".join(parts[:2]))
            if variant == "updown2" and len(parts) >= 2:
                ups.append(parts[0])
            for up in ups:
                for t in titles:
                    if t not in ex[up]:
                        ex[up].append(t)
        model["examples"] = {k: sorted(v) for k, v in sorted(ex.items())}
    if variant.startswith("w"):
        model["params"]["training_weight"] = float(variant[1:])
    power = float(variant[5:]) if variant.startswith("sharp") else None
    clf = TrainedClassifier(TX, model)
    S = np.zeros((len(test_items), len(SUBS)))
    C = np.zeros((len(test_items), len(CATS)))
    for i, (e, _) in enumerate(test_items):
        evidence = clf.evidence(normalise_title(e.title))
        shares = clf.shares(evidence) if power is None else sharpened_shares(clf, evidence, power)
        for node, v in clf.aggregate(shares).items():
            if node in SUB_INDEX:
                S[i, SUB_INDEX[node]] = v
            elif node in CAT_INDEX:
                C[i, CAT_INDEX[node]] = v
    _BASE_CACHE[key] = (S, C)
    return S, C


def sharpened_shares(clf, evidence: dict[str, float], power: float) -> dict[str, float]:
    """The classifier's shares with another sharpness: positive evidence ** power over its total, times the
    classifier's confidence (as LexicalClassifier.shares computes them with power 2)."""
    sharp = {k: v ** power for k, v in evidence.items() if v > 0}
    total = sum(sharp.values())
    if total <= 0:
        return {}
    confidence = clf.confidence(evidence)
    return {k: v / total * confidence for k, v in sharp.items()}


# --------------------------------------------------------------------------- features and learners

def grams(title, nmin, nmax):
    out = set()
    for seg in content_segments(title):
        for n in range(nmin, nmax + 1):
            for i in range(len(seg) - n + 1):
                out.add(seg[i:i + n])
    return out


def design(train_items, test_items, nmin, nmax, idf):
    """Binary n-gram features (vocabulary from the training titles), optional IDF, rows L2-normalised.
    Duplicate titles (editions of one standard) are kept once in training."""
    seen, tr = set(), []
    for e, g in train_items:
        t = normalise_title(e.title)
        if t not in seen:
            seen.add(t)
            tr.append((t, g))
    tr_grams = [grams(t, nmin, nmax) for t, _ in tr]
    vocab = sorted({x for gs in tr_grams for x in gs})
    index = {x: i for i, x in enumerate(vocab)}

    def matrix(gram_sets):
        X = np.zeros((len(gram_sets), len(vocab)))
        for r, gs in enumerate(gram_sets):
            for x in gs:
                j = index.get(x)
                if j is not None:
                    X[r, j] = 1.0
        return X

    Xtr = matrix(tr_grams)
    Xte = matrix([grams(normalise_title(e.title), nmin, nmax) for e, _ in test_items])
    if idf:
        df = Xtr.sum(0)
        w = np.log((len(tr) + 1) / (df + 1)) + 1.0
        Xtr, Xte = Xtr * w, Xte * w
    for X in (Xtr, Xte):
        norms = np.linalg.norm(X, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        X /= norms
    Y = np.zeros((len(tr), len(SUBS)))
    for r, (_, g) in enumerate(tr):
        subs = gold_at_level(g, "subsystem")
        for s in subs:
            Y[r, SUB_INDEX[s]] += 1.0 / len(subs)
    return Xtr, Y, Xte


def softmax(Z):
    Z = Z - Z.max(1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(1, keepdims=True)


def fit_lr(X, Y, lam, iters=400):
    """L2-regularised multinomial logistic regression (soft targets), accelerated gradient, fixed steps."""
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    L = 0.5 * (np.linalg.norm(Xb, 2) ** 2) / n + lam
    step = 1.0 / L
    W = np.zeros((d + 1, Y.shape[1]))
    V, t = W.copy(), 1.0
    reg = np.ones((d + 1, 1))
    reg[-1] = 0.0
    for _ in range(iters):
        G = Xb.T @ (softmax(Xb @ V) - Y) / n + lam * reg * V
        W_new = V - step * G
        t_new = (1 + math.sqrt(1 + 4 * t * t)) / 2
        V = W_new + (t - 1) / t_new * (W_new - W)
        W, t = W_new, t_new
    return W


def predict_lr(W, X):
    return softmax(np.hstack([X, np.ones((X.shape[0], 1))]) @ W)


def fit_nb(X, Y, alpha):
    counts = Y.T @ X + alpha                      # classes x features
    logp = np.log(counts / counts.sum(1, keepdims=True))
    return logp


def predict_nb(logp, X, temp=1.0):
    return softmax((X @ logp.T) / temp)


_DISC_CACHE: dict = {}


def disc_probs(train_items, test_items, spec):
    """Subsystem probabilities of a discriminative model ``spec`` = (kind, nmin, nmax, idf, param)."""
    key = (spec, tuple(sorted(normalise_title(e.title) for e, _ in train_items)),
           tuple(normalise_title(e.title) for e, _ in test_items))
    if key in _DISC_CACHE:
        return _DISC_CACHE[key]
    kind, nmin, nmax, idf, param = spec
    if kind == "subdoc":
        P = subdoc_probs(train_items, test_items, nmin, nmax, idf, param)
        _DISC_CACHE[key] = P
        return P
    Xtr, Y, Xte = design(train_items, test_items, nmin, nmax, idf)
    if kind == "lr":
        P = predict_lr(fit_lr(Xtr, Y, param), Xte)
    else:
        P = predict_nb(fit_nb(Xtr, Y, param), Xte)
    _DISC_CACHE[key] = P
    return P


def subdoc_probs(train_items, test_items, nmin, nmax, use_training, sharp):
    """Subsystem-level lexical scores: one bag of n-grams per subsystem (all its nodes' texts with their field
    weights, plus the training titles placed in it when use_training), weighted by an IDF over the 15
    subsystems and the n-gram length factor; shares ∝ score ** sharp."""
    from minestd.classify.lexical import FIELD_WEIGHTS, LENGTH_FACTOR, node_texts
    from minestd.classify.features import ngrams

    bags = [dict() for _ in SUBS]
    for node, items in node_texts(TX).items():
        bag = bags[SUB_INDEX[node.split(".")[0]]]
        for item in items:
            w = FIELD_WEIGHTS[item.field]
            for g in ngrams(item.norm, nmin, nmax):
                if bag.get(g, 0.0) < w:
                    bag[g] = w
    if use_training:
        for e, g in train_items:
            for s in gold_at_level(g, "subsystem"):
                bag = bags[SUB_INDEX[s]]
                for x in ngrams(normalise_title(e.title), nmin, nmax):
                    if bag.get(x, 0.0) < FIELD_WEIGHTS["training"]:
                        bag[x] = FIELD_WEIGHTS["training"]
    df = defaultdict(int)
    for bag in bags:
        for g in bag:
            df[g] += 1
    n = len(SUBS) + 1
    P = np.zeros((len(test_items), len(SUBS)))
    for i, (e, _) in enumerate(test_items):
        for x in ngrams(normalise_title(e.title), nmin, nmax):
            d = df.get(x)
            if not d or d > 5:
                continue
            f = math.log(n / (d + 0.5)) * LENGTH_FACTOR.get(len(x), 2.2)
            for j, bag in enumerate(bags):
                w = bag.get(x)
                if w:
                    P[i, j] += w * f
    P = P ** sharp
    tot = P.sum(1, keepdims=True)
    return np.where(tot > 0, P / np.where(tot > 0, tot, 1), 0.0)


# --------------------------------------------------------------------------- blending and metrics

def blend(S, C, P, a, mode):
    """Subsystem scores: (1-a) * base + a * P (base raw or normalised to sum 1); categories keep their share of
    their subsystem's base score, rescaled to the blended subsystem score (hierarchy-consistent)."""
    if P is None or a == 0:
        return S, C
    if mode == "norm":
        tot = S.sum(1, keepdims=True)
        B = np.where(tot > 0, S / np.where(tot > 0, tot, 1), 0.0)
    else:
        B = S
    F = (1 - a) * B + a * P
    ratio = np.where(S > 0, F / np.where(S > 0, S, 1), 0.0)
    sub_of_cat = np.array([SUB_INDEX[c.split(".")[0]] for c in CATS])
    return F, C * ratio[:, sub_of_cat]


def ranked(row, labels):
    order = sorted((i for i in range(len(labels)) if row[i] > 0), key=lambda i: (-row[i], i))
    return [labels[i] for i in order[:10]]


def metrics(items, S, C):
    out = {"sub": defaultdict(float), "cat": defaultdict(float)}
    n_cat = 0
    for i, (_, g) in enumerate(items):
        for k, v in document_metrics(ranked(S[i], SUBS), set(gold_at_level(g, "subsystem")), 10).items():
            out["sub"][k] += v
        gc = set(gold_at_level(g, "category"))
        if gc:
            n_cat += 1
            for k, v in document_metrics(ranked(C[i], CATS), gc, 10).items():
                out["cat"][k] += v
    return {"sub_P1": out["sub"]["Precision@1"] / len(items), "sub_NDCG": out["sub"]["NDCG"] / len(items),
            "cat_P1": out["cat"]["Precision@1"] / max(n_cat, 1), "cat_Hit3": out["cat"]["Hit@3"] / max(n_cat, 1)}


# --------------------------------------------------------------------------- configurations and CV

def configs(family):
    """All (base_variant, disc_spec or None, a, mode) of a family."""
    out = []
    if family in ("base", "all"):
        out.append(("base", None, 0.0, "raw"))
    if family in ("updown", "all"):
        out += [("updown", None, 0.0, "raw"), ("updown2", None, 0.0, "raw")]
    if family in ("lr", "all", "lr+nb"):
        for feats, lam, a, mode in itertools.product([(1, 3, True), (2, 4, True)], [0.01, 0.03, 0.1],
                                                     [0.0, 0.2, 0.35, 0.5, 0.65], ["raw", "norm"]):
            if a == 0 and (feats, lam, mode) != ((1, 3, True), 0.01, "raw"):
                continue
            out.append(("base", ("lr",) + feats + (lam,), a, mode))
    if family in ("nb", "all", "lr+nb"):
        for feats, alpha, a, mode in itertools.product([(1, 3, True), (2, 4, True)], [0.1, 0.3, 1.0],
                                                       [0.2, 0.35, 0.5, 0.65], ["raw", "norm"]):
            out.append(("base", ("nb",) + feats + (alpha,), a, mode))
    if family in ("stack", "all"):
        for lam, mode in itertools.product([0.01, 0.1, 1.0], ["stack", "stackfull"]):
            out.append(("base", None, lam, mode))
    if family in ("stacklr", "all"):
        for lam, mode in itertools.product([0.01, 0.1, 1.0], ["stack", "stackfull"]):
            out.append(("base", ("lr", 1, 3, True, 1e-4), lam, mode))
    if family in ("weight",):
        out += [("base", None, 0.0, "raw")] + [(f"w{w}", None, 0.0, "raw") for w in (1, 3, 4, 6)]
    if family in ("sharp",):
        out += [("base", None, 0.0, "raw")] + [(f"sharp{x}", None, 0.0, "raw") for x in (1.0, 1.5, 3.0, 4.0)]
    if family in ("stacksub", "all"):
        for lam, mode in itertools.product([0.01, 0.1, 1.0], ["stack", "stackfull"]):
            out.append(("base", ("subdoc", 2, 4, True, 1.0), lam, mode))
    if family in ("subdocup",):
        for base, sharp, a in itertools.product(["updown", "updown2"], [1.0, 2.0], [0.2, 0.35, 0.5, 0.65]):
            out.append((base, ("subdoc", 2, 4, False, sharp), a, "raw"))
    if family in ("subdoc", "all"):
        for tr, sharp, a, mode in itertools.product([True, False], [1.0, 2.0], [0.2, 0.35, 0.5, 0.65],
                                                    ["raw", "norm"]):
            out.append(("base", ("subdoc", 2, 4, tr, sharp), a, mode))
    return out


def stack_split(items):
    """Internal 4-fold split of a training set for out-of-fold base scores: (hash % 20) // 5, independent of
    the evaluator's folds (hash % 5)."""
    return [fold_of(e, 20) // 5 for e, _ in items]


def out_of_fold(items, score):
    """Scores of each item from ``score(training, held_out)`` fitted on the other parts of ``stack_split``."""
    parts = stack_split(items)
    out = np.zeros((len(items), len(SUBS)))
    for f in sorted(set(parts)):
        tr = [it for it, p in zip(items, parts) if p != f]
        idx = [i for i, p in enumerate(parts) if p == f]
        out[idx] = score(tr, [items[i] for i in idx])
    return out


def oof_base(items, variant):
    return out_of_fold(items, lambda tr, held: base_scores(tr, held, variant)[0])


def oof_disc(items, spec):
    return out_of_fold(items, lambda tr, held: disc_probs(tr, held, spec))


EPS = 1e-3


def stack_features(S, P):
    feats = [np.log(S + EPS)]
    if P is not None:
        feats.append(np.log(P + EPS))
    return feats


def fit_stack(feats, Y, lam, full, iters=1500):
    """logit_c = sum_f beta_f * feat_f[c] + b_c (+ (Z @ W)_c with W 15x15 when full); L2 lam on b and W."""
    n, c = Y.shape
    nf = len(feats)
    beta = np.ones(nf)
    b = np.zeros(c)
    W = np.zeros((c, c))
    lr = 0.5
    # plain gradient descent with a fixed step on a small convex problem (deterministic)
    for _ in range(iters):
        Z = sum(bf * F for bf, F in zip(beta, feats)) + b + (feats[0] @ W if full else 0)
        G = (softmax(Z) - Y) / n
        gbeta = np.array([(G * F).sum() for F in feats])
        gb = G.sum(0) + lam * b
        beta -= lr * 0.05 * gbeta
        b -= lr * gb
        if full:
            W -= lr * 0.05 * (feats[0].T @ G + lam * W)
    return beta, b, W


def gold_matrix(items):
    Y = np.zeros((len(items), len(SUBS)))
    for r, (_, g) in enumerate(items):
        subs = gold_at_level(g, "subsystem")
        for s in subs:
            Y[r, SUB_INDEX[s]] += 1.0 / len(subs)
    return Y


def scores_for(cfg, train_items, test_items):
    variant, spec, a, mode = cfg
    if mode.startswith("stack"):
        # cfg = (variant, disc spec or None, lam, "stack" | "stackfull")
        lam, full = a, mode == "stackfull"
        Str = oof_base(train_items, variant)
        Ptr = oof_disc(train_items, spec) if spec is not None else None
        beta, b, W = fit_stack(stack_features(Str, Ptr), gold_matrix(train_items), lam, full)
        S, C = base_scores(train_items, test_items, variant)
        P = disc_probs(train_items, test_items, spec) if spec is not None else None
        feats = stack_features(S, P)
        Z = sum(bf * F for bf, F in zip(beta, feats)) + b + (feats[0] @ W if full else 0)
        F = softmax(Z)
        F = np.where(S.sum(1, keepdims=True) > 0, F, 0.0)     # no evidence, no suggestion (as the base)
        ratio = np.where(S > 0, F / np.where(S > 0, S, 1), 0.0)
        sub_of_cat = np.array([SUB_INDEX[c.split(".")[0]] for c in CATS])
        return F, C * ratio[:, sub_of_cat]
    S, C = base_scores(train_items, test_items, variant)
    P = disc_probs(train_items, test_items, spec) if spec is not None and a > 0 else None
    return blend(S, C, P, a, mode)


def cv_predictions(cfg, items, folds_of, fold_ids):
    """Pooled predictions over fold_ids (each fold scored by a model trained on the other listed folds)."""
    S = np.zeros((len(items), len(SUBS)))
    C = np.zeros((len(items), len(CATS)))
    for f in fold_ids:
        tr = [it for it, fo in zip(items, folds_of) if fo != f and fo in fold_ids]
        te_idx = [i for i, fo in enumerate(folds_of) if fo == f]
        s, c = scores_for(cfg, tr, [items[i] for i in te_idx])
        S[te_idx], C[te_idx] = s, c
    return S, C


def select_key(m):
    # inner criterion: subsystem P@1; ties broken by subsystem NDCG (continuous), then category Hit@3
    return (round(m["sub_P1"], 6), round(m["sub_NDCG"], 6), round(m["cat_Hit3"], 6))


def nested(items, family, verbose=False):
    folds_of = [fold_of(e, K) for e, _ in items]
    cands = configs(family)
    S = np.zeros((len(items), len(SUBS)))
    C = np.zeros((len(items), len(CATS)))
    chosen = []
    for k in range(K):
        inner_ids = [f for f in range(K) if f != k]
        inner_idx = [i for i, f in enumerate(folds_of) if f != k]
        inner_items = [items[i] for i in inner_idx]
        inner_folds = [folds_of[i] for i in inner_idx]
        best, best_cfg = None, None
        for cfg in cands:               # first best wins: candidates are listed simplest first
            s, c = cv_predictions(cfg, inner_items, inner_folds, inner_ids)
            key = select_key(metrics(inner_items, s, c))
            if best is None or key > best:
                best, best_cfg = key, cfg
        chosen.append((best_cfg, best))
        te_idx = [i for i, f in enumerate(folds_of) if f == k]
        s, c = scores_for(best_cfg, inner_items, [items[i] for i in te_idx])
        S[te_idx], C[te_idx] = s, c
        if verbose:
            print(f"  outer fold {k}: chose {best_cfg} (inner P@1 {best[0]:.3f})", file=sys.stderr)
    return metrics(items, S, C), chosen


def flat(items, cfg):
    folds_of = [fold_of(e, K) for e, _ in items]
    return metrics(items, *cv_predictions(cfg, items, folds_of, list(range(K))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("catalog", nargs="?", default=None)
    ap.add_argument("--heldout", default="tests/fixtures/classify/heldout.csv")
    ap.add_argument("--families", default="base,updown,lr,nb,lr+nb")
    ap.add_argument("--flat", action="store_true", help="also print plain 5-fold CV of every configuration")
    args = ap.parse_args()
    items = load(args.catalog)
    held = load_fixture(args.heldout)
    print(f"catalog: {len(items)} titles; heldout: {len(held)}")
    if args.flat:
        seen = set()
        for fam in args.families.split(","):
            for cfg in configs(fam):
                if cfg in seen:
                    continue
                seen.add(cfg)
                m = flat(items, cfg)
                print(f"flat {cfg}: sub P@1 {m['sub_P1']:.3f} cat Hit@3 {m['cat_Hit3']:.3f} "
                      f"cat P@1 {m['cat_P1']:.3f}", flush=True)
    for fam in args.families.split(","):
        m, chosen = nested(items, fam, verbose=True)
        # heldout: select on the whole catalog (5-fold CV), train on the whole catalog, score heldout
        folds_of = [fold_of(e, K) for e, _ in items]
        best, best_cfg = None, None
        for cfg in configs(fam):
            key = select_key(metrics(items, *cv_predictions(cfg, items, folds_of, list(range(K)))))
            if best is None or key > best:
                best, best_cfg = key, cfg
        hm = metrics(held, *scores_for(best_cfg, items, held))
        print(f"[{fam}] nested: sub P@1 {m['sub_P1']:.3f}  cat Hit@3 {m['cat_Hit3']:.3f}  cat P@1 {m['cat_P1']:.3f}"
              f" | chosen per outer fold: {[c for c, _ in chosen]}")
        print(f"[{fam}] whole-catalog choice {best_cfg} (5-fold P@1 {best[0]:.3f}); heldout: sub P@1 "
              f"{hm['sub_P1']:.3f}  cat Hit@3 {hm['cat_Hit3']:.3f}", flush=True)


if __name__ == "__main__":
    main()
