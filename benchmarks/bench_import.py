"""Import of a registration file (`cases.imports` + `services.imports.clients_import`, what
`lvv import_clients` runs) against a raw bulk insert of the same rows (the floor).

Both start from the same CSV bytes and both are rolled back, so the dataset stays as it was:
the import runs as a dry run (every row checked by the services' rules, then written in bulk
with its status changes and audit events, then the transaction is rolled back), the floor in
a transaction that is rolled back.
"""

from __future__ import annotations

import csv
import io
import random
import time
from datetime import date, timedelta

from django.db import transaction

from lvv.accounts.actors import Actor, Channel
from lvv.accounts.models import Organisation
from lvv.cases.imports import parse_rows, read_table
from lvv.cases.models import Client, ClientStatus
from lvv.cases.pseudonyms import national_pseudonym
from lvv.cases.services.imports import clients_import
from lvv.network.models import Municipality

from .common import Result

HEADER = ["family_name", "given_names", "date_of_birth", "sex", "nationality", "v_number",
          "languages", "partner", "registered_on", "status"]  # fmt: skip
STATUSES = ["intake", "dossier_requested", "rest_period"]


def registration_file(rows: int, taken: set[str]) -> bytes:
    rng = random.Random(5)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for n in range(rows):
        v_number = ""
        while not v_number or v_number in taken:
            v_number = str(rng.randint(10**9, 10**10 - 1))
        taken.add(v_number)
        registered = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        writer.writerow([
            f"Importnaam{n}", rng.choice(["Amanuel", "Zahra", "Omar"]),
            f"{rng.randint(1960, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            rng.choice(["male", "female"]), rng.choice(["ER", "AF", "SY", "GN"]), v_number,
            "ti,ar", "HVO-Querido", registered.isoformat(), rng.choice(STATUSES),
        ])  # fmt: skip
    return out.getvalue().encode()


def _raw_insert(content: bytes, municipality: Municipality, partner: Organisation) -> int:
    """The floor: the same rows straight into the client table, nothing checked."""
    reader = csv.DictReader(io.StringIO(content.decode()))
    clients = []
    for row in reader:
        client = Client(
            municipality=municipality, partner=partner, family_name=row["family_name"],
            given_names=row["given_names"], date_of_birth=date.fromisoformat(row["date_of_birth"]),
            sex=row["sex"], nationality=row["nationality"], v_number=row["v_number"],
            languages=row["languages"].split(","), status=ClientStatus.INTAKE,
            status_since=date.fromisoformat(row["registered_on"]),
        )  # fmt: skip
        client.pseudonym = national_pseudonym(client.v_number, client.uuid)
        clients.append(client)
    with transaction.atomic():
        Client.objects.bulk_create(clients, batch_size=2000)
        transaction.set_rollback(True)
    return len(clients)


def _import(content: bytes, municipality: Municipality) -> int:
    parsed = parse_rows(read_table(content, "registrations.csv"))
    report = clients_import(
        actor=Actor.system(channel=Channel.COMMAND),
        municipality=municipality,
        parsed=parsed,
        dry_run=True,
    )
    assert not report.errors, report.errors[:3]
    return len(parsed.rows)


def import_file(options) -> list[Result]:
    rows = options.import_rows or (2_000 if options.quick else 100_000)
    municipality = Municipality.objects.get(cbs_code="GM0363")
    partner = Organisation.objects.get(short_name="HVO-Querido")
    taken = set(Client.objects.exclude(v_number="").values_list("v_number", flat=True))
    content = registration_file(rows, taken)
    results = []
    for name, run in (
        ("raw bulk insert of the file", lambda: _raw_insert(content, municipality, partner)),
        ("import of the file (all rules, audited)", lambda: _import(content, municipality)),
    ):
        started = time.perf_counter()
        count = run()
        seconds = time.perf_counter() - started
        floor = None if name.startswith("raw") else "raw bulk insert of the file"
        results.append(
            Result(
                name=f"{name}, {rows:,} rows",
                kind="rate",
                p50=count / seconds,
                samples=1,
                floor=floor and f"{floor}, {rows:,} rows",
                goal="≥ 0.33×" if floor else "",
                note=f"{seconds:.1f} s",
            )
        )
    return results
