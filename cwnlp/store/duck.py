"""The embedded DuckDB store: one table per record type of :mod:`cwnlp.model`.

Table schemas are derived from the dataclasses, so the store, the exports and
every stage share one definition.  Writes are idempotent: documents are keyed
by ``id``; per-document tables (sentences, entities, relations, measures) are
replaced document by document; a failure row is replaced when the same input
fails again at the same stage and removed when it later succeeds.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from cwnlp.model import Document, Entity, Failure, Measure, Relation, Sentence

T = TypeVar("T")

#: table name -> record type.  Later stages add their tables here.
TABLES: dict[str, type] = {
    "documents": Document,
    "failures": Failure,
    "sentences": Sentence,
    "entities": Entity,
    "relations": Relation,
    "measures": Measure,
}

#: tables whose rows belong to one document and are replaced per document
PER_DOCUMENT = ("sentences", "entities", "relations", "measures")


class StoreError(RuntimeError):
    """The store file cannot be opened or written."""


def _column(tp: Any) -> tuple[str, pa.DataType, str]:
    """SQL type, Arrow type and a kind tag for a dataclass field annotation."""
    hints = typing.get_args(tp) if isinstance(tp, types.UnionType) else (tp,)
    base = next((h for h in hints if h is not type(None)), str)
    origin = typing.get_origin(base)
    if origin is list:
        return "VARCHAR[]", pa.list_(pa.string()), "list"
    if origin is dict:
        return "JSON", pa.string(), "json"
    if base is bool:
        return "BOOLEAN", pa.bool_(), "scalar"
    if base is int:
        return "BIGINT", pa.int64(), "scalar"
    if base is float:
        return "DOUBLE", pa.float64(), "scalar"
    return "VARCHAR", pa.string(), "scalar"


def _fields(cls: type) -> list[tuple[str, str, pa.DataType, str]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, *_column(hints[f.name])) for f in dataclasses.fields(cls)]


def table_schema(table: str) -> pa.Schema:
    """The Arrow schema of a store table."""
    return pa.schema([(name, atype) for name, _, atype, _ in _fields(TABLES[table])])


def to_arrow(table: str, records: Sequence[Any]) -> pa.Table:
    """Records of a table's type as an Arrow table (dict fields as JSON text)."""
    fields = _fields(TABLES[table])
    columns: dict[str, list[Any]] = {name: [] for name, *_ in fields}
    for record in records:
        for name, _, _, kind in fields:
            value = getattr(record, name)
            if kind == "json":
                value = json.dumps(value or {}, ensure_ascii=False)
            elif kind == "list":
                value = [str(v) for v in (value or [])]
            columns[name].append(value)
    return pa.table(columns, schema=table_schema(table))


class Store:
    """A DuckDB file holding documents, failures and extraction results.

    >>> with Store("corpus.duckdb") as store:
    ...     store.write("documents", docs)
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = None

    # -- connection -------------------------------------------------------
    def open(self) -> Store:
        if self._con is None:
            try:
                if not self.read_only:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                self._con = duckdb.connect(str(self.path), read_only=self.read_only)
            except (duckdb.Error, OSError) as exc:
                raise StoreError(f"cannot open store {self.path}: {exc}") from exc
            if not self.read_only:
                for table in TABLES:
                    self._create(table)
        return self

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Store:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        return self.open()._con  # type: ignore[return-value]

    def _create(self, table: str) -> None:
        cols = ", ".join(f'"{name}" {sql}' for name, sql, _, _ in _fields(TABLES[table]))
        self.con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")

    # -- writing ----------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: a failed write leaves the store as it was."""
        con = self.con
        con.execute("BEGIN")
        try:
            yield con
        except Exception:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def write(self, table: str, records: Sequence[Any]) -> int:
        """Insert or replace records; returns how many were written."""
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r}; known: {', '.join(TABLES)}")
        if not records:
            return 0
        with self._transaction() as con:
            con.register("incoming", to_arrow(table, records))
            if table == "documents":
                con.execute("DELETE FROM documents WHERE id IN (SELECT id FROM incoming)")
                # a document that now exists no longer counts as failed
                con.execute("DELETE FROM failures WHERE input IN (SELECT input FROM incoming)")
            elif table == "failures":
                con.execute(
                    "DELETE FROM failures f USING incoming i WHERE f.input = i.input AND f.stage = i.stage"
                )
            con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
            con.unregister("incoming")
        return len(records)

    def replace_for_documents(self, table: str, doc_ids: Iterable[str], records: Sequence[Any]) -> int:
        """Replace all rows of a per-document table for the given documents."""
        if table not in PER_DOCUMENT:
            raise StoreError(f"{table} is not a per-document table")
        ids = sorted(set(doc_ids))
        with self._transaction() as con:
            if ids:
                con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [ids])
            if records:
                con.register("incoming", to_arrow(table, records))
                con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
                con.unregister("incoming")
        return len(records)

    # -- reading ----------------------------------------------------------
    def count(self, table: str) -> int:
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]

    def read(self, table: str, where: str | None = None, params: Sequence[Any] = ()) -> list[Any]:
        """All rows of a table as records of its dataclass."""
        cls = TABLES[table]
        sql = f"SELECT * FROM {table}" + (f" WHERE {where}" if where else "")
        order = " ORDER BY id" if table == "documents" else ""
        cur = self.con.execute(sql + order, list(params))
        names = [d[0] for d in cur.description]
        return [cls.from_record(dict(zip(names, row, strict=True))) for row in cur.fetchall()]

    def documents(self, canonical_only: bool = False) -> list[Document]:
        return self.read("documents", "is_canonical" if canonical_only else None)

    def document_ids(self) -> set[str]:
        return {row[0] for row in self.con.execute("SELECT id FROM documents").fetchall()}

    # -- export -----------------------------------------------------------
    def export(self, table: str, fmt: str, out: str | Path) -> Path:
        """Write a table as parquet, csv or jsonl; lists and dicts stay JSON in csv."""
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r}; known: {', '.join(TABLES)}")
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            self.con.execute(f"COPY (SELECT * FROM {table}) TO '{_sql_path(out)}' (FORMAT parquet)")
        elif fmt == "csv":
            frame = self.con.execute(f"SELECT * FROM {table}").df()
            for name, _, _, kind in _fields(TABLES[table]):
                if kind == "list":
                    frame[name] = frame[name].map(lambda v: json.dumps(list(v), ensure_ascii=False))
            frame.to_csv(out, index=False, encoding="utf-8")
        elif fmt == "jsonl":
            with out.open("w", encoding="utf-8") as fh:
                for record in self.read(table):
                    fh.write(json.dumps(dataclasses.asdict(record), ensure_ascii=False) + "\n")
        else:
            raise StoreError(f"unknown export format {fmt!r}; use parquet, csv or jsonl")
        return out


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
