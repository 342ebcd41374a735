"""The embedded guide-2024 taxonomy against the guide's own text: counts, names, and no lost priority."""
from __future__ import annotations

import re

import pytest

from conftest import GUIDE_TXT

SUBSYSTEMS = ["矿山安全基础通用", "地质勘探", "矿山建设", "通风与粉尘热害防治", "瓦斯防治", "火灾防治", "水害防治",
              "地压灾害防治", "地下开采", "露天开采", "尾矿库与选矿", "防爆与设备设施", "信息与智能化", "矿山救援", "安全管理"]

CATEGORIES = {
    "01": ["基础标准", "通用标准"],
    "02": ["基础通用", "勘查技术", "取样检测", "分析评价"],
    "03": ["基础通用", "安全设施设计", "安全设施施工与验收"],
    "04": ["基础通用", "通风安全", "粉尘防治", "热害防治"],
    "05": ["基础通用", "测试评估", "瓦斯抽采", "突出防治"],
    "06": ["基础通用", "测试评估", "防治技术与管理"],
    "07": ["基础通用", "测试评估", "防治技术与管理"],
    "08": ["基础通用", "冲击地压防治", "顶板灾害防治", "岩爆防治", "采空区灾害防治"],
    "09": ["基础通用", "开采", "掘进", "运输", "充填"],
    "10": ["基础通用", "一般露天开采", "特殊露天开采"],
    "11": ["尾矿库", "选矿"],
    "12": ["基础通用", "专用要求"],
    "13": ["基础通用", "数据规范与共享", "矿山网络与通信", "矿山监测控制", "综合信息管理", "矿山人工智能", "网络信息安全"],
    "14": ["基础通用", "救援队伍", "救援处置", "救援保障"],
    "15": ["基础通用", "矿山企业安全管理", "矿山安全监管监察", "矿山安全社会化服务"],
}

EQUIPMENT_CLASSES = ["一通三防及灾害防治设备", "采掘支护设备", "充填设备", "装载破碎设备", "提升运输起重设备", "排水设备",
                     "电气设备", "安全检测仪器仪表", "照明和信号设备", "安全避险及自救防护设备", "爆破器材", "非金属制品及材料",
                     "机器人"]

PUNCT = "，。；、：\u3000 \t\r\n"


def squash(text: str) -> str:
    return re.sub(f"[{PUNCT}]", "", re.sub(r"\s+", "", text))


def guide_flat() -> str:
    """The guide with whitespace, PDF page furniture and figure captions removed."""
    text = re.sub(r"\s+", "", GUIDE_TXT.read_text(encoding="utf-8"))
    text = re.sub(r"政策汇编（2025年1月）\d+", "", text)
    text = re.sub(r"中国重型机械工业协会编\d+", "", text)
    text = re.sub(r"图\d+(矿山安全标准体系整体架构|[\u4e00-\u9fff、]{2,20}?标准子体系)", "", text)
    return text


def priority_blocks() -> list[str]:
    """Every 下一步建设重点 block of the guide, in order."""
    text = guide_flat()
    blocks = []
    for chunk in text.split("下一步建设重点")[1:]:
        end = re.search(r"（[一二三四五六七八九十]+）|三、组织实施", chunk)
        blocks.append(chunk[: end.start()] if end else chunk)
    return blocks


def test_fifteen_subsystems_in_the_guides_order(tx):
    subs = tx.subsystems()
    assert [s.name for s in subs] == SUBSYSTEMS
    assert [s.id for s in subs] == [f"{i:02d}" for i in range(1, 16)]
    assert [s.figure for s in subs] == list(range(2, 17))
    assert tx.root.figure == 1


def test_fiftyfive_categories_with_the_guides_names(tx):
    assert {s.id: [c.name for c in tx.children(s.id)] for s in tx.subsystems()} == CATEGORIES
    assert len(tx.nodes("category")) == 55


def test_sub_categories_the_issue_names(tx):
    assert [c.name for c in tx.children("12.02")] == EQUIPMENT_CLASSES
    assert [c.name for c in tx.children("12.01")] == ["防爆", "电气安全", "机械安全", "非金属制品安全", "功能安全"]
    assert [c.name for c in tx.children("11.01")] == ["基础通用", "尾矿库建设", "尾矿库运行", "尾矿库回采", "尾矿库闭库"]
    assert [c.name for c in tx.children("14.01")] == ["专用术语", "标志标识"]
    for cat in ("08.02", "08.03", "08.04"):
        assert [c.name for c in tx.children(cat)] == ["参数测试", "评估评价", "监测预警", "防治技术与管理"]
    assert [c.name for c in tx.children("08.05")] == ["探查测试", "评估评价", "监测预警", "防治技术与管理"]
    assert len(tx.nodes("subcategory")) == 167


def test_every_node_has_zh_and_en_names_and_subsystems_have_figures(tx):
    for node in tx.walk():
        assert node.name.strip() and node.name_en.strip(), node.id
        assert not re.search(r"[\u4e00-\u9fff]", node.name_en), node.id


def test_sub_category_names_appear_verbatim_in_the_guide(tx):
    text = guide_flat()
    for node in tx.nodes("subcategory"):
        assert node.name in text, node.id


def test_open_lists_follow_the_guides_deng(tx):
    assert tx.node("12.02").open_list and tx.node("02.02").open_list
    assert not tx.node("01.01").open_list and not tx.node("02.01").open_list


def test_descriptions_are_verbatim(tx):
    text = guide_flat()
    for node in tx.walk():
        for prose in (node.description, node.structure):
            if prose:
                assert squash(prose) in squash(text), node.id


