"""A subsystem model learned from the guide's own texts (pure: no IO).

Every text the taxonomy holds for a node — its name, alternative names, curated keywords, next-step priority
texts and the clauses of its description — is a short labelled document of that node's subsystem (1,694 of
them for guide-2024; the priority texts are themselves titles of standards the guide wants). A multinomial
logistic regression on their character 1–3-grams (content segments, IDF-weighted, rows L2-normalised) learns
which pieces of a title speak for which of the 15 subsystems. No title of any catalog is used, so the model is
part of "the taxonomy itself", like the lexical classifier's index.

Training takes a few seconds, so the model of the embedded edition is generated once
(``minestd train --guide --output taxonomy/guide-2024/subsystem-model.json``) and shipped; its ``digest``
(of the documents and the parameters) tells when the taxonomy's texts changed and it must be made again.

The model is a plain JSON-able dict, versioned::

    {"format": "minestd-subsystem-model", "version": 1, "taxonomy": {...}, "params": {"lambda": 3e-05,
     "iterations": 1000, "ngrams": [1, 3]}, "digest": "…", "documents": 1694, "extra_documents": 0,
     "subsystems": ["01", …],
     "vocabulary": ["矿", …], "idf": […], "weights": [[…15 floats…], …], "bias": […]}
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .features import SEGMENT_CHARS, content_text, ngrams

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

MODEL_FORMAT = "minestd-subsystem-model"
MODEL_VERSION = 1
#: L2 regularisation and accelerated-gradient iterations (chosen on the development titles: the sample
#: catalog and tuning.csv; docs/experiments/classify-guide-model.md).
LAMBDA = 3e-5
ITERATIONS = 1000
NGRAMS = (1, 3)
PROGRESS_EVERY = 25              # iterations between two progress(done, total) calls
_CLAUSE_RE = re.compile("[。；;]")
_SEPARATOR_RE = re.compile(f"[^{SEGMENT_CHARS}\x01]+")
_BITS = 21                       # every code point fits; 3 characters fit in 63 bits


def _pack(gram: str) -> int:
    """An n-gram (1–3 characters) as one integer: its code points, _BITS bits each (the first never 0)."""
    value = 0
    for char in gram:
        value = (value << _BITS) | ord(char)
    return value


class SubsystemModelError(ValueError):
    """A subsystem-model dict this version cannot use; the message says why and what to do."""


def documents(tx: "Taxonomy", level: str = "subsystem") -> list[tuple[str, str]]:
    """(text, subsystem id) for every node text except the subsystems' structure sentences (which name the
    categories of other branches too); descriptions are cut into clauses of 4+ characters. Guide order.
    ``level="category"``: (text, category id) for the texts of the categories and the nodes under them."""
    from .lexical import node_texts

    depth = _LEVEL_DEPTH.get(level)
    if depth is None:
        raise ValueError(f"unknown level '{level}': use subsystem or category")
    out: list[tuple[str, str]] = []
    for node, items in node_texts(tx).items():
        parts = node.split(".")
        if len(parts) < depth:
            continue
        label = ".".join(parts[:depth])
        for item in items:
            if item.field == "structure":
                continue
            if item.field == "description":
                out += [(clause, label) for clause in _CLAUSE_RE.split(item.text) if len(clause) >= 4]
            else:
                out.append((item.text, label))
    return [(text, label) for text, label in out if grams(text)]


_LEVEL_DEPTH = {"subsystem": 1, "category": 2}


def grams(text: str) -> set[str]:
    """The model's features of a text: :func:`~minestd.classify.features.ngrams` of :data:`NGRAMS` lengths."""
    return ngrams(text, *NGRAMS)


