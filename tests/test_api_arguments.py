"""Public functions check their arguments and raise TypeError / ValueError naming the parameter (never a silent
wrong answer such as classify(b"GB") returning titles '71' and '66')."""
from __future__ import annotations

import datetime as dt

import pytest

from minestd.classify import classify
from minestd.coverage import analyse
from minestd.designation import parse
from minestd.entry import Catalog, Entry
from minestd.gapeval import evaluate_links
from minestd.gaps import gap_report
from minestd.placement import place
from minestd.io.catalog import read_catalog, write_catalog
from minestd.io.copies import write_converted_copy, write_fixed_copy
from minestd.language import one_language
from minestd.lookup import search_catalog, standards_at
from minestd.schemas import schema
from minestd.progress import compare
from minestd.validate import validate


@pytest.mark.parametrize("call, error, words", [
    (lambda tx: classify(b"GB", tx), TypeError, "titles must be a str or an iterable of str, not bytes"),
    (lambda tx: classify(["煤矿", 3], tx), TypeError, "titles must hold str only, found int"),
    (lambda tx: classify(5, tx), TypeError, "titles must be a str or an iterable of str, not int"),
    (lambda tx: classify("煤矿", tx, top=0), ValueError, "top must be a whole number of at least 1"),
    (lambda tx: classify("煤矿", tx, level="node"), ValueError, "level must be one of subsystem, category"),
    (lambda tx: parse(b"GB/T 1-2020"), TypeError, "raw must be a str"),
    (lambda tx: parse("GB/T 1-2020", today=2025), TypeError, "today must be a datetime.date, not int"),
    (lambda tx: analyse(tx, "catalog.csv"), TypeError, "entries must be a Catalog or an iterable of Entry, not str"),
    (lambda tx: analyse(tx, [], threshold="0.5"), TypeError, "threshold must be a number, not str"),
    (lambda tx: analyse(tx, [], today="2025-01-01"), TypeError, "today must be a datetime.date, not str"),
    (lambda tx: validate("catalog.csv", tx), TypeError, "entries must be an iterable of Entry, not str"),
    (lambda tx: validate([{"title": "x"}], tx), TypeError, "entries must hold Entry objects"),
    (lambda tx: validate([], tx, today="2025"), TypeError, "today must be a datetime.date, not str"),
    (lambda tx: validate([], tx, workers=-1), ValueError, "workers must be a whole number of at least 0"),
    (lambda tx: place("catalog.csv", tx), TypeError, "entries must be a Catalog or an iterable of Entry, not str"),
    (lambda tx: place([{"title": "煤矿"}], tx), TypeError, "entries must hold Entry objects"),
    (lambda tx: place([], tx, low="0.5"), TypeError, "low must be a number, not str"),
    (lambda tx: place([], tx, classifier=5), TypeError, "classifier must be a Classifier or its name, not int"),
    (lambda tx: gap_report(tx, "catalog.csv"), TypeError, "catalog must be a Catalog or an iterable of Entry, not str"),
    (lambda tx: gap_report(tx, [{"title": "煤矿"}]), TypeError, "catalog must hold Entry objects"),
    (lambda tx: gap_report(tx, [], low=2), ValueError, "low must be between 0 and 1, got 2"),
    (lambda tx: evaluate_links(tx, "gold.csv"), TypeError, "entries must be a Catalog or an iterable of Entry"),
    (lambda tx: evaluate_links(tx, [], modes="with_nodes"), TypeError, "modes must be a sequence of mode names"),
    (lambda tx: evaluate_links(tx, [{"title": "煤矿"}]), TypeError, "entries must hold Entry objects"),
    (lambda tx: read_catalog(b"x.csv"), TypeError, "path must be a str or a pathlib.Path, not bytes"),
    (lambda tx: read_catalog(None), TypeError, "path must be a str or a pathlib.Path, not NoneType"),
    (lambda tx: read_catalog("x.xlsx", sheet=2), TypeError, "sheet must be a str (a sheet name, or a 1-based number"),
    (lambda tx: read_catalog("x.csv", columns="编号=designation"), TypeError, "columns must be a mapping"),
    (lambda tx: read_catalog("x.csv", require="title"), TypeError, "require must be a sequence of field names"),
    (lambda tx: write_catalog("GB 1", "x.csv"), TypeError, "source must be a Catalog or an iterable of Entry, not str"),
    (lambda tx: write_catalog([], 5), TypeError, "path must be a str or a pathlib.Path, not int"),
    (lambda tx: search_catalog([], "x", limit=0), ValueError, "limit must be a whole number of at least 1"),
    (lambda tx: compare(gap_report(tx, []), []), TypeError, "previous must be the JSON object of a gap report"),
    (lambda tx: analyse(tx, [1]), TypeError, "entries must hold Entry objects"),
    (lambda tx: analyse(tx, [], node=5), TypeError, "node must be a node id (str) such as '05', not int"),
    (lambda tx: one_language(5, "zh"), TypeError, "text must be a str, not int"),
    (lambda tx: write_fixed_copy([], (), "x.csv"), TypeError, "catalog must be a Catalog"),
    (lambda tx: write_converted_copy(None, "x.csv"), TypeError, "catalog must be a Catalog"),
    (lambda tx: schema(["gaps"]), TypeError, "name must be a str such as 'gaps', not list"),
    (lambda tx: standards_at(gap_report(tx, []), 5), TypeError, "ident must be a node id (str)"),
])
def test_wrong_arguments_name_the_parameter(tx, call, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        call(tx)


def test_right_arguments_still_work(tx):
    assert classify(("煤矿用自救器",), tx)[0].top.id.startswith("12.02")
    assert parse(15259).raw == "15259"            # numbers from Excel are read as text, as documented
    assert analyse(tx, (Entry(row=2, title="矿井瓦斯涌出量预测方法", status="current", nodes=("05.02.02",)),),
                   today=dt.date(2025, 6, 30)).priority("05.02-p08").status == "covered"


def test_gap_functions_take_a_catalog_or_entries(tx):
    rows = (Entry(row=2, title="矿井瓦斯涌出量预测方法", status="current"),)
    assert [p.index for p in place(Catalog(entries=rows), tx)] == [p.index for p in place(iter(rows), tx)] == [0]
    assert gap_report(tx, Catalog(entries=rows, source="c.csv"), today=dt.date(2025, 6, 30)).summary.catalog == "c.csv"
