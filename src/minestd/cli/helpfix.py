"""Two fixes to how ``--help`` prints, for library behaviour that would otherwise hide or cut help texts:

1. **Argument help.** typer 0.20 sets an argument's ``help`` and then calls click's ``Argument.__init__``, which since
   click 8.5 takes ``help`` itself and resets it to None: every argument's description vanished from the Arguments
   panel. The help is set again after click's initialisation.
2. **Chinese help cut with "…".** rich wraps a table cell's text and crops each line to the column; for a line holding
   Chinese that ends at the column's edge the two measures disagree and the line's last word becomes "…" (seen with
   rich 13.9–15.0). Help texts fold instead: nothing is cut.

Both are idempotent and only touch the CLI (the library never imports this module).
"""
from __future__ import annotations

from typing import Any

__all__ = ["install"]


def install() -> None:
    """Fix 1 now; fix 2 when a help page is first formatted (rich is not imported at start-up)."""
    from typer.core import TyperCommand, TyperGroup

    _keep_argument_help()
    for cls in (TyperCommand, TyperGroup):
        original = cls.format_help
        if getattr(original, "_minestd_fix", False):
            continue

        def format_help(self: Any, ctx: Any, formatter: Any, _original: Any = original) -> Any:
            _fold_help_text()
            return _original(self, ctx, formatter)

        format_help._minestd_fix = True  # type: ignore[attr-defined]
        cls.format_help = format_help  # type: ignore[method-assign]


def _keep_argument_help() -> None:
    from typer.core import TyperArgument

    original = TyperArgument.__init__
    if getattr(original, "_minestd_fix", False):
        return

    def init(self: Any, *args: Any, help: str | None = None, **kwargs: Any) -> None:  # noqa: A002 - typer's name
        original(self, *args, help=help, **kwargs)
        if help is not None and not getattr(self, "help", None):
            self.help = help

    init._minestd_fix = True  # type: ignore[attr-defined]
    TyperArgument.__init__ = init  # type: ignore[method-assign]


def _fold_help_text() -> None:
    from typer import rich_utils

    original = rich_utils._make_rich_text
    if getattr(original, "_minestd_fix", False):
        return

    def make(*args: Any, **kwargs: Any) -> Any:
        text = original(*args, **kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text

    make._minestd_fix = True  # type: ignore[attr-defined]
    rich_utils._make_rich_text = make
