"""minestd classify / train / evaluate: output formats, batch IO round trips, exact error text."""
from __future__ import annotations

import csv
import json
import re

import pytest

from conftest import FIXTURES

CLS = FIXTURES / "classify"
TITLE = "煤矿用自动隔爆装置安全技术要求"


def test_classify_text(invoke):
    result = invoke("classify", TITLE)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == TITLE
    assert lines[1].split()[:2] == ["1.", "12.02.01"]
    assert "防爆与设备设施 › 专用要求 › 一通三防及灾害防治设备" in lines[1]


def test_classify_explain_shows_term_and_node_text(invoke):
    result = invoke("classify", TITLE, "--explain", "--top", "1")
    assert result.exit_code == 0
    assert f"{TITLE} ← priority 12.02.01「煤矿用自动隔爆装置安全技术要求」" in result.stdout


def test_classify_json_contract(invoke):
    result = invoke("classify", TITLE, "矿山救援队训练规范", "--format", "json", "--top", "2", "--level", "category")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [d["title"] for d in data] == [TITLE, "矿山救援队训练规范"]
    first = data[0]["suggestions"][0]
    assert set(first) == {"id", "path", "score", "matched"} and first["id"] == "12.02"
    assert data[1]["suggestions"][0]["id"] == "14.02"
    assert all(0 <= s["score"] <= 1 for d in data for s in d["suggestions"])
    assert first["matched"][0] == {"term": TITLE, "node": "12.02.01", "field": "priority", "text": TITLE}


def test_classify_jsonl_and_csv(invoke):
    jsonl = invoke("classify", TITLE, "尾矿库安全规程", "--format", "jsonl", "--level", "subsystem")
    lines = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [line["suggestions"][0]["id"] for line in lines] == ["12", "01"]
    out = invoke("classify", TITLE, "--format", "csv", "--top", "2")
    rows = list(csv.reader(out.stdout.splitlines()))
    assert rows[0] == ["title", "rank", "id", "path", "score", "matched"]
    assert rows[1][:3] == [TITLE, "1", "12.02.01"]


