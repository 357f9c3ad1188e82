"""The Whoosh schema. Every Whoosh import of the project lives here, in index.py,
columns.py, postings.py and search.py, so the Whoosh fork can be swapped in one place.

Text is normalised before it reaches Whoosh (NFC, one tone placement, lowercase), so the
analyzer is a plain `\\w+` tokenizer with lowercasing: Whoosh's StandardAnalyzer would drop
real Vietnamese syllables as English stop words or as too short.
"""

from __future__ import annotations

from whoosh.analysis import RegexTokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.analysis import SYLLABLE_PATTERN

# Bump when fields or their analysis change: an index with another version is rebuilt.
SCHEMA_VERSION = 10


def syllable_analyzer():  # noqa: ANN201 - Whoosh's analyzer type is not public
    """Syllables as written: `\\w+` tokens. The indexer lowercases text before it comes here."""
    return RegexTokenizer(SYLLABLE_PATTERN)


def build_schema() -> Schema:
    """Fields: accented and folded text, exact keywords for facets, a stored record."""
    syllables = syllable_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        group=ID(stored=True),
        site=ID(stored=True),
        title=TEXT(analyzer=syllables, phrase=False, field_boost=3.0),
        title_f=TEXT(analyzer=syllables, phrase=True, field_boost=2.5),
        # No positions: phrases, exact accents and proximity in the body are answered by
        # the text column (indexer/textcolumn.py), built from the stored `words`.
        body_f=TEXT(analyzer=syllables, phrase=False, field_boost=0.8),
        # The page's visible text, only for records whose body is not sure (low weight):
        # accented as written and folded, with positions for phrases (few documents).
        page=TEXT(analyzer=syllables, phrase=False, field_boost=0.2),
        page_f=TEXT(analyzer=syllables, phrase=True, field_boost=0.15),
        person=KEYWORD(commas=True, scorable=True, field_boost=2.0),
        person_f=KEYWORD(commas=True, lowercase=True, scorable=True, field_boost=2.0),
        code=KEYWORD(commas=True, scorable=True, field_boost=2.0),
        code_loose=KEYWORD(commas=True, scorable=True),
        code_bare=KEYWORD(commas=True, scorable=True),
        author=ID(stored=True),
        published=DATETIME(stored=True, sortable=True),
        year=NUMERIC(stored=True),
        content_hash=STORED(),
        source=ID(),  # sha256 of the file an article was read from (a moved file is found)
        words=STORED(),
        facets=STORED(),
        record=STORED(),
    )
