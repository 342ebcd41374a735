"""Optional word segmentation with jieba and a user dictionary built from the taxonomy's terms (pure).

Not used by default: loading jieba's 350,000-word dictionary takes 2–3.5 s, more than the whole budget of
a single ``minestd classify``. ``LexicalClassifier(tx, segmenter="jieba")`` adds the jieba words of node
texts and titles as features on top of the character n-grams; docs/classify.md gives its measured effect.

The tokenizer is private to minestd (``jieba.Tokenizer()``, not jieba's global one), the user dictionary is
added in memory (``add_word``), and jieba's own cache file goes to the folder the edge supplies as ``jieba_cache``
(:mod:`minestd.resources`; by default a ``minestd-jieba`` folder inside the system temporary directory, made by
:func:`minestd.world.jieba_cache`) — never next to the user's files.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..resources import supplied
from .features import content_segments

#: Frequency given to taxonomy terms so that jieba keeps them whole (jieba's own words are mostly < 1e5).
USER_WORD_FREQ = 200_000


#: The message when jieba is asked for and not installed (it is an extra: pip install 'minestd[jieba]').
JIEBA_MISSING = "the jieba segmenter needs the jieba package, an optional extra"
JIEBA_FIX = "pip install 'minestd[jieba]', or use the default --segmenter ngram"


def jieba_available() -> bool:
    """Whether the optional jieba package is installed (``--segmenter jieba`` checks it before any work)."""
    try:
        import jieba  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=4)
def tokenizer(user_words: tuple[str, ...] = ()) -> Any:
    """A private jieba tokenizer with ``user_words`` added in memory; cache file in the supplied folder. ImportError
    (:data:`JIEBA_MISSING`) when jieba is not installed."""
    try:
        import jieba
    except ImportError:
        raise ImportError(f"{JIEBA_MISSING}: {JIEBA_FIX}") from None

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.tmp_dir = supplied("jieba_cache")     # the folder for its cache file, made by the edge (minestd.world)
    tk.initialize()
    for word in user_words:
        tk.add_word(word, freq=USER_WORD_FREQ)
    return tk


def words(text: str, tk: Any, minimum: int = 2) -> list[str]:
    """Distinct jieba words (>= ``minimum`` characters) of the content segments of ``text``, in order."""
    out: list[str] = []
    for seg in content_segments(text):
        for word in tk.lcut(seg, HMM=False):
            if len(word) >= minimum and word not in out:
                out.append(word)
    return out


def user_dictionary(terms: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({t for t in terms if len(t) >= 2}))
