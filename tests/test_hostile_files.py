"""Every command that reads a catalog, on every file of the hostile corpus (tests/fixtures/hostile): one line
naming the file with a fix, exit 2 — never an internal error (exit 3), a traceback or a hang."""
from __future__ import annotations

import pytest

from conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"
#: file -> words its error must contain (the same for every command)
EXPECTED = {
    "unclosed-quote.csv": "row 3: a quote (\") opened in this row is never closed",
    "deep.json": "JSON nested too deeply to be a catalog",
    "bigint.json": "JSON value out of range",
    "aliases.yaml": "the YAML uses more than 100 aliases",
    "colliding-keys.yaml": "item 1 has the key '1' twice",
    "mixed-encoding.csv": "line 3: this line is not UTF-8",
    "nul-bytes.csv": "NUL bytes",
    "not-a-list.json": "list of objects",
    "empty.csv": "",
    "damaged-sheet.xlsx": "is damaged and cannot be read",
    "entity-bomb.xlsx": "limit on input amplification factor (from DTD and entities) breached",
    "not-a-zip.xlsx": "not a readable .xlsx workbook",
    "broken-line.jsonl": "line 2 is not valid JSON",
    "deep.jsonl": "line 2: JSON nested too deeply to be a catalog",
    "bigint.jsonl": "line 1: JSON value out of range",
    "not-objects.jsonl": "line 2 is a number, not an object",
    "blank.jsonl": "the file is empty",
}
COMMANDS = {
    "validate": lambda f, out: ["validate", f],
    "convert": lambda f, out: ["convert", f, str(out / "copy.csv")],
    "gaps": lambda f, out: ["gaps", f],
    "report": lambda f, out: ["report", f, "--output", str(out / "rep"), "--no-figures"],
    "classify": lambda f, out: ["classify", "--input", f, "--output", str(out / "c.csv")],
    "train": lambda f, out: ["train", f, "--output", str(out / "m.json"), "--iterations", "50"],
    "evaluate": lambda f, out: ["evaluate", f],
    "evaluate-gaps": lambda f, out: ["evaluate-gaps", f],
    "diagram": lambda f, out: ["diagram", "--catalog", f, "--output", str(out / "d"), "-f", "dot"],
    "export": lambda f, out: ["export", "--format", "graphml", "--catalog", f],
}


def test_the_corpus_is_complete():
    assert {p.name for p in HOSTILE.iterdir() if p.suffix != ".py"} == set(EXPECTED)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_one_line_error_for_every_command(invoke, tmp_path, command, name):
    result = invoke(*COMMANDS[command](str(HOSTILE / name), tmp_path))
    assert result.exit_code == 2, (result.exit_code, result.output[-300:])
    assert result.stderr.startswith("错误 / error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.output
    expected = EXPECTED[name]
    assert expected in result.stderr, result.stderr
    assert not (tmp_path / "copy.csv").exists() and not (tmp_path / "rep").exists()
