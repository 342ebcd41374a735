"""Variants of the hybrid's subsystem model on the development titles (experiment, not a test; record in
docs/experiments/classify-guide-model.md): n-gram range 1-3 / 1-4 / 2-4, the subsystems' structure sentences in or
out, class-balanced targets (scaled one-hot rows; they no longer sum to 1, so that variant is not a fair test of
balancing). Trained with minestd.classify.guide_model.fit_logistic. Run: PYTHONPATH=src python
experiments/guide_model_variants.py  (about 6 minutes)
"""
import sys, re
import numpy as np
sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
import param_search as ps
from minestd.classify.guide_model import fit_logistic
from minestd.classify.lexical import node_texts, LexicalClassifier
from minestd.classify.features import content_segments
from minestd.data import load_catalog
TX = ps.TX
SUBS = [n.id for n in TX.subsystems()]; SI = {s: i for i, s in enumerate(SUBS)}
CATS = [n.id for n in TX.walk() if n.kind != "root" and n.depth == 2]; CI = {c: i for i, c in enumerate(CATS)}
def make_docs(structure):
    docs = []
    for node, items in node_texts(TX).items():
        sub = node.split(".")[0]
        for it in items:
            if it.field == "structure" and not structure: continue
            if it.field in ("description", "structure"):
                docs += [(c, sub) for c in re.split(r"[。；;，,、]" if it.field == "structure" else r"[。；;]", it.text) if len(c) >= 4]
            else:
                docs.append((it.text, sub))
    return docs
def grams(t, a, b):
    out = set()
    for seg in content_segments(t):
        for n in range(a, b + 1):
            for i in range(len(seg) - n + 1): out.add(seg[i:i+n])
    return out
dev = ps.merged(list(load_catalog().entries) + ps.fixture("tuning.csv"))
folds = np.array([ps.fold_of(e, 5) for e in dev])
lex = LexicalClassifier(TX)
S = np.zeros((len(dev), len(SUBS))); C = np.zeros((len(dev), len(CATS)))
for i, r in enumerate(lex.classify([e.title for e in dev], top=15, level="subsystem", explain=False)):
    for s in r.suggestions: S[i, SI[s.id]] = s.score
for i, r in enumerate(lex.classify([e.title for e in dev], top=60, level="category", explain=False)):
    for s in r.suggestions: C[i, CI[s.id]] = s.score
gs = [{n.split(".")[0] for n in e.nodes} for e in dev]
gc = [{".".join(n.split(".")[:2]) for n in e.nodes if "." in n} for e in dev]
sub_of_cat = np.array([SI[c.split(".")[0]] for c in CATS])
def hybrid(P, a):
    tot = S.sum(1, keepdims=True); B = np.where(tot > 0, S / np.where(tot > 0, tot, 1), 0)
    F = (1 - a) * B + a * P
    ratio = np.where(S > 0, F / np.where(S > 0, S, 1), 0)
    return F, C * ratio[:, sub_of_cat]
def correct(F, Cc):
    p1 = np.array([SUBS[int(np.argmax(F[i]))] in gs[i] if F[i].max() > 0 else False for i in range(len(dev))], float)
    h3 = np.array([bool(gc[i] & {CATS[j] for j in np.argsort(-Cc[i], kind="stable")[:3] if Cc[i, j] > 0}) for i in range(len(dev))], float)
    return p1, h3
configs = []
for structure in (False, True):
    docs = make_docs(structure)
    for (na, nb) in ((1, 3), (1, 4), (2, 4)):
        tr = [grams(t, na, nb) for t, _ in docs]
        keep = [k for k, s in enumerate(tr) if s]
        tr = [tr[k] for k in keep]; labels = [docs[k][1] for k in keep]
        vocab = sorted({g for s in tr for g in s}); idx = {g: i for i, g in enumerate(vocab)}
        n = len(tr)
        rows = np.repeat(np.arange(n), [len(g) for g in tr])
        cols = np.fromiter((idx[g] for gs_ in tr for g in sorted(gs_)), dtype=np.int64, count=len(rows))
        df = np.bincount(cols, minlength=len(vocab)).astype(float)
        w = np.log((n + 1) / (df + 1)) + 1.0
        vals = w[cols]; nr = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=n)); vals = vals / nr[rows]
        def devP(W, b):
            P = np.zeros((len(dev), len(SUBS)))
            for i, e in enumerate(dev):
                ks = [idx[g] for g in grams(e.title, na, nb) if g in idx]
                if not ks: P[i] = 1 / len(SUBS); continue
                x = w[ks]; z = (x / np.sqrt(x @ x)) @ W[ks] + b; z = np.exp(z - z.max()); P[i] = z / z.sum()
            return P
        for balance in (False, True):
            Y = np.zeros((n, len(SUBS)))
            for r, s in enumerate(labels): Y[r, SI[s]] = 1
            if balance:
                counts = Y.sum(0); Y = Y * (n / (len(SUBS) * counts))   # class-balanced soft targets
            for lam in (3e-5, 1e-4):
                W, b = fit_logistic(rows, cols, vals, n, len(vocab), Y, lam, 1000)
                P = devP(W, b)
                for a in (0.7, 0.8, 0.9):
                    configs.append(((structure, na, nb, balance, lam, a), *correct(*hybrid(P, a))))
        print("done", structure, na, nb, flush=True)
obj = lambda p1, h3, rows: p1[rows].mean() + 0.25 * h3[rows].mean()
for cfg, p1, h3 in configs:
    if cfg[4] == 3e-5 and cfg[5] == 0.8: print(cfg, "%.3f %.3f" % (p1.mean(), h3.mean()))
np_, nh, picks = np.zeros(len(dev)), np.zeros(len(dev)), []
for k in range(5):
    tr_ = folds != k
    best = max(range(len(configs)), key=lambda i: (obj(configs[i][1], configs[i][2], tr_), -i))
    picks.append(configs[best][0]); te = folds == k
    np_[te], nh[te] = configs[best][1][te], configs[best][2][te]
print("nested over variants: %.3f %.3f" % (np_.mean(), nh.mean()), picks)
allr = np.ones(len(dev), bool)
best = max(range(len(configs)), key=lambda i: (obj(configs[i][1], configs[i][2], allr), -i))
print("best on all dev", configs[best][0], "%.3f %.3f" % (configs[best][1].mean(), configs[best][2].mean()))
