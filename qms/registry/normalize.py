"""The registry's search keys: how names, numbers and standards are compared.

Pure functions, used when a row is written (services, imports, seed) and when a query is read
(selectors), so both sides always agree:

- `name_key("Müller-Lüdenscheid GmbH")` → `"muller ludenscheid gmbh"`: case folded (ß → ss),
  accents stripped (Unicode NFKD, combining marks dropped), every run of anything that is not a
  letter or digit made one space. A company-name prefix search compares these keys.
- `name_words(...)` → the distinct words of the holder's name and trading name, each at most
  `WORD_MAX` characters: the rows of `NameWord`, for "any word starts with" searches.
- `number_key(" gb 123/45 ")` → `"GB123/45"`: upper case, no white space. Numbers are only
  ever matched exactly on this key.
- `standards_key(("ISO 9001:2015",))` → `"|iso 9001:2015|"`: the standards filter looks for
  `"|iso 9001"` in it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

WORD_MAX = 64
NAME_KEY_MAX = 300
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Case folded, accents stripped, compatibility characters decomposed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFKC", stripped)


def name_key(text: str) -> str:
    """A name as compared by search: folded, punctuation made spaces, one space between words."""
    return _NOT_WORD.sub(" ", fold(text)).strip()[:NAME_KEY_MAX]


def name_words(*names: str) -> list[str]:
    """The distinct words of the names, in order of first appearance."""
    seen: dict[str, None] = {}
    for name in names:
        for word in name_key(name).split(" "):
            if word:
                seen.setdefault(word[:WORD_MAX], None)
    return list(seen)


def number_key(number: str) -> str:
    """A certificate number as matched: upper case, white space removed."""
    return _SPACE.sub("", number).upper()


def standard_key(standard: str) -> str:
    return _SPACE.sub(" ", fold(standard)).strip()


def standards_key(standards: Iterable[str]) -> str:
    keys = [standard_key(item) for item in standards if item.strip()]
    return "|" + "|".join(keys) + "|" if keys else ""
