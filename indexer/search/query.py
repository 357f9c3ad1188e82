"""The query language, parsed into a small tree that knows nothing of Whoosh.

    nghi quyet 29          words (with or without diacritics); found together ranks first
    "xây dựng Đảng"        a phrase
    a AND b, a OR b, NOT a, -a, ( … )
    title:…  person:…  code:…  site:…  author:…  year:2017  date:2017-01-01..2017-06-30
    dang*                  a prefix (bounded expansion)

Document codes are recognised in any spelling ("29 - NQ/TƯ", "nq 29 tw", "Nghị quyết 29").
Every input gives a tree: unbalanced quotes and parentheses are closed, stray operators
dropped, and what was done is written into `warnings`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from indexer.fields import FIELD_ALIASES, QUERY_FIELDS
from indexer.search.code_spelling import CodePattern, find_code_patterns, parse_code_pattern
from indexer.text.analysis import Term, folded_text, term
from indexer.text.codes import prepare_for_codes
from indexer.text.dates import make_date
from indexer.text.normalize import fold_diacritics, normalize_text

# What one query may ask for, whatever its length: the search's work grows with these.
MAX_TERMS = 32  # words, prefixes, phrase words, codes and field values; the rest is dropped
MAX_DEPTH = 16  # nested parentheses; deeper ones are ignored (their words still count)
MAX_PREFIX_TERMS = 200  # indexed words one prefix (dang*) stands for
MAX_EXPANSIONS = 200  # indexed words all the prefixes of a query stand for together
# Quoted phrases looked for as phrases: one of common words reads the words of every
# article (0.1 s at 100,000). Later ones are looked for as words (all required, ranked
# higher where they stand together).
MAX_PHRASES = 3
FIELDS = QUERY_FIELDS  # name:value; FIELD_ALIASES gives their Vietnamese names (nguoi:)
# Told when something was typed but nothing in it can be searched ("NOT", "*", "-", an
# emoji): such a query finds nothing, while an empty one lists every article.
NOTHING_TO_SEARCH = (
    "Truy vấn không có từ nào để tìm (chỉ có dấu, ký hiệu hoặc toán tử) nên không có kết quả; "
    "để xem mọi bài, hãy để trống ô tìm kiếm."
)


@dataclass
class Node:
    """Base of the query tree."""

    def children(self) -> list[Node]:
        """The nodes directly below this one (none for a leaf)."""
        return []

    def walk(self, *, negated: bool = True) -> Iterator[Node]:
        """Every node of this subtree in pre-order (a node, then its children left to
        right). With `negated=False`, what a NOT excludes is left out, NOT node and all:
        the nodes a match requires."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            if not negated and isinstance(node, Not):
                continue
            yield node
            stack.extend(reversed(node.children()))


