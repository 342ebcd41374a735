"""Choosing the hybrid classifier's parameters: a subsystem model (multinomial logistic regression on character
1-3-grams) learned from the guide's own texts, blended with the lexical classifier's subsystem shares (experiment,
not a test; the record is docs/experiments/classify-guide-model.md).

Run:  PYTHONPATH=src python experiments/guide_model_select.py      (about 2 minutes)

Grid: lambda in {1e-5, 3e-5, 1e-4, 3e-4, 1e-3} x iterations {1000, 2000} x blend a in {0, 0.1, ..., 1}. Scored on
the development titles only (the sample catalog + tuning.csv, 196 distinct titles; the model itself never sees a
title). Objective: subsystem P@1 + 0.25 x category Hit@3. "nested" picks the configuration on four hash folds and
scores it on the fifth; the configuration chosen on all development titles is what minestd ships
(minestd.classify.guide_model.LAMBDA / ITERATIONS, minestd.classify.hybrid.BLEND).
"""
import sys, re, time
import numpy as np
sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
import param_search as ps
from nested_cv import fit_lr, predict_lr
from minestd.classify.lexical import node_texts, LexicalClassifier
from minestd.classify.features import content_segments
from minestd.data import load_catalog
TX = ps.TX
SUBS = [n.id for n in TX.subsystems()]; SI = {s: i for i, s in enumerate(SUBS)}
CATS = [n.id for n in TX.walk() if n.kind != "root" and n.depth == 2]; CI = {c: i for i, c in enumerate(CATS)}
docs = []
for node, items in node_texts(TX).items():
    sub = node.split(".")[0]
    for it in items:
        if it.field == "structure": continue
        if it.field == "description":
            docs += [(c, sub) for c in re.split(r"[。；;]", it.text) if len(c) >= 4]
        else:
            docs.append((it.text, sub))
def grams(t):
    out = set()
    for seg in content_segments(t):
        for n in (1, 2, 3):
            for i in range(len(seg) - n + 1): out.add(seg[i:i+n])
    return out
tr = [grams(t) for t, _ in docs]
vocab = sorted({g for s in tr for g in s}); idx = {g: i for i, g in enumerate(vocab)}
print("docs", len(docs), "vocab", len(vocab))
def mat(sets):
    X = np.zeros((len(sets), len(vocab)))
    for r, s in enumerate(sets):
        for g in s:
            j = idx.get(g)
            if j is not None: X[r, j] = 1
    return X
Xtr = mat(tr); df = Xtr.sum(0); w = np.log((len(tr) + 1) / (df + 1)) + 1
def prep(X):
    X = X * w; n = np.linalg.norm(X, axis=1, keepdims=True); n[n == 0] = 1; return X / n
Xtr = prep(Xtr)
Y = np.zeros((len(docs), len(SUBS)))
for r, (_, s) in enumerate(docs): Y[r, SI[s]] = 1
dev = ps.merged(list(load_catalog().entries) + ps.fixture("tuning.csv"))
folds = np.array([ps.fold_of(e, 5) for e in dev])
lex = LexicalClassifier(TX)
def lexSC(items):
    S = np.zeros((len(items), len(SUBS))); C = np.zeros((len(items), len(CATS)))
    for i, r in enumerate(lex.classify([e.title for e in items], top=15, level="subsystem", explain=False)):
        for s in r.suggestions: S[i, SI[s.id]] = s.score
    for i, r in enumerate(lex.classify([e.title for e in items], top=60, level="category", explain=False)):
        for s in r.suggestions: C[i, CI[s.id]] = s.score
    return S, C
S, C = lexSC(dev)
Xdev = prep(mat([grams(e.title) for e in dev]))
gs = [{n.split(".")[0] for n in e.nodes} for e in dev]
gc = [{".".join(n.split(".")[:2]) for n in e.nodes if "." in n} for e in dev]
sub_of_cat = np.array([SI[c.split(".")[0]] for c in CATS])
def hybrid(S, C, P, a):
    tot = S.sum(1, keepdims=True); B = np.where(tot > 0, S / np.where(tot > 0, tot, 1), 0)
    F = (1 - a) * B + a * P
    ratio = np.where(S > 0, F / np.where(S > 0, S, 1), 0)
    return F, C * ratio[:, sub_of_cat]
def correct(F, Cc):
    p1 = np.array([SUBS[int(np.argmax(F[i]))] in gs[i] if F[i].max() > 0 else False for i in range(len(dev))], float)
    h3 = np.array([bool(gc[i] & {CATS[j] for j in np.argsort(-Cc[i], kind="stable")[:3] if Cc[i, j] > 0}) for i in range(len(dev))], float)
    return p1, h3
configs = []
t = time.time()
for lam in (1e-5, 3e-5, 1e-4, 3e-4, 1e-3):
    for iters in (1000, 2000):
        W = fit_lr(Xtr, Y, lam, iters=iters)
        P = predict_lr(W, Xdev)
        for a in np.round(np.arange(0, 1.01, 0.1), 2):
            configs.append(((lam, iters, a), *correct(*hybrid(S, C, P, a))))
    print("lam", lam, "done", round(time.time() - t), "s", flush=True)
obj = lambda p1, h3, rows: p1[rows].mean() + 0.25 * h3[rows].mean()
allr = np.ones(len(dev), bool)
for cfg, p1, h3 in configs:
    if cfg[1] == 2000 and cfg[2] in (0.0, 0.5, 0.7, 0.8, 0.9, 1.0):
        print(cfg, "sub P@1 %.3f cat Hit@3 %.3f" % (p1.mean(), h3.mean()))
np_, nh, picks = np.zeros(len(dev)), np.zeros(len(dev)), []
for k in range(5):
    tr_ = folds != k
    best = max(range(len(configs)), key=lambda i: (obj(configs[i][1], configs[i][2], tr_), -i))
    picks.append(configs[best][0]); te = folds == k
    np_[te], nh[te] = configs[best][1][te], configs[best][2][te]
print("nested: sub P@1 %.3f cat Hit@3 %.3f picks %s" % (np_.mean(), nh.mean(), picks))
best = max(range(len(configs)), key=lambda i: (obj(configs[i][1], configs[i][2], allr), -i))
print("chosen on all dev:", configs[best][0], "%.3f %.3f" % (configs[best][1].mean(), configs[best][2].mean()))
