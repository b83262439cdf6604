"""The catalog: a SQLite file holding documents, chunks and quotes — the source of truth for the index.

Chroma holds the vectors and BM25 the keyword index; both are derived from the catalog and checked against it
(`version` counts every committed change), so a crash between writes can always be repaired.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from core.types import BoardMember, BoardQuorum, BoardSource, Chunk, Document, PageSpan, Quote

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, source TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,
    title TEXT NOT NULL, publisher TEXT, published TEXT, doc_type TEXT, url TEXT, author TEXT,
    pages TEXT, text TEXT NOT NULL, embedder TEXT, ingested_at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, page INTEGER, page_label TEXT,
    section TEXT, heading TEXT, footnotes TEXT, context TEXT, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, ord);
CREATE TABLE IF NOT EXISTS quotes (
    quote_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    speaker TEXT NOT NULL, role TEXT, organisation TEXT, text TEXT NOT NULL,
    page INTEGER, section TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes(doc_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS board_rows (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, ord INTEGER NOT NULL,
    icb TEXT NOT NULL, kind TEXT NOT NULL, role TEXT, category TEXT, count INTEGER, at_least INTEGER, name TEXT,
    voting INTEGER, nominated_by TEXT, quote TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    page INTEGER, section TEXT, PRIMARY KEY (doc_id, ord)
);
"""
#: Version 2 added `board_rows` (issue 13). `CREATE TABLE IF NOT EXISTS` adds it to an older catalog; its documents
#: gain their rows when the ingest recipe (which names the board extractor's version) re-reads them.
SCHEMA_VERSION = 2

_DOC_COLS = "doc_id, source, path, sha256, title, publisher, published, doc_type, url, author, pages, text"
# (Chunk field, SQL column) — rows are turned into chunks by field name, never by position
_CHUNK_COLUMNS = (("chunk_id", "c.chunk_id"), ("doc_id", "c.doc_id"), ("text", "c.text"), ("start", "c.start"),
                  ("end", 'c."end"'), ("page", "c.page"), ("section", "c.section"), ("source", "d.source"),
                  ("title", "d.title"), ("publisher", "d.publisher"), ("published", "d.published"),
                  ("doc_type", "d.doc_type"), ("url", "d.url"), ("author", "d.author"), ("page_label", "c.page_label"),
                  ("heading", "c.heading"), ("footnotes", "c.footnotes"), ("context", "c.context"))
_CHUNK_SELECT = (f"SELECT {', '.join(col for _, col in _CHUNK_COLUMNS)} FROM chunks c JOIN documents d USING (doc_id)")
_QUOTE_COLUMNS = (("quote_id", "q.quote_id"), ("speaker", "q.speaker"), ("role", "q.role"),
                  ("organisation", "q.organisation"), ("text", "q.text"), ("doc_id", "q.doc_id"), ("title", "d.title"),
                  ("publisher", "d.publisher"), ("published", "d.published"), ("page", "q.page"),
                  ("section", "q.section"), ("start", "q.start"), ("end", 'q."end"'), ("source", "d.source"))


def _chunk(row) -> Chunk:
    return Chunk(**{name: value for (name, _), value in zip(_CHUNK_COLUMNS, row, strict=True)})


def _quote(row) -> Quote:
    return Quote(**{name: value for (name, _), value in zip(_QUOTE_COLUMNS, row, strict=True)})


REBUILD_HINT = "run `ics-assistant rebuild` to restore the index"


class IndexUnavailableError(RuntimeError):
    """The index cannot be opened or written (damaged, read-only, full disk); `str(err)` is one line."""


def unavailable(home: Path, what: str, exc: BaseException) -> IndexUnavailableError:
    """The one-line error for a failure opening or writing the index in `home`."""
    reason = " ".join(str(exc).split())[:160] or type(exc).__name__
    if is_read_only(home):
        return IndexUnavailableError(f"{home}: the index folder is read-only ({reason}); make it writable")
    if getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in reason or _disk_nearly_full(home):
        return IndexUnavailableError(f"{home}: the disk is full ({reason}); documents indexed before are kept — "
                                     "free some space and run the command again")
    return IndexUnavailableError(f"{home}: the {what} is damaged ({reason}); {REBUILD_HINT}")


