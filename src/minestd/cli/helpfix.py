"""Three fixes to how ``--help`` prints, for library behaviour that would otherwise hide, cut or break help texts:

1. **Argument help.** typer 0.20 sets an argument's ``help`` and then calls click's ``Argument.__init__``, which since
   click 8.5 takes ``help`` itself and resets it to None: every argument's description vanished from the Arguments
   panel. The help is set again after click's initialisation.
2. **Chinese help cut with "…".** rich wraps a table cell's text and crops each line to the column; for a line holding
   Chinese that ends at the column's edge the two measures disagree and the line's last word becomes "…" (seen with
   rich 13.9–15.0). Help texts fold instead: nothing is cut.
3. **Ragged paragraphs.** In typer's "rich" markup mode a command's docstring keeps its single line breaks, so prose
   wrapped at 120 columns in the source printed as long and short lines on an 80-column terminal. Prose paragraphs
   are joined into one line each before the page is formatted (rich then wraps them to the terminal); paragraphs
   holding examples, indented lines or lists keep their lines.

Both are idempotent and only touch the CLI (the library never imports this module).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["install"]


def install() -> None:
    """Fix 1 now; fix 2 when a help page is first formatted (rich is not imported at start-up)."""
    from typer.core import TyperArgument, TyperCommand, TyperGroup

    _patch_once(TyperArgument, "__init__", _restoring_help)
    for cls in (TyperCommand, TyperGroup):
        _patch_once(cls, "format_help", _folding_first)


def _patch_once(owner: Any, name: str, wrap: Callable[[Any], Any]) -> None:
    """Replace ``owner.name`` by ``wrap(original)``, once (a second install finds it marked)."""
    original = getattr(owner, name)
    if getattr(original, "_minestd_fix", False):
        return
    patched = wrap(original)
    patched._minestd_fix = True
    setattr(owner, name, patched)


def _restoring_help(original: Any) -> Any:
    def init(self: Any, *args: Any, help: str | None = None, **kwargs: Any) -> None:  # noqa: A002 - typer's name
        original(self, *args, help=help, **kwargs)
        if help is not None and not getattr(self, "help", None):
            self.help = help
    return init


def _folding_first(original: Any) -> Any:
    def format_help(self: Any, ctx: Any, formatter: Any) -> Any:
        from typer import rich_utils

        _patch_once(rich_utils, "_make_rich_text", _folding)
        if self.help and not getattr(self, "_minestd_reflowed", False):
            self.help, self._minestd_reflowed = reflow(self.help), True
        return original(self, ctx, formatter)
    return format_help


def _folding(original: Any) -> Any:
    def make(*args: Any, **kwargs: Any) -> Any:
        text = original(*args, **kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text
    return make


#: A line that makes its paragraph a block whose lines stay: indented, a list item, a command.
_BLOCK_LINE = re.compile(r"^(\s|[-*•]\s|\d+[.)]\s|minestd\b|\$ )")
#: A paragraph's first line that is a heading of what follows (``Examples:``, ``示例：``).
_HEADING = re.compile(r"^.{0,40}[:：]$")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def reflow(text: str) -> str:
    """``text`` with the single line breaks inside prose paragraphs removed (a space between words, none between
    Chinese characters); paragraphs with indented lines, list items or commands, and headings (``Examples:``) keep
    their lines."""
    import inspect

    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(_joined(p) for p in paragraphs)


def _joined(paragraph: str) -> str:
    lines = paragraph.split("\n")
    if len(lines) < 2 or _HEADING.match(lines[0]) or any(_BLOCK_LINE.match(line) for line in lines):
        return paragraph
    out = lines[0]
    for line in lines[1:]:
        glue = "" if _CJK.match(line) and _CJK.match(out[-1:]) else " "
        out += glue + line
    return out