def test_batch_gb18030_csv_round_trip(invoke, tmp_path):
    out = tmp_path / "placed.csv"
    result = invoke("classify", "--input", str(CLS / "titles-gb18030.csv"), "--output", str(out), "--top", "2")
    assert result.exit_code == 0, result.stderr
    assert "wrote" in result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")          # UTF-8 with a BOM, for Excel
    with open(out, encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["序号", "标准名称", "备注"]
    assert rows[0][3:] == ["suggestion_1_id", "suggestion_1_path", "suggestion_1_score", "suggestion_2_id",
                           "suggestion_2_path", "suggestion_2_score", "matched"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4", "5"]          # no row lost, order kept
    assert rows[1][2] == "指南原文" and rows[1][3] == "12.02.01"
    assert rows[4][1] == "" and rows[4][3] == ""                            # empty title: no suggestion
    assert rows[5][3] == "12.02.07"
    # the matched column: the best suggestion's words, as the JSON output gives them
    as_json = invoke("classify", "--input", str(CLS / "titles-gb18030.csv"), "--format", "jsonl", "--top", "2")
    tops = [json.loads(line)["suggestions"] for line in as_json.stdout.splitlines()]
    assert rows[5][-1] == "; ".join(f"{m['term']}={m['node']}:{m['field']}" for m in tops[4][0]["matched"])
    assert "移动变电站=12.02.07:keyword" in rows[5][-1]


def test_batch_xlsx_round_trip(invoke, tmp_path):
    from openpyxl import Workbook, load_workbook

    src = tmp_path / "proposals.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "标准名称"])
    ws.append(["P-1", "矿山救援队训练规范"])
    ws.append(["P-2", "煤层瓦斯压力测定方法"])
    wb.save(src)
    out = tmp_path / "placed.xlsx"
    result = invoke("classify", "--input", str(src), "--column", "标准名称", "--output", str(out), "--level",
                    "category", "--top", "1")
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(out).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == ["编号", "标准名称", "建议1编号 / suggestion 1 id", "建议1位置 / suggestion 1 path",
                       "建议1得分 / suggestion 1 score", "匹配词 / matched"]
    assert [r[0] for r in rows[1:]] == ["P-1", "P-2"]
    assert [r[2] for r in rows[1:]] == ["14.02", "05.02"]             # ids stay text
    assert all(isinstance(r[4], float) and 0 < r[4] <= 1 for r in rows[1:])   # scores are numbers
    # Excel-ready: CJK font, bold frozen header with a filter, widths, A4 landscape fitted to the page width
    assert ws.title == "归类建议" and ws["A2"].font.name == "等线" and ws["A1"].font.b
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F3"
    assert ws.column_dimensions["B"].width >= 20
    assert (ws.page_setup.paperSize, ws.page_setup.orientation, ws.print_title_rows) == (9, "landscape", "$1:$1")


def test_batch_jsonl_round_trip(invoke, tmp_path):
    out = tmp_path / "placed.jsonl"
    result = invoke("classify", "--input", str(CLS / "titles.jsonl"), "--output", str(out), "--top", "1")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [1, 2, 3]                       # input keys kept
    assert [line["title"] for line in lines] == [TITLE, "尾矿库安全规程", "煤矿安全培训规定"]
    assert [line["suggestions"][0]["id"] for line in lines] == ["12.02.01", "01.02", "15.02.03"]


def test_batch_to_stdout_jsonl(invoke):
    result = invoke("classify", "--input", str(CLS / "titles.jsonl"), "--format", "jsonl")
    assert len(result.stdout.splitlines()) == 3


def test_output_never_overwrites_the_input(invoke, tmp_path):
    src = tmp_path / "titles.csv"
    src.write_text("title\n矿山救援队训练规范\n", encoding="utf-8")
    result = invoke("classify", "--input", str(src), "--output", str(src))
    assert result.exit_code == 2
    assert src.read_text(encoding="utf-8") == "title\n矿山救援队训练规范\n"


# --------------------------------------------------------------------------- exact error text


def test_error_missing_input_file(invoke, tmp_path):
    missing = tmp_path / "nope.csv"
    result = invoke("classify", "--input", str(missing))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"错误 / error: {missing}: 文件不存在 / file not found — 检查路径 / check the path"


def test_error_missing_column(invoke):
    path = CLS / "titles-gb18030.csv"
    result = invoke("classify", "--input", str(path), "--column", "名称")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"错误 / error: {path}, field '名称': 没有列 '名称' / no column '名称' — "
                                     "用 --column 指定以下列之一：序号, 标准名称, 备注 / use --column with one of: "
                                     "序号, 标准名称, 备注")


def test_error_jsonl_missing_key(invoke):
    path = CLS / "titles.jsonl"
    result = invoke("classify", "--input", str(path), "--column", "title")
    assert result.stderr.strip() == (f"错误 / error: {path}, field 'title': 没有列 'title' / no column 'title' — "
                                     "用 --column 指定以下字段之一：id, name / use --column with one of: id, name")


def test_error_broken_jsonl(invoke):
    path = CLS / "broken.jsonl"
    result = invoke("classify", "--input", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误 / error: {path}: 第 2 行不是有效的 JSON / line 2 is not valid JSON")


def test_error_no_titles(invoke):
    result = invoke("classify")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("错误 / error: 没有要归类的标题 / no titles to classify — 以参数给出标题，或用 "
                                     "--input FILE 给出文件（见 'minestd classify --help'） / give titles as "
                                     "arguments or a file with --input FILE (see 'minestd classify --help')")


@pytest.mark.parametrize("name,message", [
    ("model-future-version.json", "模型文件无法使用 / model version 99 is not supported"),
    ("model-not-json.json", "不是 JSON 模型文件 / not a JSON model file"),
])
def test_error_bad_model(invoke, name, message):
    result = invoke("classify", TITLE, "--model", str(CLS / name))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误 / error: {CLS / name}: {message}")


# --------------------------------------------------------------------------- train, evaluate


def test_train_then_classify_with_the_model(invoke, tmp_path):
    model = tmp_path / "model.json"
    # 200 solver steps instead of 1000: the command's round trip is the point (the model's quality has its own tests)
    result = invoke("train", str(CLS / "tuning.csv"), "--output", str(model), "--format", "json", "--iterations", "200")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"model": str(model), "entries": 36, "used": 36, "skipped": 0, "nodes": 30}
    data = json.loads(model.read_text(encoding="utf-8"))
    assert data["version"] == 2 and data["training"]["source"] == "tuning.csv"
    assert data["subsystem_model"]["extra_documents"] == 45     # 36 titles, 9 of them placed in two subsystems
    out = invoke("classify", "煤矿用低浓度载体催化式甲烷传感器", "--model", str(model), "--format", "json")
    top = json.loads(out.stdout)[0]["suggestions"][0]
    assert top["id"] in ("12.02.08", "13.04.05")
    assert any(m["field"] == "training" for m in top["matched"])


def test_train_on_several_catalogs(invoke, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("title,nodes\n矿用除尘器,12.02.01\n,05\n", encoding="utf-8")
    second.write_text("title,nodes\n矿井防灭火规范,06.01\n某标准,99.01\n", encoding="utf-8")
    model = tmp_path / "model.json"
    result = invoke("train", str(first), str(second), "--output", str(model), "--iterations", "50")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"已训练 / trained on 2 of 4 entries in 2 nodes (2 skipped) -> {model}",
        f"  skipped {first} row 3: no title", f"  skipped {second} row 3: unknown node id(s): 99.01"]
    data = json.loads(model.read_text(encoding="utf-8"))
    assert data["training"]["source"] == "a.csv + b.csv"
    assert data["subsystem_model"]["params"]["iterations"] == 50            # --iterations reaches the solver
    assert data["examples"] == {"06.01": ["矿井防灭火规范"], "12.02.01": ["矿用除尘器"]}
    twice = invoke("train", str(first), str(first), "--output", str(tmp_path / "m2.json"))
    assert twice.exit_code == 2 and twice.stderr.strip() == (f"错误 / error: {first} 给出了两次 / {first} is given "
                                                             "twice — 每个目录只给一次 / give each catalog once")
    assert not (tmp_path / "m2.json").exists()


def test_evaluate_text_and_json(invoke):
    gold = str(CLS / "tuning.csv")
    text = invoke("evaluate", gold)
    assert text.exit_code == 0, text.stderr
    assert "Precision@1" in text.stdout and "NDCG@5" in text.stdout and "confusion" in text.stdout
    data = json.loads(invoke("evaluate", gold, "--format", "json").stdout)
    assert set(data["metrics"]) == {"subsystem", "category"}
    assert set(data["metrics"]["category"]) == {"Precision@1", "Precision@3", "F1@5", "NDCG", "NDCG@5", "Hit@3"}
    assert data["documents"] == 36 and len(data["per_subsystem"]) == 15


def test_evaluate_folds(invoke):
    # --iterations: fold models learned with fewer solver steps (what is checked here is the folds, not the model)
    data = json.loads(invoke("evaluate", str(CLS / "tuning.csv"), "--folds", "3", "--iterations", "60",
                             "--format", "json").stdout)
    assert data["folds"] == 3 and data["documents"] == 36


def test_evaluate_iterations_need_folds(invoke):
    result = invoke("evaluate", str(CLS / "tuning.csv"), "--iterations", "60")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("错误 / error: --iterations 只用于 --folds / --iterations only applies with --folds — "
                                     "加上 --folds K，或去掉 --iterations / add --folds K, or drop --iterations")


def test_evaluate_model_and_folds_conflict(invoke, tmp_path):
    result = invoke("evaluate", str(CLS / "tuning.csv"), "--folds", "3", "--model", str(tmp_path / "m.json"))
    assert result.exit_code == 2
    assert result.stderr.strip() == ("错误 / error: --model 与 --folds 不能同用 / --model and --folds cannot be "
                                     "combined — 去掉其中一项 / --folds trains a fresh "
                                     "model on each fold of GOLD; drop --model (or drop --folds)")


def test_trained_without_a_model_uses_the_built_in_model(invoke):
    out = invoke("classify", "矿山救援培训大纲及考核规范", "--classifier", "trained", "--level", "category",
                 "--format", "json")
    assert out.exit_code == 0, out.stderr
    top = json.loads(out.stdout)[0]["suggestions"][0]
    assert top["id"] == "14.02"
    assert any(m["field"] == "training" and m["text"] == m["term"] == "矿山救援培训大纲及考核规范"
               and m["node"].startswith("14.02") for m in top["matched"])      # a placed title (catalog, fixtures)


def test_evaluate_the_built_in_model_says_it_was_trained_on_the_gold(invoke, tmp_path):
    """The built-in model learned from every held-out title too: on heldout.csv its figures are optimistic and
    it says so; on a gold with titles it has not seen, those are scored on their own."""
    data = json.loads(invoke("evaluate", str(CLS / "heldout.csv"), "--classifier", "trained", "--format",
                             "json").stdout)
    assert data["classifier"] == "trained" and data["documents"] == 208 and data["unseen"] is None
    assert any("trained on 208 of these 208 titles: figures are optimistic" in n for n in data["notes"])
    gold = tmp_path / "gold.csv"
    gold.write_text("title,nodes\n矿用以太网,13.03.01\n一个从未见过的矿用新装置安全技术要求,12.02.01\n", encoding="utf-8")
    mixed = json.loads(invoke("evaluate", str(gold), "--classifier", "trained", "--format", "json").stdout)
    assert mixed["unseen"] == 1 and set(mixed["unseen_metrics"]) == {"subsystem", "category"}


def test_evaluate_classifier_and_folds_conflict(invoke):
    result = invoke("evaluate", str(CLS / "tuning.csv"), "--folds", "3", "--classifier", "trained")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("错误 / error: --folds 不能与 --classifier trained 同用 / --folds cannot be "
                                     "combined with --classifier trained — --folds 每折训练新模型，去掉 --classifier"
                                     "（或 --folds） / --folds "
                                     "trains a fresh model on each fold of GOLD; drop --classifier (or drop --folds)")


def test_built_in_model_error_for_another_taxonomy(invoke):
    result = invoke("classify", TITLE, "--classifier", "trained", "--taxonomy", str(FIXTURES / "taxonomy" / "good"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "错误 / error: 内置模型无法使用 / the built-in model is learned from the sample catalog of the guide-2024 "
        "edition, not of 'test' — 用 'minestd train CATALOG --output model.json' 在已归入所用体系的目录上训练模型，"
        "并传入 --model model.json / train a model on a catalog placed in your taxonomy with 'minestd train "
        "CATALOG --output model.json' and pass --model model.json")


def test_default_classifier_is_hybrid_and_lexical_can_be_chosen(invoke):
    hybrid = json.loads(invoke("classify", "煤炭工业矿井设计规范", "--level", "subsystem", "--format", "json").stdout)
    same = json.loads(invoke("classify", "煤炭工业矿井设计规范", "--level", "subsystem", "--format", "json",
                             "--classifier", "hybrid").stdout)
    lexical = json.loads(invoke("classify", "煤炭工业矿井设计规范", "--level", "subsystem", "--format", "json",
                                "--classifier", "lexical").stdout)
    assert hybrid == same and hybrid != lexical
    assert hybrid[0]["suggestions"][0]["id"] == "03"              # 矿山建设 (mine design), not 13
    data = json.loads(invoke("evaluate", str(CLS / "tuning.csv"), "--format", "json").stdout)
    assert data["classifier"] == "hybrid"


def test_another_taxonomy_falls_back_to_lexical_but_hybrid_is_refused(invoke):
    good = str(FIXTURES / "taxonomy" / "good")
    assert invoke("classify", "冲击地压", "--taxonomy", good, "--format", "json").exit_code == 0
    result = invoke("classify", "冲击地压", "--taxonomy", good, "--classifier", "hybrid")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "错误 / error: 内置模型无法使用 / the built-in subsystem model is learned from the guide-2024 edition's "
        "texts, not from 'test' — 改用 --classifier lexical，或用 'minestd train --guide --taxonomy DIR --output "
        "MODEL' 为所用体系生成子体系模型 / use --classifier lexical, or make a subsystem model for your taxonomy "
        "with 'minestd train --guide --taxonomy DIR --output MODEL'")


def test_train_guide_writes_the_subsystem_model(invoke, tmp_path, tx):
    from minestd.data import subsystem_model_path

    from minestd.classify.guide_model import current_digest

    out = tmp_path / "subsystem-model.json"
    # 20 solver steps: the command is the point here; that the default steps give the shipped model's weights is
    # tests/test_classify_hybrid.py::test_training_reproduces_the_shipped_model
    result = invoke("train", "--guide", "--output", str(out), "--format", "json", "--iterations", "20")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    shipped = json.loads(subsystem_model_path().read_text(encoding="utf-8"))
    assert summary == {"model": str(out), "documents": shipped["documents"],
                       "vocabulary": len(shipped["vocabulary"]), "digest": current_digest(tx, iterations=20)}
    assert json.loads(out.read_text(encoding="utf-8"))["digest"] == summary["digest"] != shipped["digest"]
    assert shipped["digest"] == current_digest(tx)       # the shipped model is made with the default steps
    both = invoke("train", str(CLS / "tuning.csv"), "--guide", "--output", str(out))
    assert both.exit_code == 2
    assert both.stderr.strip() == ("错误 / error: --guide 只从体系文本学习 / --guide learns from the taxonomy's own "
                                   "texts, not from a catalog — 去掉 CATALOG（或 --guide） / "
                                   "drop the CATALOG argument (or drop --guide)")


def test_help_has_examples(invoke):
    for command in ("classify", "train", "evaluate"):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "Examples:" in result.stdout


def test_titles_from_stdin(invoke):
    result = invoke("classify", "--input", "-", "--format", "jsonl", "--level", "subsystem",
                    input="矿山救援队训练规范\n\n煤矿安全规程\n")
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["suggestions"][0]["id"] for line in result.stdout.splitlines()] == ["14", "01"]


