"""Random search of the lexical classifier's parameters on the development titles, with nested selection
(experiment, not a test).

Run:  PYTHONPATH=src python experiments/param_search.py [--configs N] [--seed S] [--heldout]

Development titles = the sample catalog + tuning.csv (distinct titles; a title's gold is the union of its
places). The held-out fixtures are NOT used for selection. The lexical classifier learns nothing from titles,
so each configuration's correctness per title is computed once; "nested" selection then picks, for each of
the 5 hash folds (``fold_of``), the configuration with the best objective on the other four folds and scores
it on the fold — the honest estimate of what choosing by this search gains. The configuration chosen on all
development titles is printed with its parameters; ``--heldout`` also scores the default and the chosen
configuration on the held-out titles that are not development titles (do that once, after choosing).

Objective: subsystem Precision@1 + 0.25 * category Hit@3 (the issue's two targets; subsystem first).
Parameters searched (minestd.classify.lexindex.LexicalParams, passed to each classifier built):
field weights (name = alt_name, keyword, priority, description, structure), LENGTH_FACTOR[3] and [4],
MAX_DF_SHARE, CONTEXT, TERM_BONUS, SHARPNESS, PRUNE.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
from pathlib import Path

import numpy as np

import minestd.classify.lexical as lexical
from minestd.classify.lexindex import LexicalParams
from minestd.classify.base import normalise_title
from minestd.classify.evaluate import fold_of, gold_nodes
from minestd.data import default_taxonomy, load_catalog
from minestd.entry import Entry

ROOT = Path(__file__).resolve().parents[1]
CLS = ROOT / "tests" / "fixtures" / "classify"
TX = default_taxonomy()
K = 5
DEFAULT = {"name": 3.0, "keyword": 3.0, "priority": 2.0, "description": 0.6, "structure": 0.4, "lf3": 1.6,
           "lf4": 2.2, "max_df": 0.2, "context": 0.4, "term_bonus": 1.5, "sharpness": 2.0, "prune": 0.08}


#: development titles that left the sample catalog on 2026-12-06 (their only sources were spam mirrors)
LEFT_THE_CATALOG = ("金属非金属地下矿山紧急避险系统建设规范", "金属非金属地下矿山通信联络系统建设规范")


def fixture(name: str) -> list[Entry]:
    with open(CLS / name, encoding="utf-8") as fh:
        return [Entry(row=i, designation=r["designation"], title=r["title"], nodes=tuple(r["nodes"].split(";")))
                for i, r in enumerate(csv.DictReader(fh), start=2)]


def merged(entries: list[Entry]) -> list[Entry]:
    """Distinct normalised titles; the gold of a repeated title is the union of its places."""
    out: dict[str, Entry] = {}
    for e in entries:
        title, gold = normalise_title(e.title), gold_nodes(e, TX)
        if not title or not gold:
            continue
        if title in out:
            gold = list(dict.fromkeys([*out[title].nodes, *gold]))
        out[title] = Entry(row=e.row, title=title, nodes=tuple(gold))
    return list(out.values())


def sample(rng: random.Random) -> dict[str, float]:
    f = lambda: math.exp(rng.uniform(math.log(1 / 3), math.log(3)))  # noqa: E731 - a multiplicative factor
    lf3 = rng.uniform(1.0, 3.0)
    return {"name": 3.0 * f(), "keyword": 3.0 * f(), "priority": 2.0 * f(), "description": 0.6 * f(),
            "structure": 0.4 * f(), "lf3": lf3, "lf4": rng.uniform(lf3, 5.0), "max_df": rng.uniform(0.05, 0.4),
            "context": rng.uniform(0.0, 1.0), "term_bonus": rng.uniform(0.0, 4.0), "sharpness": rng.uniform(1.0, 4.0),
            "prune": rng.uniform(0.02, 0.2)}


def nearby(rng: random.Random, scale: float = 0.35) -> dict[str, float]:
    """A configuration near the defaults: each parameter times exp(U(-scale, scale)) (bounded where needed)."""
    p = {k: v * math.exp(rng.uniform(-scale, scale)) for k, v in DEFAULT.items()}
    p["lf4"] = max(p["lf4"], p["lf3"])
    p["context"], p["max_df"] = min(p["context"], 1.0), min(p["max_df"], 0.5)
    return p


def configure(p: dict[str, float]) -> lexical.LexicalClassifier:
    """The lexical classifier with the parameters ``p`` (passed in: the module constants stay as they are)."""
    params = LexicalParams(
        field_weights={**lexical.FIELD_WEIGHTS, "name": p["name"], "alt_name": p["name"], "keyword": p["keyword"],
                       "priority": p["priority"], "description": p["description"], "structure": p["structure"]},
        length_factor={2: 1.0, 3: p["lf3"], 4: p["lf4"]}, max_df_share=p["max_df"], context=p["context"],
        term_bonus=p["term_bonus"], sharpness=p["sharpness"], prune=p["prune"])
    return lexical.LexicalClassifier(TX, params=params)


def correctness(p: dict[str, float], items: list[Entry]) -> tuple[np.ndarray, np.ndarray]:
    """(subsystem P@1, category Hit@3) per title, 0/1, with the parameters ``p``."""
    return scores(configure(p), items)


def scores(clf, items: list[Entry]) -> tuple[np.ndarray, np.ndarray]:
    """(subsystem P@1, category Hit@3) per title of ``items``, 0/1, for a classifier."""
    titles = [e.title for e in items]
    subs = clf.classify(titles, top=3, level="subsystem", explain=False)
    cats = clf.classify(titles, top=3, level="category", explain=False)
    p1, h3 = np.zeros(len(items)), np.zeros(len(items))
    for i, (e, s, c) in enumerate(zip(items, subs, cats)):
        gold_sub = {n.split(".")[0] for n in e.nodes}
        gold_cat = {".".join(n.split(".")[:2]) for n in e.nodes if n.count(".") >= 1}
        p1[i] = bool(s.suggestions) and s.suggestions[0].id in gold_sub
        h3[i] = bool(gold_cat & {x.id for x in c.suggestions[:3]})
    return p1, h3


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", type=int, default=600)
    ap.add_argument("--seed", type=int, default=20261124)
    ap.add_argument("--local", action="store_true", help="sample near the defaults instead of the wide ranges")
    ap.add_argument("--heldout", action="store_true", help="also score default and chosen on held-out titles")
    ap.add_argument("--save", type=Path, help="write every configuration's per-title results (JSON)")
    args = ap.parse_args()
    dev = merged(list(load_catalog().entries) + fixture("tuning.csv"))
    folds = np.array([fold_of(e, K) for e in dev])
    rng = random.Random(args.seed)
    configs = [DEFAULT] + [(nearby if args.local else sample)(rng) for _ in range(args.configs)]
    P1, H3 = [], []
    for n, p in enumerate(configs):
        a, b = correctness(p, dev)
        P1.append(a)
        H3.append(b)
        if n % 100 == 0:
            print(f"  {n}/{len(configs)}", file=sys.stderr)
    P1, H3 = np.array(P1), np.array(H3)
    obj = lambda rows: P1[:, rows].mean(axis=1) + 0.25 * H3[:, rows].mean(axis=1)  # noqa: E731
    everything = np.ones(len(dev), bool)
    print(f"development titles: {len(dev)}; configurations: {len(configs)} (0 = current defaults)")
    print(f"default: subsystem P@1 {P1[0].mean():.3f}, category Hit@3 {H3[0].mean():.3f}")
    print(f"search range of subsystem P@1 over configurations: {P1.mean(axis=1).min():.3f}–{P1.mean(axis=1).max():.3f}")
    nested_p1, nested_h3, picks = np.zeros(len(dev)), np.zeros(len(dev)), []
    for k in range(K):
        train, test = folds != k, folds == k
        best = int(np.argmax(obj(train)))
        picks.append(best)
        nested_p1[test], nested_h3[test] = P1[best, test], H3[best, test]
    print(f"nested selection (5 folds): subsystem P@1 {nested_p1.mean():.3f}, category Hit@3 {nested_h3.mean():.3f};"
          f" picks {picks}")
    chosen = int(np.argmax(obj(everything)))
    print(f"chosen on all development titles: #{chosen}: subsystem P@1 {P1[chosen].mean():.3f}, "
          f"category Hit@3 {H3[chosen].mean():.3f} (optimistic: selected on these titles)")
    print("parameters:", json.dumps({k: round(v, 3) for k, v in configs[chosen].items()}))
    if args.save:
        args.save.write_text(json.dumps({"configs": configs, "p1": P1.tolist(), "h3": H3.tolist(),
                                         "titles": [e.title for e in dev]}, ensure_ascii=False))
    if args.heldout:
        seen = {e.title for e in dev}
        held = [e for e in merged(fixture("heldout.csv")) if e.title not in seen]
        for label, p in (("default", DEFAULT), (f"chosen #{chosen}", configs[chosen])):
            a, b = correctness(p, held)
            print(f"held-out not in development ({len(held)}), {label}: subsystem P@1 {a.mean():.3f} "
                  f"({int(a.sum())}), category Hit@3 {b.mean():.3f}")


if __name__ == "__main__":
    main()
