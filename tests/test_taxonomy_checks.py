"""Loader and integrity checks on deliberately broken fixtures: one folder per check."""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from minestd.data import edition_dir, load_taxonomy
from minestd.integrity import RULES, check_taxonomy
from minestd.taxonomy import TaxonomyError

TAXO = FIXTURES / "taxonomy"

# rule -> (file, line) where the finding must point
EXPECTED = {
    "TX001": ("01-alpha.yaml", 20), "TX002": ("01-alpha.yaml", 20), "TX003": ("01-alpha.yaml", 25),
    "TX004": ("02-beta.yaml", 7), "TX005": ("02-beta.yaml", 7), "TX006": ("01-alpha.yaml", 25),
    "TX007": ("01-alpha.yaml", 11), "TX008": ("01-alpha.yaml", 15), "TX009": ("03-orphan.yaml", None),
    "TX010": ("02-beta.yaml", 1), "TX011": ("02-beta.yaml", 7), "TX012": ("system.yaml", 1),
    "TX013": ("01-alpha.yaml", 11), "TX014": ("01-alpha.yaml", 11), "TX015": ("02-beta.yaml", 1),
    "TX016": ("02-beta.yaml", 7), "TX017": ("01-alpha.yaml", 11), "TX018": ("retired.yaml", 1),
    "TX019": ("retired.yaml", 1),
}


def test_embedded_taxonomy_is_clean():
    result = check_taxonomy(edition_dir())
    assert result.readable and result.findings == ()


def test_good_fixture_is_clean():
    result = check_taxonomy(TAXO / "good")
    assert result.clean and result.findings == ()
    tx = load_taxonomy(TAXO / "good")
    assert [n.id for n in tx.walk()] == ["root", "01", "01.01", "01.02", "01.02.01", "01.02.02", "02", "02.01"]


def test_every_rule_has_a_broken_fixture():
    assert set(EXPECTED) == set(RULES)
    assert {p.name.split("-", 1)[1] for p in TAXO.glob("broken-*")} == set(RULES)


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_broken_fixture_reports_its_rule_with_file_line_and_fix(rule):
    result = check_taxonomy(TAXO / f"broken-{rule}")
    hits = [f for f in result.findings if f.rule == rule]
    assert hits, [f.rule for f in result.findings]
    file, line = EXPECTED[rule]
    assert (hits[0].file, hits[0].line) == (file, line)
    assert hits[0].fix and " / " in hits[0].message  # zh / en in one line


@pytest.mark.parametrize("rule", ["TX001", "TX007", "TX011", "TX013"])
def test_loader_raises_with_every_problem_at_once(rule):
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(TAXO / f"broken-{rule}")
    assert any(f.rule == rule for f in err.value.findings)


def test_warnings_do_not_stop_loading():
    tx = load_taxonomy(TAXO / "broken-TX017")
    assert tx.priority("01.01-p04").text == "乙术语"


def test_retired_ids_are_read_with_their_successors():
    tx = load_taxonomy(TAXO / "good")
    gone = tx.retired("01.01-p03")
    assert gone is not None and gone.replaced_by == ("01.01-p01",) and gone.text == "丙术语"
    assert "01.01-p03" not in tx and tx.get("01.01-p03") is None
    assert tx.successors("01.01-p03") == ("01.01-p01",) and tx.successors("01.01-p01") == ("01.01-p01",)
    assert tx.successors("01.01-p77") == ()
    assert [r.id for r in tx.retired_priorities()] == ["01.01-p03"] and tx.retired_priorities("02") == []


def test_a_retired_number_reused_for_a_live_item_is_an_error():
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(TAXO / "broken-TX018")
    assert [f.rule for f in err.value.findings] == ["TX018"]


def test_several_problems_reported_together(tmp_path):
    import shutil

    folder = tmp_path / "tx"
    shutil.copytree(TAXO / "good", folder)
    text = (folder / "01-alpha.yaml").read_text(encoding="utf-8")
    text = text.replace("action: 制定", "action: 编写").replace("name: 材料,", "name: 设备,")
    (folder / "01-alpha.yaml").write_text(text, encoding="utf-8")
    rules = {f.rule for f in check_taxonomy(folder).findings}
    assert {"TX013", "TX006"} <= rules


def test_missing_system_yaml_is_unreadable(tmp_path):
    result = check_taxonomy(tmp_path)
    assert not result.readable and result.findings[0].rule == "TX012"


def test_embedded_compiled_json_is_current():
    """taxonomy/guide-2024/compiled.json must match the YAML; refresh with
    `minestd check-taxonomy taxonomy/guide-2024 --compile` after editing the YAML."""
    import json

    from minestd.io.yamlfiles import COMPILED, source_digest

    data = json.loads((edition_dir() / COMPILED).read_text(encoding="utf-8"))
    assert data["digest"] == source_digest(edition_dir()), "stale compiled.json: run minestd check-taxonomy --compile"


def test_compiled_and_yaml_give_the_same_taxonomy():
    from minestd.io.yamlfiles import read_taxonomy_dir
    from minestd.taxonomy import build_taxonomy

    fast, _ = build_taxonomy(read_taxonomy_dir(edition_dir()))
    slow, _ = build_taxonomy(read_taxonomy_dir(edition_dir(), use_compiled=False))
    assert [n.model_dump() for n in fast.walk()] == [n.model_dump() for n in slow.walk()]
    assert [p.model_dump() for p in fast.priorities()] == [p.model_dump() for p in slow.priorities()]


def test_stale_compiled_json_is_ignored(tmp_path, invoke):
    import shutil

    folder = tmp_path / "tx"
    shutil.copytree(TAXO / "good", folder)
    r = invoke("check-taxonomy", str(folder), "--compile")
    assert r.exit_code == 0 and (folder / "compiled.json").is_file()
    assert load_taxonomy(folder).node("01.02.02").name == "材料"
    text = (folder / "01-alpha.yaml").read_text(encoding="utf-8").replace("name: 材料,", "name: 物料,")
    (folder / "01-alpha.yaml").write_text(text, encoding="utf-8")
    assert load_taxonomy(folder).node("01.02.02").name == "物料"


def test_compile_refused_when_not_clean(tmp_path, invoke):
    import shutil

    folder = tmp_path / "tx"
    shutil.copytree(TAXO / "broken-TX013", folder)
    assert invoke("check-taxonomy", str(folder), "--compile").exit_code == 1
    assert not (folder / "compiled.json").exists()