def test_batch_progress_path_gives_the_same_results(tx, monkeypatch):
    import sys

    from minestd.classify import get_classifier
    from minestd.cli import classify_cmds

    titles = ["矿山救援队训练规范", "煤矿安全规程", "尾矿库安全规程"] * 3
    clf = get_classifier("lexical", tx)
    plain = classify_cmds.classify_batch(clf, titles, top=2, level="category", explain=True)
    monkeypatch.setattr(classify_cmds, "PROGRESS_MIN", 2)
    monkeypatch.setattr(classify_cmds, "BATCH", 4)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with_bar = classify_cmds.classify_batch(clf, titles, top=2, level="category", explain=True)
    assert [r.to_dict() for r in with_bar] == [r.to_dict() for r in plain]


def test_a_large_batch_behind_the_progress_bar_uses_the_evidence_matrix(tx, monkeypatch):
    """The bar classifies chunk by chunk; prepare() builds the matrix once for the whole batch, so chunks
    use it although each is below the batch threshold."""
    import sys

    from minestd.classify import lexical
    from minestd.classify.lexical import LexicalClassifier
    from minestd.classify.matrix import EvidenceMatrix
    from minestd.cli import classify_cmds
    from minestd.data import load_catalog

    titles = [e.title for e in load_catalog().entries]            # 190
    plain = LexicalClassifier(tx).classify(titles, top=3, level="subcategory")
    monkeypatch.setattr(lexical, "MATRIX_BATCH", 150)
    monkeypatch.setattr(classify_cmds, "BATCH", 80)                 # chunks of 80, 80, 30: all below 150
    monkeypatch.setattr(classify_cmds, "PROGRESS_MIN", 2)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    chunks: list[int] = []
    real = EvidenceMatrix.evidence_dicts
    monkeypatch.setattr(EvidenceMatrix, "evidence_dicts", lambda self, block: chunks.append(len(block)) or real(self, block))
    with_bar = classify_cmds.classify_batch(LexicalClassifier(tx), titles, top=3, level="subcategory", explain=True)
    assert chunks == [80, 80]            # the last chunk (30 < MATRIX_CHUNK) is scored title by title
    assert with_bar == plain