def digest(docs: list[tuple[str, str]], params: dict[str, Any]) -> str:
    """What the model is made from: the documents and the training parameters."""
    text = json.dumps({"documents": docs, "params": params}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _params(lam: float, iterations: int) -> dict[str, Any]:
    return {"lambda": lam, "iterations": iterations, "ngrams": list(NGRAMS)}


def current_digest(tx: "Taxonomy", lam: float = LAMBDA, iterations: int = ITERATIONS) -> str:
    return digest(documents(tx), _params(lam, iterations))


def train_subsystem_model(tx: "Taxonomy", *, extra: Sequence[tuple[str, str]] = (), lam: float = LAMBDA,
                          iterations: int = ITERATIONS,
                          progress: Callable[[int, int], None] | None = None,
                          level: str = "subsystem") -> dict[str, Any]:
    """Learn the subsystem model from ``tx``'s own texts (deterministic; a few seconds). ``extra``: more
    labelled documents, (text, subsystem id) — the trained classifier adds the titles of placed entries (time
    grows with them: ~50 s for 5,000). ``progress(done, total)`` is called as the iterations go.
    ``level="category"``: the same model over the categories (its "subsystems" are then category ids; used by
    experiments/category_model_cv.py)."""
    added = [(text, sub) for text, sub in extra if grams(text)]
    docs, extra_count = documents(tx, level) + added, len(added)
    subsystems = [n.id for n in tx.subsystems()] if level == "subsystem" else sorted({c for _, c in docs})
    column = {s: k for k, s in enumerate(subsystems)}
    gram_sets = [sorted(grams(text)) for text, _ in docs]
    vocabulary = sorted({g for gs in gram_sets for g in gs})
    index = {g: j for j, g in enumerate(vocabulary)}
    n, size = len(docs), len(vocabulary)
    rows = np.repeat(np.arange(n), [len(gs) for gs in gram_sets])
    cols = np.fromiter((index[g] for gs in gram_sets for g in gs), dtype=np.int64, count=len(rows))
    df = np.bincount(cols, minlength=size).astype(float)
    idf = np.log((n + 1) / (df + 1)) + 1.0
    values = idf[cols]
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n))
    values = values / norms[rows]
    targets = np.zeros((n, len(subsystems)))
    targets[np.arange(n), [column[s] for _, s in docs]] = 1.0
    weights, bias = fit_logistic(rows, cols, values, n, size, targets, lam, iterations, progress)
    return {"format": MODEL_FORMAT, "version": MODEL_VERSION,
            "taxonomy": {"edition": tx.edition.edition, "document_number": tx.edition.document_number},
            "params": _params(lam, iterations), "digest": digest(docs, _params(lam, iterations)),
            "documents": n, "extra_documents": extra_count, "subsystems": subsystems, "vocabulary": vocabulary,
            "idf": [float(f"{v:.6g}") for v in idf],
            "weights": [[float(f"{v:.6g}") for v in row] for row in weights],
            "bias": [float(f"{v:.6g}") for v in bias]}


def fit_logistic(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, n: int, size: int,
                 targets: np.ndarray, lam: float, iterations: int,
                 progress: Callable[[int, int], None] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """L2-regularised multinomial logistic regression (the bias is not regularised) by Nesterov's accelerated
    gradient with a fixed step 1/L; the sparse products are sums per class (``np.bincount``) in fixed order.
    ``rows``/``cols``/``values``: the n × size document-feature matrix (coordinates); ``targets``: n × classes.
    Returns (weights size × classes, bias)."""
    classes = targets.shape[1]
    by_col = np.argsort(cols, kind="stable")
    col_rows, col_values = rows[by_col], values[by_col]
    col_cols = cols[by_col]

    def forward(w: np.ndarray) -> np.ndarray:          # X @ w, documents x classes
        wt = w.T
        return np.stack([np.bincount(rows, weights=wt[k][cols] * values, minlength=n)
                         for k in range(w.shape[1])], axis=1)

    def backward(g: np.ndarray) -> np.ndarray:         # X.T @ g, features x classes
        gt = g.T
        return np.stack([np.bincount(col_cols, weights=gt[k][col_rows] * col_values, minlength=size)
                         for k in range(g.shape[1])], axis=1)

    # the step: L = ||[X 1]||_2^2 / (2n) + lambda, the spectral norm by power iteration
    v = np.ones(size + 1) / math.sqrt(size + 1)
    sigma2 = 0.0
    for _ in range(100):
        xv = forward(v[:-1, None])[:, 0] + v[-1]
        u = np.concatenate([backward(xv[:, None])[:, 0], [xv.sum()]])
        sigma2 = float(np.linalg.norm(u))
        v = u / sigma2
    step = 1.0 / (0.5 * sigma2 / n + lam)
    w, b = np.zeros((size, classes)), np.zeros(classes)
    vw, vb, t = w.copy(), b.copy(), 1.0
    for done in range(iterations):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, iterations)
        z = forward(vw) + vb
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        d = (p - targets) / n
        w_new = vw - step * (backward(d) + lam * vw)
        b_new = vb - step * d.sum(axis=0)
        t_new = (1 + math.sqrt(1 + 4 * t * t)) / 2
        vw = w_new + (t - 1) / t_new * (w_new - w)
        vb = b_new + (t - 1) / t_new * (b_new - b)
        w, b, t = w_new, b_new, t_new
    if progress is not None:
        progress(iterations, iterations)
    return w, b


