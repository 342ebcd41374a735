"""The review loop: every inferred placement and link written with its evidence and an 采纳/拒绝 column; the
filled file applied on later runs without touching the catalog; the links as SSSOM TSV."""
from __future__ import annotations

import csv
import hashlib
import io

import pytest
import yaml

from conftest import FIXTURES
from minestd.gaps import gap_report
from minestd.io.catalog import read_catalog
from minestd.io.reviewfile import load_decisions, read_review, review_csv, review_xlsx
from minestd.review import ReviewError, decisions_from, review_rows

NO_NODES = FIXTURES / "coverage" / "no-nodes.csv"


@pytest.fixture(scope="module")
def catalog():
    return read_catalog(NO_NODES)


def test_every_inferred_thing_is_a_row_with_its_evidence(tx, catalog):
    rows = review_rows(gap_report(tx, catalog), tx)
    kinds = {(r.kind, r.row, r.target) for r in rows}
    assert ("placement", 4, "05.01") in kinds and ("link", 4, "05.01-p02") in kinds
    assert ("near", 5, "06.02-p04") in kinds                           # a candidate below the threshold
    assert all(r.decision == "" for r in rows)
    placement = next(r for r in rows if r.kind == "placement" and r.row == 4)
    assert placement.basis == "classifier" and "瓦斯地质图编制" in placement.evidence


def _decide(rows, choices):
    out = []
    for r in rows:
        d = r.model_dump()
        d["decision"] = choices.get((r.kind, r.row, r.target), "")
        out.append(d)
    return out


def test_decisions_apply_on_later_runs_and_the_catalog_is_untouched(tx, catalog):
    before = hashlib.sha256(NO_NODES.read_bytes()).hexdigest()
    rows = review_rows(gap_report(tx, catalog), tx)
    filled = _decide(rows, {("placement", 2, "13.04.01"): "采纳", ("link", 5, "06.02-p01"): "拒绝",
                            ("near", 5, "06.02-p04"): "采纳", ("placement", 3, "05.04.01"): "拒绝"})
    decisions = decisions_from(filled, tx)
    report = gap_report(tx, catalog, decisions=decisions)
    s = report.summary
    assert (s.reviewed_placements, s.inferred_placements) == (1, 3)             # row 3 rejected: left unplaced
    assert {e.row: e.placement for e in report.entries if e.nodes} == {2: "reviewed", 4: "inferred",
                                                                        5: "inferred", 6: "inferred"}
    assert report.priority("06.02-p01").status == "gap"                         # rejected link never made again
    accepted = report.priority("06.02-p04").standards
    assert [(lk.link, lk.basis, lk.row) for lk in accepted] == [("explicit", "reviewed", 5)]
    assert hashlib.sha256(NO_NODES.read_bytes()).hexdigest() == before
    # decisions survive --no-place: the accepted placement is used, nothing else placed
    report = gap_report(tx, catalog, decisions=decisions, place_entries=False)
    assert [p.row for p in report.placements] == [2]


def test_bad_decisions_name_the_row_and_the_fix(tx):
    with pytest.raises(ReviewError, match=r"review, row 7, field 决定 decision: unknown decision '也许' — write 采纳"):
        decisions_from([{"kind": "link", "target": "05.02-p01", "decision": "也许", "_row": 7}], tx)
    with pytest.raises(ReviewError, match="'05.02-p99' is not a priority id"):
        decisions_from([{"kind": "link", "target": "05.02-p99", "decision": "采纳"}], tx)
    with pytest.raises(ReviewError, match="'05.02-p01' is not a node id"):
        decisions_from([{"kind": "placement", "target": "05.02-p01", "decision": "拒绝"}], tx)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_review_file_round_trips(tx, catalog, tmp_path, suffix):
    rows = review_rows(gap_report(tx, catalog), tx)
    path = tmp_path / f"待审核{suffix}"
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        path.write_bytes(review_xlsx(rows))
        wb = load_workbook(path)
        ws = wb.active
        assert [c.value for c in ws[1]][9] == "决定（采纳/拒绝）" and ws.data_validations.dataValidation
        ws.cell(row=2, column=10, value="采纳")
        wb.save(path)
    else:
        text = review_csv(rows)
        assert text.startswith("\ufeff类型,行,标准号")
        table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        table[1][9] = "采纳"
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(table)
    read = read_review(path)
    assert len(read) == len(rows) and read[0]["kind"] == rows[0].kind and read[0]["_row"] == 2
    decisions = load_decisions(path, tx)
    assert decisions.accepted_places == {next(iter(decisions.accepted_places)): rows[0].target}


def test_cli_review_and_decisions(invoke, tmp_path):
    from openpyxl import load_workbook

    review = tmp_path / "待审核.xlsx"
    result = invoke("gaps", str(NO_NODES), "--review", str(review), "--format", "json")
    assert result.exit_code == 0 and "wrote 11 rows to review" in result.stderr
    wb = load_workbook(review)
    ws = wb.active
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "关联 link" and row[4].value == "06.02-p01":
            row[9].value = "拒绝"
    wb.save(review)
    result = invoke("gaps", str(NO_NODES), "--decisions", str(review), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"06.02-p01"' in result.stdout and '"status": "gap"' in result.stdout
    again = invoke("gaps", str(NO_NODES), "--decisions", str(review), "--review", str(review))
    assert again.exit_code == 2 and "refusing to overwrite the input file" in again.stderr
    bad = invoke("gaps", str(NO_NODES), "--decisions", str(tmp_path / "nope.xlsx"))
    assert bad.exit_code == 2 and bad.stderr.endswith("no such file — 给出 'minestd gaps CATALOG --review FILE' "
                                                      "写出的审核文件 / give a review file written by "
                                                      "'minestd gaps CATALOG --review FILE'\n")


def test_sssom_export(invoke):
    result = invoke("gaps", str(NO_NODES), "--format", "sssom")
    assert result.exit_code == 0
    meta = yaml.safe_load("\n".join(line[2:] for line in result.stdout.splitlines() if line.startswith("# ")
                                    or line.startswith("#  ")))
    assert meta["curie_map"]["semapv"] == "https://w3id.org/semapv/vocab/" and meta["license"]
    table = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(table)), delimiter="\t"))
    assert rows and {r["predicate_id"] for r in rows} == {"skos:relatedMatch"}
    by_object = {r["object_id"]: r for r in rows}
    assert by_object["ms:p05.02-p08"]["subject_id"] == "std:AQ%201018-2006"
    assert by_object["ms:p05.02-p08"]["mapping_justification"] == "semapv:LexicalMatching"
    assert float(by_object["ms:p05.02-p08"]["confidence"]) == 1.0 and "placement inferred" in \
        by_object["ms:p05.02-p08"]["comment"]
    assert "document type method, mine scope coal" in by_object["ms:p05.02-p08"]["comment"]
    listed = invoke("gaps", "--format", "sssom").stdout
    assert "std:GB%2FT%2015259-2008\t矿山安全术语\tskos:relatedMatch\tms:p01.01-p01\t矿山安全术语\t" \
           "semapv:ManualMappingCuration" in listed