def test_writing_a_big_output_behind_a_spinner_writes_the_same_file(tx, tmp_path, monkeypatch):
    import contextlib

    from openpyxl import load_workbook

    from minestd.classify.lexical import LexicalClassifier
    from minestd.cli import classify_cmds

    results = LexicalClassifier(tx).classify(["矿山救援队训练规范", "煤矿安全规程", "尾矿库安全规程"], top=2)
    plain, spun = tmp_path / "plain.xlsx", tmp_path / "spun.xlsx"
    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(classify_cmds, "busy", lambda message, show: shown.append((message, show))
                        or contextlib.nullcontext())
    classify_cmds.write_results(plain, results, None, classify_cmds.ClassifyFormat.text, ())
    monkeypatch.setattr(classify_cmds, "WRITE_BUSY_MIN", 2)
    classify_cmds.write_results(spun, results, None, classify_cmds.ClassifyFormat.text, ())
    assert shown == [("写入 3 条 / writing plain.xlsx …", False), ("写入 3 条 / writing spun.xlsx …", True)]

    def cells(path):
        return [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]

    assert cells(spun) == cells(plain) and len(cells(plain)) == 4


def test_busy_shows_nothing_off_a_terminal(capsys):
    from minestd.cli.common import busy

    with busy("写入 / writing …", True):
        pass
    assert capsys.readouterr().err == ""