def check_subsystem_model(model: Any, tx: "Taxonomy | None" = None, *, fresh: bool = False) -> dict[str, Any]:
    """Validate a model dict; with ``fresh``, also that it was made from ``tx``'s current texts."""
    if not isinstance(model, dict) or model.get("format") != MODEL_FORMAT:
        raise SubsystemModelError('not a minestd subsystem model (missing "format": "minestd-subsystem-model")')
    if model.get("version") != MODEL_VERSION:
        raise SubsystemModelError(f"subsystem model version {model.get('version')!r} is not supported (this "
                                  f"minestd reads version {MODEL_VERSION}); make it again with 'minestd train "
                                  "--guide --output MODEL'")
    vocabulary, weights = model.get("vocabulary"), model.get("weights")
    subsystems = model.get("subsystems")
    if not (isinstance(vocabulary, list) and isinstance(weights, list) and isinstance(subsystems, list)
            and len(vocabulary) == len(weights) == len(model.get("idf") or ())
            and all(isinstance(row, list) and len(row) == len(subsystems) for row in weights)
            and len(model.get("bias") or ()) == len(subsystems)):
        raise SubsystemModelError("subsystem model arrays do not fit together (vocabulary, idf, weights, bias)")
    if tx is not None:
        if subsystems != [n.id for n in tx.subsystems()]:
            raise SubsystemModelError("subsystem model's subsystems are not this taxonomy's; make it again with "
                                      "'minestd train --guide --output MODEL'")
        params = model.get("params") or {}
        if fresh and model.get("digest") != current_digest(tx, params.get("lambda", LAMBDA),
                                                           params.get("iterations", ITERATIONS)):
            raise SubsystemModelError("subsystem model is stale: the taxonomy's texts changed since it was made; "
                                      "make it again with 'minestd train --guide --output MODEL'")
    return model


class SubsystemModel:
    """Probabilities of the 15 subsystems for a title (from :func:`train_subsystem_model`'s dict, checked —
    against ``tx`` too when given)."""

    def __init__(self, model: dict[str, Any], tx: "Taxonomy | None" = None):
        check_subsystem_model(model, tx)
        self.model = model
        self.subsystems: tuple[str, ...] = tuple(model["subsystems"])
        self.index = {g: j for j, g in enumerate(model["vocabulary"])}
        self.idf = np.asarray(model["idf"], dtype=float)
        self.weights = np.asarray(model["weights"], dtype=float)
        self.bias = np.asarray(model["bias"], dtype=float)
        self._uniform = dict.fromkeys(self.subsystems, 1.0 / len(self.subsystems))
        # for batches: each n-gram packed into one integer (_BITS bits a character), sorted, with its index
        packed = np.array([_pack(g) for g in model["vocabulary"]], dtype=np.uint64)
        order = np.argsort(packed, kind="stable")
        self._keys, self._key_ids = packed[order], order.astype(np.int64)
        self._columns = [np.ascontiguousarray(self.weights[:, k]) for k in range(len(self.subsystems))]

    def probabilities_many(self, titles: "list[str]") -> list[dict[str, float]]:
        """:meth:`probabilities` of each title, computed together: the titles' content segments are joined
        into one text, its windows of 1–3 characters packed into integers and looked up among the model's
        n-grams (sorted, packed the same way), then one sparse product per subsystem gives the logits."""
        out = [dict(self._uniform) for _ in titles]
        if not titles:
            return out
        # what content_segments keeps of each title; everything else, and each title's end (\x01), is a
        # character that is in no n-gram, so no window across it matches
        text = _SEPARATOR_RE.sub("\x00", content_text("\x01".join(t.replace("\x01", " ") for t in titles) + "\x01"))
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        ends = np.flatnonzero(codes == 1)
        keys, ids, size = self._keys, self._key_ids, len(self.index)
        found_rows, found_ids = [], []
        window = codes
        for length in range(NGRAMS[0], NGRAMS[1] + 1):
            if length > 1:
                window = (window[:-1] << np.uint64(_BITS)) | codes[length - 1:]
            slot = np.minimum(np.searchsorted(keys, window), len(keys) - 1)
            hit = np.flatnonzero(keys[slot] == window)
            found_rows.append(np.searchsorted(ends, hit))
            found_ids.append(ids[slot[hit]])
        pairs = np.unique(np.concatenate(found_rows) * size + np.concatenate(found_ids))   # distinct, by title
        if not len(pairs):
            return out
        rows, cols = pairs // size, pairs % size
        values = self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(titles)))
        values = values / norms[rows]
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        z = np.stack([np.add.reduceat(column[cols] * values, starts) for column in self._columns], axis=1)
        z += self.bias
        z = np.exp(z - z.max(axis=1, keepdims=True))
        z /= z.sum(axis=1, keepdims=True)
        subsystems = self.subsystems
        for k, row in zip(rows[starts].tolist(), z.tolist()):
            out[k] = dict(zip(subsystems, row))
        return out

    def probabilities(self, title: str) -> dict[str, float]:
        """subsystem id -> probability (sums to 1; uniform when no piece of the title is known)."""
        index = self.index
        known = [j for j in (index.get(g) for g in grams(title)) if j is not None]
        if not known:
            return dict(self._uniform)
        x = self.idf[known]
        z = (x / math.sqrt(float(x @ x))) @ self.weights[known] + self.bias
        z = np.exp(z - z.max())
        p = (z / z.sum()).tolist()
        return dict(zip(self.subsystems, p))
