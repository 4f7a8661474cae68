"""The indexes #7 added for named queries are in the schema, with the columns those queries
read (each model's `Meta.indexes` says which query; `benchmarks/README.md` what it saved).
A migration that drops or reorders one fails here, not silently in a municipality's
monitor or a caseworker's list."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# table -> index name -> its columns, in order
EXPECTED = {
    "cases_placement": {
        # the monitor's first day of the LVV: MIN(start)
        "placement_start_idx": ["start"],
        # a caseworker's scope: clients placed now at their organisation's locations
        "placement_open_location_idx": ["location_id", "client_id"],
    },
    "cases_outflow": {
        # the Outflow record matching a leaver's stay, read from the index alone
        "outflow_client_day_idx": ["client_id", "left_on", "reason_id"],
    },
    "cases_intake": {
        # a person's first admitted intake
        "intake_client_decision_idx": ["client_id", "decision", "intake_on"],
    },
    "cases_casediscussion": {
        # files discussed in an LSO of the period
        "discussion_client_idx": ["client_id", "meeting_id"],
    },
    "cases_client": {
        # the client list by status, in name order
        "client_status_name_idx": ["status", "family_name", "given_names"],
        # the client list's municipality filter, per part of a caseworker's scope
        "client_partner_muni_idx": ["partner_id", "municipality_id"],
    },
}


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_the_indexes_named_queries_need_are_in_the_schema(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    found = {
        name: details["columns"]
        for name, details in constraints.items()
        if name in EXPECTED[table] and details["index"]
    }
    assert found == EXPECTED[table]
