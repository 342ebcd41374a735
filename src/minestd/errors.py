"""Errors that reach the user as one clear line: what is wrong, where, and how to fix it."""
from __future__ import annotations


class MinestdError(Exception):
    """Base error. ``exit_code`` 2 = usage error or unreadable input (the CLI contract)."""

    exit_code = 2

    def __init__(self, message: str, fix: str | None = None, *, file: str | None = None,
                 row: int | None = None, field: str | None = None):
        self.message = message
        self.fix = fix
        self.file = file
        self.row = row
        self.field = field
        super().__init__(self.one_line())

    def one_line(self, lang: str = "both") -> str:
        """``where: message — fix``; ``lang`` zh or en: the message and the fix in that language only (their
        "中文 / English" cut; see :func:`minestd.language.one_language`)."""
        from .language import one_language

        message, fix = self.message, self.fix
        if lang in ("zh", "en"):
            message, fix = one_language(message, lang), fix and one_language(fix, lang)
        where = ", ".join(p for p in (self.file, f"row {self.row}" if self.row else None,
                                      f"field '{self.field}'" if self.field else None) if p)
        text = f"{where}: {message}" if where else message
        return f"{text} — {fix}" if fix else text


class InputError(MinestdError):
    """Unreadable or malformed input file (exit 2)."""