def test_batch_unreadable_workbook_is_one_clear_line(invoke):
    # the catalog reader's XLSX code (shared): same message as minestd validate gives
    path = FIXTURES / "catalogs" / "not-a-workbook.xlsx"
    result = invoke("classify", "--input", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"错误 / error: {path}: 不是可读取的 .xlsx 工作簿 / not a readable .xlsx workbook (BadZipFile) — 用 Excel "
        "或 LibreOffice 打开并重新另存为 .xlsx / open it in Excel or "
        "LibreOffice and save it again as .xlsx"]


def test_a_classifier_registered_in_the_library_is_accepted_by_the_cli(invoke):
    from minestd.classify import CLASSIFIERS, register_classifier

    register_classifier("registered-here", "minestd.classify.dummy:DummyClassifier")
    try:
        result = invoke("classify", "--classifier", "registered-here", "煤矿用自救器", "--format", "json")
        assert result.exit_code == 0, result.stderr
    finally:
        CLASSIFIERS.pop("registered-here")
    bad = invoke("classify", "--classifier", "registered-here", "煤矿用自救器")
    assert bad.exit_code == 2 and bad.stderr.startswith("错误 / error: 未知的归类器 'registered-here' / unknown "
                                                        "--classifier 'registered-here' — 可选：")


