"""The article record: what parsing produces and indexing consumes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from indexer.extract.persons import Person
from indexer.text.codes import DocumentCode, Reference


@dataclass
class Image:
    """An image of the article body with its caption."""

    src: str
    caption: str = ""

    def to_dict(self) -> dict:
        return {"src": self.src, "caption": self.caption}


@dataclass
class Attachment:
    """A link from an article to a file it attaches (PDF, Word…), with the link's text."""

    url: str
    text: str = ""

    def to_dict(self) -> dict:
        return {"url": self.url, "text": self.text}


@dataclass
class DocumentInfo:
    """What a document record (an attached file) carries beyond an article's fields."""

    format: str  # pdf, docx, doc, odt, rtf, xlsx, xls, ods
    pages: int = 0  # pages in the file (Word files: 1)
    ocr_pages: int = 0  # pages read by OCR
    size: int = 0  # bytes
    scan: bool = False  # most of its text was read by OCR
    file_name: str = ""
    own_code: str | None = None  # số/ký hiệu of the (first) document the file holds
    doc_type: str | None = None  # "Báo cáo", "Quyết định"…
    issuer_name: str | None = None  # the issuing body as printed
    signer: str | None = None
    signer_role: str | None = None
    page_starts: list[int] = field(default_factory=list)  # body paragraph where page n begins
    others: list[dict] = field(default_factory=list)  # later documents in the same file
    notes: list[str] = field(default_factory=list)  # what was cut or left unread

    def to_dict(self) -> dict:
        return {
            "format": self.format,
            "pages": self.pages,
            "ocr_pages": self.ocr_pages,
            "size": self.size,
            "scan": self.scan,
            "file_name": self.file_name,
            "own_code": self.own_code,
            "doc_type": self.doc_type,
            "issuer_name": self.issuer_name,
            "signer": self.signer,
            "signer_role": self.signer_role,
            "page_starts": list(self.page_starts),
            "others": list(self.others),
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict) -> DocumentInfo:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class ArticleRecord:
    """One article, as understood by the parser."""

    path: str
    title: str
    body: list[str]
    published: date | None = None
    event_date: date | None = None
    author: str | None = None
    source_url: str | None = None
    url: str | None = None
    site: str | None = None
    persons: list[Person] = field(default_factory=list)
    codes: list[DocumentCode] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    kind: str = "article"  # "listing": a page of links; "document": an attached file
    gone: bool = False  # the source answered 404/410 at the last crawl
    capture: dict | None = None  # where the crawler archived it: {"warc", "offset", "date"}
    source_hash: str | None = None  # sha256 of the file read: finds a file that moved
    confidence: str = "found"  # is `body` the article? "found", "unsure" or "none"
    page_text: str = ""  # the page's visible text, kept when the body is not sure (searched)
    attachments: list[Attachment] = field(default_factory=list)  # files the page links
    document: DocumentInfo | None = None  # set on records of attached files

    @property
    def body_text(self) -> str:
        return "\n".join(self.body)

    @property
    def doc_id(self) -> str:
        """Stable identity: the article's own URL when known, else its path as indexed.

        The path is relative to the folder given to `vankien index` (that folder's name
        first), so the same files indexed from another place keep their identity.
        """
        return self.url or self.path

    def cited_codes(self) -> list[str]:
        """Explicit codes plus resolved references, each once."""
        keys = [c.code for c in self.codes]
        keys += [r.key for r in self.references if r.resolved]
        return list(dict.fromkeys(keys))

    def content_hash(self) -> str:
        """Hash of everything parsed, so an unchanged article can be skipped."""
        payload = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @classmethod
    def from_dict(cls, data: dict) -> ArticleRecord:
        """The inverse of `to_dict` (the index stores records this way)."""

        def day(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            path=data["path"],
            title=data["title"],
            body=data["body"].split("\n") if data["body"] else [],
            published=day(data.get("published")),
            event_date=day(data.get("event_date")),
            author=data.get("author"),
            source_url=data.get("source_url"),
            url=data.get("url"),
            site=data.get("site"),
            persons=[Person(p["name"], list(p["roles"])) for p in data.get("persons", [])],
            codes=[DocumentCode(**c) for c in data.get("codes", [])],
            references=[Reference(**r) for r in data.get("references", [])],
            images=[Image(**i) for i in data.get("images", [])],
            kind=data.get("kind", "article"),
            gone=bool(data.get("gone")),
            capture=data.get("capture"),
            source_hash=data.get("source_hash"),
            confidence=data.get("confidence", "found"),
            page_text=data.get("page_text", ""),
            attachments=[Attachment(**a) for a in data.get("attachments", [])],
            document=DocumentInfo.from_dict(data["document"]) if data.get("document") else None,
        )

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "author": self.author,
            "source_url": self.source_url,
            "site": self.site,
            "persons": [p.to_dict() for p in self.persons],
            "codes": [c.to_dict() for c in self.codes],
            "references": [r.to_dict() for r in self.references],
            "images": [i.to_dict() for i in self.images],
            "kind": self.kind,
            "gone": self.gone,
            "capture": self.capture,
            "source_hash": self.source_hash,
            "confidence": self.confidence,
            "page_text": self.page_text,
            **(
                {"attachments": [a.to_dict() for a in self.attachments]} if self.attachments else {}
            ),
            **({"document": self.document.to_dict()} if self.document else {}),
            "body": self.body_text,
        }
