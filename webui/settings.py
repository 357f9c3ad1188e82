"""Web settings: defaults, then environment variables, then command-line flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from indexer.limits import Limits
from indexer.store import is_database


@dataclass(frozen=True)
class Settings:
    """Every setting of `vankien serve`, with the environment variable that sets it."""

    index_dir: str | Path = Path("index")  # VANKIEN_INDEX: a folder, or postgresql://…
    warc_dir: Path = Path("crawl")  # VANKIEN_WARC: where captured copies are read from
    host: str = "127.0.0.1"  # VANKIEN_HOST
    port: int = 8080  # VANKIEN_PORT
    threads: int = 8  # VANKIEN_THREADS: waitress threads per worker process
    workers: int = 2  # VANKIEN_WORKERS: server processes (one per core)
    # VANKIEN_MAX_QUERY_CHARS, VANKIEN_MAX_PER_PAGE, VANKIEN_MAX_PAGE, VANKIEN_EXPORT_LIMIT
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, object] = {"limits": Limits.from_env(environ)}
        for item in fields(cls):
            if item.name == "limits":
                continue
            raw = environ.get(f"VANKIEN_{item.name.upper().removesuffix('_DIR')}")
            if raw is None:
                raw = environ.get(f"VANKIEN_{item.name.upper()}")
            if raw is not None and item.name == "index_dir":
                values[item.name] = raw if is_database(raw) else Path(raw)
            elif raw is not None:
                default = getattr(cls, item.name)
                values[item.name] = (
                    type(default)(raw) if not isinstance(default, Path) else Path(raw)
                )
        settings = cls(**values)  # type: ignore[arg-type]
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})