def test_known_quirks_kept_faithfully(tx):
    assert tx.node("12.02.04").name == "装载破碎设备"
    assert tx.node("12.02.04").priority_heading == "装载破碎装备"
    assert tx.priorities("03") == []
    assert tx.node("10.01").priorities == ()
    assert any("尾矿库安全规程" in p.references for p in tx.priorities("01.02"))


def test_about_four_hundred_atomic_priorities(tx):
    items = tx.priorities()
    assert len(items) == 370
    assert len({p.id for p in items}) == len(items)
    assert {p.action for p in items} == {"制定", "修订", "提升", "未明确"}
    assert tx.priority("01.01-p01").action == "修订" and tx.priority("01.01-p01").references == ("矿山安全术语",)
    assert [p.id for p in tx.priorities("01.02") if p.action == "提升"] == [f"01.02-p0{n}" for n in range(4, 10)]


def _action_of(source: str) -> str:
    """The action a clause's own words state (taxonomy/README.md, rule 7)."""
    if "制修订" in source:
        return "制修订"
    if "修订" in source:
        return "修订"
    if "提升为" in source:
        return "提升"
    return "制定" if source.startswith("制定") else "未明确"


def test_action_comes_from_the_clause_wording(tx):
    for p in tx.priorities():
        assert p.action == _action_of(p.source), p.id
    assert tx.priority("01.01-p05").action == "制定"   # 制定矿山安全生产领域新技术、新设备、新材料术语规范


def test_every_revision_or_upgrade_names_its_standard(tx):
    for p in tx.priorities():
        if p.action in ("修订", "提升", "制修订"):
            assert p.references, p.id


def test_references_come_from_the_guide_or_carry_a_note(tx):
    """A reference is a 《》 name of the guide, words of the item's own clause, or explained in its note."""
    flat = guide_flat()
    for p in tx.priorities():
        for ref in p.references:
            assert f"《{ref}》" in flat or squash(ref) in squash(p.source) or p.note, (p.id, ref)


def test_designations_are_standards_of_the_sample_catalog_with_the_referenced_title(tx):
    import csv

    from minestd.data import sample_catalog_path

    with open(sample_catalog_path(), encoding="utf-8") as fh:
        titles = {row["designation"]: row["title"] for row in csv.DictReader(fh)}
    named = 0
    for p in tx.priorities():
        for designation in p.designations:
            assert designation in titles, (p.id, designation)
            assert any(titles[designation].startswith(ref) for ref in p.references), (p.id, designation)
            named += 1
    assert named >= 6


def test_no_item_is_a_list_closing_phrase_or_a_qualifier(tx):
    for p in tx.priorities():
        assert not p.text.startswith(("各类", "与法律法规", "特别是")), p.id
        assert not p.source.startswith("特别是"), p.id
        assert "（位置、" not in p.text and "的安全监测与控制类系统" not in p.text, p.id   # no template texts


def test_kinds_times_phases_give_one_item_per_kind(tx):
    tailings = [p.text for p in tx.priorities("11.01") if "赤泥库、磷石膏库" in p.source]
    assert tailings == [f"{kind}建设、运行、回采、闭库安全技术规范" for kind in ("赤泥库", "磷石膏库", "锰渣库")]


def test_retired_ids_are_never_live_and_name_live_successors(tx):
    retired = tx.retired_priorities()
    assert len(retired) == 83
    for r in retired:
        assert r.id not in tx and r.reason and r.text
        assert r.replaced_by and all(s in tx for s in r.replaced_by), r.id
    assert tx.successors("11.01-p10") == ("11.01-p22",)
    assert tx.successors("10.03-p03") == ("10.03-p01", "10.03-p02")
    assert tx.successors("15.01-p02") == ("15.01-p01",)


def test_no_priority_is_lost(tx):
    """For every subsystem, headings + the sources of its items (consecutive repeats removed)
    reproduce the guide's 下一步建设重点 block, whitespace and punctuation aside."""
    blocks = priority_blocks()
    with_priorities = [s for s in tx.subsystems() if tx.priorities(s.id)]
    assert len(blocks) == len(with_priorities) == 14
    for subsystem, block in zip(with_priorities, blocks):
        rebuilt = []
        for node in tx.walk(subsystem.id):
            if not node.priorities:
                continue
            rebuilt.append(node.priority_heading or node.name)
            last = None
            for p in tx.priorities(node.id)[: len(node.priorities)]:
                if p.source != last:
                    rebuilt.append(p.source)
                last = p.source
        assert squash("".join(rebuilt)) == squash(block), subsystem.name


def test_each_priority_source_is_a_clause_of_the_guide(tx):
    text = squash(guide_flat())
    for p in tx.priorities():
        assert squash(p.source) in text, p.id


@pytest.mark.parametrize("ident,expected", [
    ("05.02.01", ["瓦斯防治", "测试评估", "瓦斯参数"]),
    ("12.02.04-p01", ["防爆与设备设施", "专用要求", "装载破碎设备"]),
])
def test_path_from_the_root(tx, ident, expected):
    assert [n.name for n in tx.path(ident)] == expected


def test_figure_captions_are_the_guides(tx):
    """Every subsystem figure's caption is the guide's own (图5 writes 通风与粉尘、热害防治)."""
    from minestd.render.dot import figure_dot

    captions = dict(re.findall(r"图(\d+)([\u4e00-\u9fff、]{2,20}?标准子体系)", re.sub(r"\s+", "", GUIDE_TXT.read_text(
        encoding="utf-8"))))
    assert len(captions) == 15
    for subsystem in tx.subsystems():
        dot = figure_dot(tx, subsystem.id, lang="zh")
        assert f"图{subsystem.figure} {captions[str(subsystem.figure)]}<" in dot, subsystem.id
