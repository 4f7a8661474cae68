"""The audit trail keeps only the indexes its queries use (ADR 6): every audited read and
write pays for each of them, so none may come back unnoticed (a unique hash, `_like` twins)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# Column lists of every index on the trail, and why it is there.
EXPECTED = {
    ("id",): "primary key",
    ("sequence",): "the chain's order, unique",
    ("occurred_at",): "the trail filtered by period",
    ("actor_id", "occurred_at"): "an actor's events",
    ("object_id",): "an object's events",
    ("object_type",): "the trail filtered by kind of object",
    ("subject_id",): "a client's access log",
}


def test_the_audit_trail_has_exactly_the_indexes_its_queries_use():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "audit_auditevent")
    indexed = sorted(
        tuple(details["columns"])
        for details in constraints.values()
        if details["index"] or details["primary_key"] or details["unique"]
    )
    assert indexed == sorted(EXPECTED)
    hash_unique = [d for d in constraints.values() if d["unique"] and d["columns"] == ["hash"]]
    assert not hash_unique