def test_classified_workbook_types_whole_numbers_and_scores_only():
    from minestd.io.classified import workbook_table

    rows = [["序号", "编号", "标准名称", "suggestion_1_id", "suggestion_1_path", "suggestion_1_score", "matched"],
            ["1", "05.02", "煤层瓦斯压力测定方法", "05.02", "瓦斯防治 › 瓦斯参数测定", "0.4529", "瓦斯压力"],
            ["12", "5.02", "=HYPERLINK(\"x\")", "", "", "", ""]]
    out = workbook_table(rows)
    assert out[1] == [1, "05.02", "煤层瓦斯压力测定方法", "05.02", "瓦斯防治 › 瓦斯参数测定", 0.4529, "瓦斯压力"]
    assert out[2][:3] == [12, "5.02", "=HYPERLINK(\"x\")"] and out[2][5] == ""


def test_jieba_is_an_optional_extra_with_a_clear_message(invoke, monkeypatch):
    import sys

    from minestd.classify.segment import tokenizer

    monkeypatch.setitem(sys.modules, "jieba", None)        # as if 'pip install minestd' without the extra
    tokenizer.cache_clear()
    result = invoke("classify", "煤矿瓦斯抽采规范", "--segmenter", "jieba")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("错误 / error: jieba 分词器需要安装可选的 jieba 包 / the jieba segmenter needs "
                                     "the jieba package, an optional extra — 运行 pip install 'minestd[jieba]'，或使用"
                                     "默认的 --segmenter ngram / "
                                     "pip install 'minestd[jieba]', or use the default --segmenter ngram")
    with pytest.raises(ImportError, match=r"pip install 'minestd\[jieba\]'"):
        tokenizer(("瓦斯",))
    tokenizer.cache_clear()


