"""A "did you mean" suggestion as the query the user typed, with only some words changed.

The suggester corrects the query's plain words; the rest of what was typed (a code
such as "chỉ thị 05" or "29-NQ/TW", field:value, quotes, NOT) must stay in the
suggestion, or following it runs another search.
"""

from __future__ import annotations

import re

from indexer.text.normalize import fold_diacritics

_TOKEN = re.compile(r"\w+")


def respell_query(q: str, words: list[str], replacements: list[str]) -> str:
    """`q` with each of `words`, in order, replaced by its `replacements` item.

    A word is found as the next token of `q` that is the same once diacritics are folded
    (the parser gives "hòa" for a typed "hoà"); a word not found is left alone.
    """
    out: list[str] = []
    position = 0
    tokens = list(_TOKEN.finditer(q))
    index = 0
    for word, new in zip(words, replacements, strict=True):
        target = fold_diacritics(word)
        for at in range(index, len(tokens)):
            token = tokens[at]
            if fold_diacritics(token.group()) == target:
                out.append(q[position : token.start()])
                out.append(token.group() if new == word else new)
                position, index = token.end(), at + 1
                break
    out.append(q[position:])
    return "".join(out)
