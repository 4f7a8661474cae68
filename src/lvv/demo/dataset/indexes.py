"""Plain indexes set aside during a bulk load and built again from their own definitions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, models

# The catalogue's own text of every plain index (not unique, not backing a constraint) of a
# table, if this connection may drop it. Unique indexes stay: they are constraints.
_SQLITE_INDEXES = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
    " AND sql LIKE 'CREATE INDEX %%' ORDER BY name"
)
_POSTGRESQL_INDEXES = """
    SELECT index_class.relname, pg_get_indexdef(index_class.oid)
    FROM pg_index
    JOIN pg_class index_class ON index_class.oid = pg_index.indexrelid
    JOIN pg_class table_class ON table_class.oid = pg_index.indrelid
    WHERE pg_index.indrelid = %s::regclass
      AND NOT pg_index.indisunique AND NOT pg_index.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE pg_constraint.conindid = index_class.oid)
      AND pg_has_role(table_class.relowner, 'USAGE')
    ORDER BY index_class.relname
"""


def _plain_indexes(table: str) -> list[tuple[str, str]]:
    """(name, definition) of `table`'s plain indexes, as the database itself writes them."""
    if connection.vendor == "sqlite":
        query = _SQLITE_INDEXES
    elif connection.vendor == "postgresql":
        query = _POSTGRESQL_INDEXES
    else:
        return []
    with connection.cursor() as cursor:
        cursor.execute(query, [table])
        return list(cursor.fetchall())


@contextmanager
def plain_indexes_set_aside(tables: Iterable[type[models.Model]]) -> Iterator[None]:
    """Drop the plain indexes of the models' tables for the block; build them again after it.

    Inserting into a table with its indexes dropped and building them once at the end costs
    less than keeping them up to date row by row (random uuids in `subject_id` and `object_id`
    scatter the audit trail's inserts over the whole index).

    Guarantees: the indexes come back with exactly the definitions the database holds for them
    (the text in `sqlite_master`, `pg_get_indexdef` on PostgreSQL), so the schema is the one
    the migrations made. Only inside a transaction (DDL is transactional on SQLite and
    PostgreSQL): if the block fails they are not rebuilt here, the transaction's rollback
    restores them. Unique indexes and those backing constraints stay in place, so every
    constraint is checked during the load; on PostgreSQL only tables the role owns are touched.
    Other connections cannot use the tables until the transaction ends.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Set indexes aside only inside a transaction.")
    quote = connection.ops.quote_name
    set_aside: list[str] = []
    with connection.cursor() as cursor:
        for model in tables:
            for name, definition in _plain_indexes(model._meta.db_table):
                cursor.execute(f"DROP INDEX {quote(name)}")
                set_aside.append(definition)
    yield
    if set_aside and connection.vendor == "postgresql":
        # PostgreSQL builds no index on a table with deferred foreign key checks pending:
        # run them now (as `check_constraints` does), they would run at the commit anyway.
        connection.check_constraints()
    with connection.cursor() as cursor:
        for definition in set_aside:
            cursor.execute(definition)