def test_format_and_suffix_follow_one_rule(invoke, tmp_path):
    """As for gaps: the suffix decides when --format is not given; a --format the suffix contradicts is an error."""
    assert invoke("classify", "煤矿瓦斯抽采规范", "-o", str(tmp_path / "a.json")).exit_code == 0
    assert (tmp_path / "a.json").read_text(encoding="utf-8").lstrip().startswith("[")
    bad = invoke("classify", "煤矿瓦斯抽采规范", "--format", "json", "-o", str(tmp_path / "b.csv"))
    assert bad.exit_code == 2 and not (tmp_path / "b.csv").exists()
    assert bad.stderr.strip() == ("错误 / error: --format json 与输出文件 b.csv（csv）不符 / --format json does not "
                                  "match the output file b.csv (csv) — 去掉 --format（由后缀决定），或让文件名用 json "
                                  "的后缀 / drop "
                                  "--format (the suffix decides) or name the file with a suffix for json")


def test_classify_text_paths_in_the_language_asked_for(invoke):
    en = invoke("classify", "煤矿瓦斯抽采达标评判规范", "--top", "1", "--lang", "en")
    assert en.exit_code == 0 and en.stdout.splitlines()[1].split(None, 3)[3] == "Gas Control › Gas drainage"
    both = invoke("classify", "煤矿瓦斯抽采达标评判规范", "--top", "1", "--lang", "both").stdout.splitlines()[1]
    assert both.split(None, 3)[3] == "瓦斯防治 › 瓦斯抽采 / Gas Control › Gas drainage"
    zh = invoke("classify", "煤矿瓦斯抽采达标评判规范", "--top", "1").stdout.splitlines()[1]
    assert zh.split(None, 3)[3] == "瓦斯防治 › 瓦斯抽采"
    assert invoke("classify", "xyz", "--lang", "zh").stdout.splitlines()[1] == "  (无建议)"
    data = invoke("classify", "煤矿瓦斯抽采达标评判规范", "--top", "1", "--lang", "en", "--format", "json").stdout
    assert '"path": "瓦斯防治 › 瓦斯抽采"' in data        # the JSON contract keeps the guide's path


def test_evaluate_text_in_one_language(invoke):
    gold = str(CLS / "tuning.csv")
    zh = invoke("evaluate", gold, "--lang", "zh").stdout.splitlines()
    assert zh[:2] == ["归类评测：hybrid，目录 tuning.csv", "标题 36 条（跳过 0 条：无标题或无已知节点）；建议数 10"]
    assert zh[3].split() == ["指标", "子体系", "类别"] and zh[3].index("子体系") == 17   # 19 display columns: 指标 takes 4
    assert "分子体系（首选）：" in zh and not any("confusion" in line for line in zh)
    en = invoke("evaluate", gold, "--lang", "en").stdout.splitlines()
    assert en[0] == "classifier evaluation: hybrid on tuning.csv" and "per subsystem (top-1):" in en
    assert not any(re.search(r"[\u4e00-\u9fff]", line) for line in en[:12])
    both = invoke("evaluate", gold).stdout.splitlines()
    assert both[0] == "归类评测 / classifier evaluation: hybrid on tuning.csv" and "per subsystem (top-1) / 分子体系:" in both
