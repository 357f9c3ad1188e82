"""The Whoosh schema, derived from the fields declared in indexer/fields.py (a field is
added there, not here). Every Whoosh import of the project is in this package.

Text is normalised before it reaches Whoosh (indexer/text/analysis.py: NFC, one tone
placement, lowercase), so the analyzer is a plain `\\w+` tokenizer: Whoosh's
StandardAnalyzer would drop real Vietnamese syllables as English stop words or as too
short.
"""

from __future__ import annotations

from whoosh.analysis import RegexTokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema

from indexer.fields import INDEX_FORMS, Form, Kind
from indexer.text.analysis import SYLLABLE_PATTERN

# Bump when fields or their analysis change: an index with another version is rebuilt.
SCHEMA_VERSION = 12


def syllable_analyzer():  # noqa: ANN201 - Whoosh's analyzer type is not public
    """Syllables as written: `\\w+` tokens. The indexer lowercases text before it comes here."""
    return RegexTokenizer(SYLLABLE_PATTERN)


def build_schema() -> Schema:
    """One Whoosh field per form declared in indexer/fields.py, in the order declared."""
    syllables = syllable_analyzer()
    return Schema(**{form.name: whoosh_field(form, syllables) for form in INDEX_FORMS})


def whoosh_field(form: Form, syllables) -> FieldType:  # noqa: ANN001 - a Whoosh analyzer
    """The Whoosh field type of one declared form."""
    match form.kind:
        case Kind.ID:
            return ID(stored=form.stored, unique=form.unique)
        case Kind.TEXT:
            return TEXT(analyzer=syllables, phrase=form.phrase, field_boost=form.boost)
        case Kind.KEYWORD:
            return KEYWORD(
                commas=True, lowercase=form.lowercase, scorable=True, field_boost=form.boost
            )
        case Kind.DATETIME:
            return DATETIME(stored=form.stored, sortable=form.sortable)
        case Kind.NUMERIC:
            return NUMERIC(stored=form.stored)
        case Kind.STORED:
            return STORED()
    raise ValueError(f"unknown kind of field: {form.kind}")