def _disk_nearly_full(home: Path) -> bool:
    """Chroma reports a full disk only as a failure to write its logs: judge by the space left."""
    try:
        return shutil.disk_usage(home).free < 4 * 1024 * 1024
    except OSError:
        return False


def is_read_only(folder: Path) -> bool:
    """Whether files cannot be written in `folder` (a read-only mount or no write permission)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY) or not os.access(folder, os.W_OK)
    except OSError:
        return False


class Catalog:
    """Documents, chunks and quotes in SQLite (WAL mode: readers keep working during a write)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._conn() as conn:
                conn.executescript(_SCHEMA)
                conn.execute("SELECT COUNT(*) FROM documents").fetchone()
                if self.get_meta("schema") != str(SCHEMA_VERSION) and not is_read_only(path.parent):
                    self.set_meta("schema", str(SCHEMA_VERSION))
        except (sqlite3.Error, OSError) as exc:
            raise unavailable(path.parent, f"catalog {path.name}", exc) from None

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    # ------------------------------------------------------------ version

    @property
    def version(self) -> int:
        row = self._conn().execute("SELECT value FROM meta WHERE key='version'").fetchone()
        return int(row[0]) if row else 0

    def marks(self) -> tuple[int, int]:
        """(version, vectors): the first counts committed changes to documents, the second changes to the
        vectors made after a commit (stale ones deleted); together they say whether the index has changed."""
        rows = dict(self._conn().execute("SELECT key, value FROM meta WHERE key IN ('version', 'vectors')"))
        return int(rows.get("version", 0)), int(rows.get("vectors", 0))

    def note_vectors_changed(self) -> None:
        """Record that vectors were removed after their documents' commit (see `marks`)."""
        conn = self._conn()
        with _transaction(conn, self.path):
            _bump(conn, "vectors")

    def get_meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._conn().execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------ writes

    def replace_document(self, doc: Document, chunks: list[Chunk], quotes: Iterable[Quote], embedder: str,
                         boards: Iterable[BoardMember | BoardQuorum] = ()) -> None:
        """Write a document with its chunks, quotes and board rows in one transaction (replacing any earlier
        version)."""
        conn = self._conn()
        pages = json.dumps([[p.number, p.start, p.end, p.label] for p in doc.pages]) if doc.pages else None
        with _transaction(conn, self.path):
            conn.execute("DELETE FROM documents WHERE doc_id=?", (doc.doc_id,))
            conn.execute(
                f"INSERT INTO documents({_DOC_COLS}, embedder) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc.doc_id, doc.source, doc.path, doc.sha256, doc.title, doc.publisher, doc.published,
                 doc.doc_type, doc.url, doc.author, pages, doc.text, embedder),
            )
            conn.executemany(
                'INSERT INTO chunks(chunk_id, doc_id, ord, start, "end", page, page_label, section, heading, '
                "footnotes, context, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(c.chunk_id, c.doc_id, i, c.start, c.end, c.page, c.page_label, c.section, c.heading,
                  c.footnotes, c.context, c.text) for i, c in enumerate(chunks)],
            )
            conn.executemany(
                'INSERT OR REPLACE INTO quotes(quote_id, doc_id, speaker, role, organisation, text, page, section, '
                'start, "end") VALUES (?,?,?,?,?,?,?,?,?,?)',
                [(q.quote_id, q.doc_id, q.speaker, q.role, q.organisation, q.text, q.page, q.section, q.start,
                  q.end) for q in quotes],
            )
            conn.executemany(
                'INSERT INTO board_rows(doc_id, ord, icb, kind, role, category, count, at_least, name, voting, '
                'nominated_by, quote, start, "end", page, section) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
                [_board_row(doc.doc_id, i, entry) for i, entry in enumerate(boards)],
            )
            _bump(conn)

    def remove_document(self, doc_id: str) -> None:
        conn = self._conn()
        with _transaction(conn, self.path):
            conn.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
            _bump(conn)

    # ------------------------------------------------------------ reads

    def documents(self) -> list[dict[str, Any]]:
        """Every document's metadata with its chunk count (no text)."""
        rows = self._conn().execute(
            "SELECT d.doc_id, d.source, d.path, d.sha256, d.title, d.publisher, d.published, d.doc_type, d.url, "
            "d.author, d.pages, (SELECT COUNT(*) FROM chunks c WHERE c.doc_id=d.doc_id), d.embedder "
            "FROM documents d ORDER BY d.source"
        ).fetchall()
        keys = ("doc_id", "source", "path", "sha256", "title", "publisher", "published", "doc_type", "url",
                "author", "pages", "chunks", "embedder")
        out = []
        for row in rows:
            item = dict(zip(keys, row))
            item["pages"] = len(_parse_pages(item["pages"])) or None
            out.append(item)
        return out

    def document(self, doc_id: str) -> Document | None:
        row = self._conn().execute(f"SELECT {_DOC_COLS} FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        if row is None:
            return None
        (doc_id, source, path, sha, title, publisher, published, doc_type, url, author, pages, text) = row
        return Document(doc_id=doc_id, source=source, path=path, text=text, sha256=sha, title=title,
                        publisher=publisher, published=published, doc_type=doc_type, url=url, author=author,
                        pages=_parse_pages(pages))

    def document_text(self, doc_id: str) -> str | None:
        row = self._conn().execute("SELECT text FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def doc_by_path(self, path: str) -> tuple[str, str] | None:
        """(doc_id, sha256) of the document loaded from `path`, if any."""
        row = self._conn().execute("SELECT doc_id, sha256 FROM documents WHERE path=?", (path,)).fetchone()
        return (row[0], row[1]) if row else None

    def counts(self) -> dict[str, int]:
        conn = self._conn()
        return {
            "documents": conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            "chunks": conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0],
            "quotes": conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0],
        }

    def chunk_ids(self, doc_id: str | None = None) -> list[str]:
        sql, args = "SELECT chunk_id FROM chunks", ()
        if doc_id is not None:
            sql, args = sql + " WHERE doc_id=? ORDER BY ord", (doc_id,)
        return [r[0] for r in self._conn().execute(sql, args)]

    def chunks(self, chunk_ids: list[str]) -> dict[str, Chunk]:
        """Chunks by id (ids not in the catalog are left out)."""
        out: dict[str, Chunk] = {}
        conn = self._conn()
        for i in range(0, len(chunk_ids), 500):
            part = chunk_ids[i : i + 500]
            marks = ",".join("?" * len(part))
            for row in conn.execute(f"{_CHUNK_SELECT} WHERE c.chunk_id IN ({marks})", part):
                out[row[0]] = _chunk(row)
        return out

    def doc_chunks(self, doc_id: str) -> list[Chunk]:
        rows = self._conn().execute(f"{_CHUNK_SELECT} WHERE c.doc_id=? ORDER BY c.ord", (doc_id,))
        return [_chunk(row) for row in rows]

    def iter_chunk_texts(self) -> Iterator[tuple[str, str]]:
        """(chunk_id, text to index) for every chunk, in a stable order."""
        yield from self._conn().execute(
            "SELECT chunk_id, COALESCE(context || char(10), '') || text FROM chunks ORDER BY doc_id, ord"
        )

    def doc_ids_where(self, doc_type: str | None, publisher: str | None) -> list[str]:
        sql, args = "SELECT doc_id, published FROM documents WHERE 1=1", []
        if doc_type:
            sql += " AND lower(doc_type)=lower(?)"
            args.append(doc_type)
        if publisher:
            sql += " AND lower(publisher) LIKE lower(?)"
            args.append(f"%{publisher}%")
        return [r[0] for r in self._conn().execute(sql, args)]

    def published_dates(self) -> dict[str, str | None]:
        return dict(self._conn().execute("SELECT doc_id, published FROM documents"))

    def quotes(self, doc_ids: list[str] | None = None, direct_only: bool = False, speaker: str | None = None
               ) -> list[Quote]:
        """Quotes (of the given documents), in document order; `direct_only` leaves out evidence paragraphs;
        `speaker`: only those whose speaker or organisation holds it (case-insensitive)."""
        sql = f"SELECT {', '.join(col for _, col in _QUOTE_COLUMNS)} FROM quotes q JOIN documents d USING (doc_id)"
        where, args = [], []
        if doc_ids is not None:
            where.append(f"q.doc_id IN ({','.join('?' * len(doc_ids))})")
            args += list(doc_ids)
        if direct_only:
            where.append("COALESCE(q.role, '') != 'written evidence'")
        if speaker:
            where.append("(q.speaker LIKE ? OR COALESCE(q.organisation, '') LIKE ?)")
            args += [f"%{speaker}%", f"%{speaker}%"]
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._conn().execute(sql + " ORDER BY d.source, q.start", args)
        return [_quote(row) for row in rows]


    def boards(self, doc_ids: list[str] | None = None) -> list[BoardMember | BoardQuorum]:
        """Board rows and quorum statements (of the given documents), in document order."""
        sql = ('SELECT b.kind, b.icb, b.role, b.category, b.count, b.at_least, b.name, b.voting, b.nominated_by, '
               'b.doc_id, d.title, b.quote, b.start, b."end", b.page, b.section, d.published, d.source '
               "FROM board_rows b JOIN documents d USING (doc_id)")
        args: list[str] = []
        if doc_ids is not None:
            sql += f" WHERE b.doc_id IN ({','.join('?' * len(doc_ids))})"
            args = list(doc_ids)
        out: list[BoardMember | BoardQuorum] = []
        for row in self._conn().execute(sql + " ORDER BY d.source, b.ord", args):
            kind, icb, role, category, count, at_least, name, voting, nominated, *where = row
            source = BoardSource(*where)
            if kind == "quorum":
                out.append(BoardQuorum(icb, source.quote, source))
            else:
                out.append(BoardMember(icb, role, category, count, bool(at_least), name,
                                       None if voting is None else bool(voting), nominated, source))
        return out


