"""MS301 (the classifier's placement check) runs in every default validation and in `minestd validate`."""
from __future__ import annotations

import json

from minestd.entry import Entry
from minestd.validate import validate

MISPLACED = Entry(row=2, designation="AQ 1071-2009", title="煤矿用非金属瓦斯输送管材安全技术要求", status="current",
                  nodes=("14.04.01",))
PLACED = Entry(row=3, designation="AQ 1066-2008", title="煤层瓦斯含量井下直接测定方法", status="current",
               nodes=("05.02.01",))


def test_default_validation_warns_when_node_disagrees_with_classifier(tx):
    report = validate([MISPLACED, PLACED], tx)
    ms301 = [f for f in report.findings if f.rule == "MS301"]
    assert [(f.row, f.severity, f.field) for f in ms301] == [(2, "warning", "nodes")]
    assert "14.04.01" in ms301[0].message and "minestd classify" in ms301[0].fix


def test_ms301_can_be_left_out_with_select(tx):
    report = validate([MISPLACED], tx, rules=["MS1", "MS2"])
    assert not any(f.rule == "MS301" for f in report.findings)


def test_cli_lists_and_reports_ms301(invoke, tmp_path):
    rules = json.loads(invoke("validate", "--rules", "--format", "json").stdout)
    assert "MS301" in {r["id"] for r in rules}
    path = tmp_path / "c.csv"
    path.write_text("designation,title,status,nodes\nAQ 1071-2009,煤矿用非金属瓦斯输送管材安全技术要求,current,14.04.01\n",
                    encoding="utf-8")
    data = json.loads(invoke("validate", str(path), "--format", "json").stdout)
    assert any(f["rule"] == "MS301" and f["row"] == 2 for f in data["findings"])
