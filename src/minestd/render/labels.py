"""Box labels of the figures (pure): Chinese names wrapped at word boundaries into balanced lines (about every 8
characters, preferring a break after 与/及/和), English at spaces, or one character per line for upright boxes."""
from __future__ import annotations

import itertools
import re
import textwrap

__all__ = ["wrap_label"]

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CONNECTORS = frozenset("与及和、")
_SINGLES = _CONNECTORS | frozenset("类的")
# words of 3+ characters that occur in the guide's names; everything else splits into 2-character words
_WORDS = ("一通三防", "仪器仪表", "非金属", "标准化", "社会化", "试验室", "智能化", "信息化", "数字化", "机器人",
          "一体化", "自动化")


def _cjk_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if not _CJK.match(ch):  # a run of Latin letters, digits or punctuation stays one token
            j = i + 1
            while j < len(text) and not _CJK.match(text[j]):
                j += 1
            tokens.append(text[i:j])
            i = j
            continue
        word = next((w for w in _WORDS if text.startswith(w, i)), None)
        if word is None:
            if ch in _SINGLES:
                word = ch
            else:
                nxt = text[i + 1] if i + 1 < len(text) else ""
                word = ch + nxt if nxt and _CJK.match(nxt) and nxt not in _SINGLES else ch
        tokens.append(word)
        i += len(word)
    return tokens


def _wrap_cjk(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    tokens = _cjk_tokens(text)
    cuts = range(1, len(tokens))
    for lines in range(2, len(tokens) + 1):
        best: tuple | None = None
        for chosen in itertools.combinations(cuts, lines - 1):
            bounds = (0, *chosen, len(tokens))
            parts = ["".join(tokens[a:b]) for a, b in itertools.pairwise(bounds)]
            if max(len(p) for p in parts) > width:
                continue
            # most even lines first, then lines ending in 与/及/和 (the phrase reads on), then earliest cuts
            key = (max(len(p) for p in parts), -sum(p[-1] in _CONNECTORS for p in parts[:-1]),
                   sum(len(p) ** 2 for p in parts), chosen)
            if best is None or key < best[0]:
                best = (key, parts)
        if best is not None:
            return best[1]
    return list(textwrap.wrap(text, width)) or [text]


def wrap_label(text: str, *, cjk_width: int = 8, latin_width: int = 18, vertical: bool = False) -> list[str]:
    """Split a label into lines: Chinese every ~``cjk_width`` characters at word boundaries (balanced,
    preferring a break after 与/及/和), other text at spaces within ``latin_width``; ``vertical`` puts one
    Chinese character per line (the guide's narrow upright boxes)."""
    text = " ".join(text.split())
    if not text:
        return [""]
    if _CJK.search(text):
        if vertical:
            return [t for t in _cjk_tokens(text) for t in ([t] if not _CJK.match(t) else list(t))]
        return _wrap_cjk(text, cjk_width)
    return textwrap.wrap(text, latin_width, break_long_words=False, break_on_hyphens=False) or [text]
