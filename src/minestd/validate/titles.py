"""Titles reduced for comparison (duplicates, the glued-title check, --fix): NFKC, no punctuation, lower case."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence


from ..joined import map_joined


_TITLE_DROP = re.compile(r"[\W_]+")
#: Mine-type words removed to find coal / non-coal twins (longest first).
MINE_WORDS = ("金属非金属矿山", "金属非金属", "非煤矿山", "煤矿", "矿山")
_MINE_WORDS_RE = re.compile("|".join(MINE_WORDS))


def title_key(title: str) -> str:
    """A title's comparison key (duplicates, the glued-title check): NFKC, lower case, whitespace and punctuation
    (《》：— …) removed. Not :func:`minestd.classify.normalise_title`, which only folds whitespace."""
    return _TITLE_DROP.sub("", unicodedata.normalize("NFKC", title)).lower()


_TITLE_DROP_BUT_BREAK = re.compile(r"(?:[^\w\x01]|_)+")     # _TITLE_DROP except the title break \x01


def title_keys(titles: Sequence[str]) -> list[str]:
    """:func:`title_key` of each title, in one pass over their joined text (NFKC, the punctuation cut and
    lower case act within a title: U+0001 between titles neither composes nor is cased)."""
    normal, nfkc = unicodedata.is_normalized, unicodedata.normalize    # (NFKC of the whole text is slow)
    return map_joined([t if normal("NFKC", t) else nfkc("NFKC", t) for t in titles],
                      lambda joined: _TITLE_DROP_BUT_BREAK.sub("", joined).lower(), title_key)


_title_cache: dict[str, str] = {}


def _norm_title_cached(title: str) -> str:
    value = _title_cache.get(title)
    if value is None:
        if len(_title_cache) > 200_000:
            _title_cache.clear()
        value = _title_cache[title] = title_key(title)
    return value
