"""One string operation over many titles at once (pure): the titles joined with U+0001 between them.

Regular-expression substitutions, case folding and whitespace folding cost one call per title when done title
by title; on the joined text they cost one call for a whole catalog. The joined text is cut again at U+0001, so
the operation must neither remove nor create that character; a title that holds it is handled title by title.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

#: Put between titles; no title text normally holds it (a control character).
BREAK = "\x01"


def map_joined(texts: Sequence[str], whole: Callable[[str], str], each: Callable[[str], str]) -> list[str]:
    """``whole`` applied to the texts joined by :data:`BREAK`, cut back into one result per text; ``each``
    applied to every text instead when one of them holds the break. ``whole(joined)`` must equal the results of
    ``each`` joined by the break."""
    if not texts:
        return []
    joined = BREAK.join(texts)
    if joined.count(BREAK) != len(texts) - 1:
        return [each(t) for t in texts]
    return whole(joined).split(BREAK)