@dataclass
class Words(Node):
    """Plain words typed side by side: all required, ranked higher when adjacent."""

    words: list[str]
    # The words analysed once (accented and folded); no later stage folds them again.
    terms: list[Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.terms = [term(w) for w in self.words]


@dataclass
class Phrase(Node):
    words: list[str]
    terms: list[Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.terms = [term(w) for w in self.words]


@dataclass
class Prefix(Node):
    prefix: str
    # The indexed words it may stand for: its share of the query's MAX_EXPANSIONS.
    limit: int = field(default=MAX_PREFIX_TERMS, compare=False)


@dataclass
class FieldValue(Node):
    field: str
    value: str
    # The value analysed once: its syllables (title:) and its folded whole (person:, site:…).
    terms: list[Term] = dataclasses.field(init=False, repr=False, compare=False)
    folded: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.terms = [term(w) for w in self.value.split()]
        self.folded = folded_text(self.value)


@dataclass
class CodeRef(Node):
    key: str
    loose: bool = False  # a bare mention: match the issuer-free key ("29-NQ")
    # How the code was typed; the search matches every indexed code it may mean.
    pattern: CodePattern | None = None


@dataclass
class DateRange(Node):
    start: date | None
    end: date | None


@dataclass
class And(Node):
    operands: list[Node]

    def children(self) -> list[Node]:
        return self.operands


@dataclass
class Or(Node):
    operands: list[Node]

    def children(self) -> list[Node]:
        return self.operands


@dataclass
class Not(Node):
    operand: Node

    def children(self) -> list[Node]:
        return [self.operand]


@dataclass
class ParsedQuery:
    """The tree plus what a person should be told about how it was read."""

    root: Node | None
    codes: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # what a NOT or "-" excludes, as read
    warnings: list[str] = field(default_factory=list)
    depth: int = 0  # the deepest nesting of parentheses typed (before any was ignored)
    blank: bool = True  # nothing was typed: every article matches

    @property
    def matches_everything(self) -> bool:
        """True for an empty query (every article, newest first). A query typed with
        nothing searchable in it has no tree either, and matches nothing."""
        return self.root is None and self.blank

    def warn(self, message: str) -> None:
        """Tell the user `message` once, however often the query gives cause."""
        if message not in self.warnings:
            self.warnings.append(message)

    def exclude(self, operand: Node) -> None:
        """Read `operand` as excluded: its codes, field values and phrases leave the lists
        of what the query looks for, and it is named in `excluded`."""
        for node in operand.walk():
            match node:
                case CodeRef(key=key):
                    if key in self.codes:
                        self.codes.remove(key)
                    _remove_value(self.fields, "code", key)
                case FieldValue(field=name, value=value):
                    _remove_value(self.fields, name, value)
                case Phrase(words=words) if " ".join(words) in self.phrases:
                    self.phrases.remove(" ".join(words))
        self.excluded.append(_node_text(operand))

    def walk(self, *, negated: bool = True) -> Iterator[Node]:
        """Every node of the tree in pre-order (none for an empty query); see `Node.walk`."""
        if self.root is not None:
            yield from self.root.walk(negated=negated)


def _remove_value(fields: dict[str, list[str]], name: str, value: str) -> None:
    """Take one `value` (compared folded) out of `fields[name]`, the name too when empty."""
    values = fields.get(name, [])
    for i, typed in enumerate(values):
        if folded_text(typed.strip('"')) == folded_text(value):
            del values[i]
            break
    if name in fields and not values:
        del fields[name]


def _node_text(node: Node) -> str:
    """A short reading of a query part, as the page names what was excluded."""
    match node:
        case Words(words=words):
            return " ".join(words)
        case Phrase(words=words):
            return "“" + " ".join(words) + "”"
        case Prefix(prefix=prefix):
            return prefix + "*"
        case CodeRef(key=key):
            return key
        case FieldValue(field=name, value=value):
            return f"{name}:{value}"
        case DateRange(start=start, end=end):
            return f"{start or ''}..{end or ''}"
        case And(operands=parts):
            return "(" + " ".join(_node_text(p) for p in parts) + ")"
        case Or(operands=parts):
            return "(" + " OR ".join(_node_text(p) for p in parts) + ")"
        case Not(operand=inner):
            return "NOT " + _node_text(inner)
    return ""


_TOKEN = re.compile(
    r'(?P<field>[^\W\d_]+):(?P<fvalue>"[^"]*"?|\([^)]*\)?|[^\s()"]+)'
    r'|(?P<negate>-)(?=["(])'  # -"a phrase", -(a OR b): NOT before what follows
    r'|(?P<quote>"[^"]*"?)'
    r"|(?P<open>\()|(?P<close>\))"
    r"|(?P<word>[^\s()\"]+)"
)
_CODE_PLACEHOLDER = "\x00code{}\x00"
_DATE_VALUE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def _field_name(typed: str) -> str:
    """The field a typed name stands for, typed with accents or without ("người", "nguoi",
    "person"); other words are returned folded and are not fields."""
    name = fold_diacritics(typed.lower())
    return FIELD_ALIASES.get(name, name)


def _quoted_or_field_spans(text: str) -> list[tuple[int, int]]:
    """Quoted phrases and field values other than code: there a code is plain words
    ("thực hiện Nghị quyết 29-NQ/TW" as a phrase, title:"chỉ thị 05")."""
    spans = []
    for m in _TOKEN.finditer(text):
        if m["field"]:
            name = _field_name(m["field"])
            if name in FIELDS and name != "code":
                spans.append(m.span())
        elif m["quote"]:
            spans.append(m.span())
    return spans


def _recognise_codes(text: str, parsed: ParsedQuery) -> tuple[str, list[CodeRef]]:
    """Replace every code in `text` by a placeholder token; return the codes found."""
    prepared = prepare_for_codes(text)
    protected = _quoted_or_field_spans(prepared)
    found = [
        (start, end, pattern)
        for start, end, pattern in find_code_patterns(prepared)
        if all(end <= s or start >= e for s, e in protected)
    ]
    out, refs, last = [], [], 0
    for start, end, pattern in found:
        out.append(prepared[last:start])
        out.append(f" {_CODE_PLACEHOLDER.format(len(refs))} ")
        refs.append(CodeRef(pattern.label(), pattern=pattern))
        last = end
    out.append(prepared[last:])
    joined = re.sub(r"(\w+):\s+(\x00code\d+\x00)", r"\1:\2", "".join(out))
    parsed.codes.extend(ref.key for ref in refs)
    return joined, refs


class _Parser:
    def __init__(
        self, tokens: list[tuple[str, str]], refs: list[CodeRef], parsed: ParsedQuery
    ) -> None:
        self.tokens, self.refs, self.parsed, self.pos = tokens, refs, parsed, 0
        self.phrases = 0  # Phrase nodes made, up to MAX_PHRASES

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse_or(self, depth: int = 0) -> Node | None:
        children = [self.parse_and(depth)]
        while (token := self.peek()) and token == ("op", "OR"):
            self.take()
            children.append(self.parse_and(depth))
        children = [c for c in children if c is not None]
        if not children:
            return None
        return children[0] if len(children) == 1 else Or(children)

    def parse_and(self, depth: int) -> Node | None:
        children: list[Node] = []
        words: list[str] = []

        def flush_words() -> None:
            if words:
                children.append(Words(list(words)))
                words.clear()

        while (token := self.peek()) is not None:
            kind, value = token
            if kind == "close":
                if depth > 0:
                    break
                self.take()
                self.parsed.warn("bỏ qua dấu ')' thừa")
                continue
            if kind == "op" and value == "OR":
                break
            self.take()
            if kind == "op" and value == "AND":
                flush_words()
                continue
            if kind == "op" and value == "NOT":
                flush_words()
                operand = self.parse_unary(depth)
                if operand is not None:
                    children.append(Not(operand))
                    self.parsed.exclude(operand)
                continue
            if kind == "word":
                words.append(value)
                continue
            flush_words()
            node = self.parse_atom(kind, value, depth)
            if node is not None:
                children.append(node)
        flush_words()
        if not children:
            return None
        return children[0] if len(children) == 1 else And(children)

    def parse_unary(self, depth: int) -> Node | None:
        token = self.peek()
        if token is None or token[0] == "close" or token[0] == "op":
            self.parsed.warn("bỏ qua NOT không có điều kiện theo sau")
            return None
        kind, value = self.take()
        if kind == "word":
            return Words([value])
        return self.parse_atom(kind, value, depth)

    def parse_atom(self, kind: str, value: str, depth: int) -> Node | None:
        if kind == "open":
            inner = self.parse_or(depth + 1)
            if self.peek() == ("close", ")"):
                self.take()
            else:
                self.parsed.warn("đã thêm dấu ')' còn thiếu")
            return inner
        if kind == "phrase":
            words = _query_words(value)
            if not words:
                return None
            if len(words) > 1 and self.phrases == MAX_PHRASES:
                self.parsed.warn(
                    f"chỉ tìm đúng {MAX_PHRASES} cụm từ trong ngoặc kép đầu tiên; "
                    "các cụm sau được tìm theo từng từ"
                )
                return Words(words)
            self.parsed.phrases.append(" ".join(words))
            if len(words) == 1:
                return Words(words)
            self.phrases += 1
            return Phrase(words)
        if kind == "prefix":
            return Prefix(value)
        if kind == "code":
            return self.refs[int(value)]
        if kind == "field":
            name, raw = value.split(":", 1)
            return _field_node(name, raw, self.parsed, self.refs)
        return None


def _query_words(text: str) -> list[str]:
    return re.findall(r"\w+", normalize_text(text).lower())


def _field_node(name: str, raw: str, parsed: ParsedQuery, refs: list[CodeRef]) -> Node | None:
    raw = raw.strip().strip('"').strip()
    if not raw:
        return None
    parsed.fields.setdefault(name, []).append(raw)
    if name == "code":
        placeholder = re.fullmatch(r"\x00code(\d+)\x00", raw)
        if placeholder:
            return refs[int(placeholder.group(1))]
        pattern = parse_code_pattern(raw)
        if pattern is None:
            return CodeRef(raw.upper())
        parsed.codes.append(pattern.label())
        return CodeRef(pattern.label(), pattern=pattern)
    if name == "title":
        words = _query_words(raw)
        return FieldValue("title", " ".join(words)) if words else None
    if name in ("year", "date"):
        return _date_node(name, raw, parsed)
    return FieldValue(name, normalize_text(raw))


def _date_node(name: str, raw: str, parsed: ParsedQuery) -> Node | None:
    parts = re.split(r"\.\.|,", raw, maxsplit=1)

    def bound(text: str, end: bool) -> date | None:
        m = _DATE_VALUE.fullmatch(text.strip())
        if not m:
            return None
        year, month, day = int(m[1]), int(m[2] or (12 if end else 1)), int(m[3] or 0)
        if not day:
            day = 31 if end else 1
            while end and day > 28 and make_date(year, month, day) is None:
                day -= 1
        return make_date(year, month, day)

    start = bound(parts[0], False) if parts[0].strip() else None
    end = bound(parts[-1], True) if parts[-1].strip() else None
    if (parts[0].strip() and start is None) or (parts[-1].strip() and end is None):
        parsed.warn(
            f"không hiểu {name}:{raw} (dạng đúng: 2017, 2017-08 hoặc 2017-01-01..2017-06-30)"
        )
        return None
    return DateRange(start, end)


# A dash that starts a field value or a number ("-ma:05-CT/TW", "-05-CT/TW") excludes it:
# written as NOT before codes are recognised, so that the code stays whole.
_DASHED_PART = re.compile(r"(^|[\s(])-(?=[^\W\d_]+:|\d)")


def _dashes_as_not(text: str) -> str:
    """`text` with each excluding dash before a field or a number written as NOT
    (outside quoted phrases, where a dash is part of the phrase)."""
    parts = text.split('"')
    for i in range(0, len(parts), 2):
        parts[i] = _DASHED_PART.sub(r"\1NOT ", parts[i])
    return '"'.join(parts)


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        if m["field"]:
            name = _field_name(m["field"])
            value = m["fvalue"]
            if name in FIELDS:
                tokens.append(("field", f"{name}:{value}"))
                continue
            word_text = f"{m['field']} {value}"
            tokens.extend(("word", w) for w in _query_words(word_text))
        elif m["negate"]:
            tokens.append(("op", "NOT"))
        elif m["quote"]:
            tokens.append(("phrase", m["quote"].strip('"')))
        elif m["open"]:
            tokens.append(("open", "("))
        elif m["close"]:
            tokens.append(("close", ")"))
        else:
            word = m["word"]
            if word in ("AND", "OR", "NOT", "&&", "||"):
                tokens.append(("op", {"&&": "AND", "||": "OR"}.get(word, word)))
            elif re.fullmatch(r"\x00code\d+\x00", word):
                tokens.append(("code", word.strip("\x00")[4:]))
            elif word.startswith("-") and len(word) > 1:
                # "-covid-19" excludes the whole of what follows the dash, not its first word.
                words = _query_words(word[1:])
                if words:
                    tokens.append(("op", "NOT"))
                    tokens.append(
                        ("phrase", " ".join(words)) if len(words) > 1 else ("word", words[0])
                    )
            elif word.endswith("*") and len(_query_words(word)) == 1:
                prefix = _query_words(word)[0]
                if len(prefix) >= 2:
                    tokens.append(("prefix", fold_diacritics(prefix)))
            else:
                tokens.extend(("word", w) for w in _query_words(word))
    return tokens


def _token_words(kind: str, value: str) -> int:
    """How much of the query's term budget a token takes: a phrase or a title: value
    one per word, anything else one."""
    if kind == "phrase":
        return len(_query_words(value))
    if kind == "field" and value.startswith("title:"):
        return len(_query_words(value[len("title:") :]))
    return 1 if kind in ("word", "prefix", "code", "field") else 0


def _cut_token(kind: str, value: str, keep: int) -> tuple[str, str]:
    """A phrase or title: value cut to its first `keep` words."""
    if kind == "phrase":
        return kind, " ".join(_query_words(value)[:keep])
    return kind, 'title:"' + " ".join(_query_words(value[len("title:") :])[:keep]) + '"'


def _within_budget(tokens: list[tuple[str, str]], parsed: ParsedQuery) -> list[tuple[str, str]]:
    """The tokens up to MAX_TERMS words, prefixes, phrase words, codes and field values;
    a phrase crossing the limit is cut. The search's work grows with what is kept."""
    kept: list[tuple[str, str]] = []
    used = 0
    for kind, value in tokens:
        weight = _token_words(kind, value)
        if weight and used + weight > MAX_TERMS:
            parsed.warn(f"chỉ dùng {MAX_TERMS} từ đầu tiên")
            if used < MAX_TERMS and kind in ("phrase", "field"):
                kept.append(_cut_token(kind, value, MAX_TERMS - used))
            used = MAX_TERMS
            continue
        used += weight
        kept.append((kind, value))
    return kept


def _bound_nesting(tokens: list[tuple[str, str]], parsed: ParsedQuery) -> list[tuple[str, str]]:
    """The tokens without the parentheses nested deeper than MAX_DEPTH (what they hold
    joins the enclosing group), so the parser's recursion is bounded for any input.
    Records the deepest nesting typed in `parsed.depth`."""
    kept: list[tuple[str, str]] = []
    opened: list[bool] = []  # for each open parenthesis: whether it was kept
    for token in tokens:
        if token[0] == "open":
            keep = len(opened) < MAX_DEPTH
            opened.append(keep)
            parsed.depth = max(parsed.depth, len(opened))
            if not keep:
                parsed.warn(f"bỏ qua dấu ngoặc lồng sâu hơn {MAX_DEPTH} cấp")
                continue
        elif token[0] == "close" and opened and not opened.pop():
            continue
        kept.append(token)
    return kept


def parse_query(text: str) -> ParsedQuery:
    """Parse any string into a query tree; never raises. The tree holds at most
    MAX_TERMS terms and MAX_DEPTH levels of parentheses, whatever the input."""
    text = normalize_text(text or "")
    parsed = ParsedQuery(root=None, blank=not text.strip())
    if text.count('"') % 2:
        parsed.warn('đã đóng dấu " còn thiếu')
    replaced, refs = _recognise_codes(_dashes_as_not(text), parsed)
    tokens = _bound_nesting(_within_budget(_tokenize(replaced), parsed), parsed)
    kept_codes = {int(value) for kind, value in tokens if kind == "code"}
    parsed.codes = [ref.key for i, ref in enumerate(refs) if i in kept_codes]
    parser = _Parser(tokens, refs, parsed)
    parsed.root = parser.parse_or()
    while parser.peek() is not None:  # stray tokens after a closing parenthesis
        parser.take()
        rest = parser.parse_or()
        if rest is not None:
            parsed.root = rest if parsed.root is None else And([parsed.root, rest])
    if parsed.root is None and not parsed.blank:
        parsed.warnings.insert(0, NOTHING_TO_SEARCH)
    _share_expansions(parsed)
    return parsed


def _share_expansions(parsed: ParsedQuery) -> None:
    """Give each prefix its share of MAX_EXPANSIONS (at most MAX_PREFIX_TERMS): whatever
    the number of prefixes, a query stands for a bounded number of indexed words."""
    prefixes = [node for node in parsed.walk() if isinstance(node, Prefix)]
    for node in prefixes:
        node.limit = min(MAX_PREFIX_TERMS, max(1, MAX_EXPANSIONS // len(prefixes)))