def _board_row(doc_id: str, ord_: int, entry: BoardMember | BoardQuorum) -> tuple:
    c = entry.citation
    if isinstance(entry, BoardQuorum):
        return (doc_id, ord_, entry.icb, "quorum", None, None, None, None, None, None, None, c.quote, c.start, c.end,
                c.page, c.section)
    voting = None if entry.voting is None else int(entry.voting)
    return (doc_id, ord_, entry.icb, "member", entry.role, entry.category, entry.count, int(entry.at_least),
            entry.name, voting, entry.nominated_by, c.quote, c.start, c.end, c.page, c.section)


class _transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error; SQLite's own errors become one-line index errors."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn, self.conn_path = conn, path

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, _tb):
        try:
            self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        except sqlite3.Error as failed:  # a full disk or read-only home: the transaction is rolled back
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise unavailable(Path(self.conn_path).parent, "catalog", failed) from None
        if isinstance(exc, sqlite3.Error):
            raise unavailable(Path(self.conn_path).parent, "catalog", exc) from None
        return False


def _bump(conn: sqlite3.Connection, key: str = "version") -> None:
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
        (key,),
    )


def _parse_pages(raw: str | None) -> tuple[PageSpan, ...]:
    if not raw:
        return ()
    return tuple(PageSpan(int(n), int(s), int(e), label) for n, s, e, label in json.loads(raw))
