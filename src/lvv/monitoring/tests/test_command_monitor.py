"""`lvv monitor`: the tables as a file, clear errors naming the option."""

from __future__ import annotations

import csv
import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from lvv.cases.tests.factories import PlacementFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(world):
    PlacementFactory(client=world.client_a, location=world.location_a, start=D(2022, 1, 5))
    PlacementFactory(client=world.client_b, location=world.location_b, start=D(2022, 5, 5))
    return world


def monitor(*args) -> str:
    out = StringIO()
    call_command("monitor", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_quarter_as_xlsx(placed, tmp_path):
    target = tmp_path / "q2.xlsx"
    assert "1 unit" in monitor("--quarter", "2022-Q2", "--format", "xlsx", "--out", str(target))
    workbook = load_workbook(target, read_only=True)
    assert workbook.sheetnames == ["Monitor", "Definities"]
    first = next(workbook["Monitor"].iter_rows(values_only=True))
    assert first[2:] == ("national", "NL")


def test_one_municipality_and_every_municipality_as_csv(placed, tmp_path):
    target = tmp_path / "gm0363.csv"
    monitor(
        "--quarter", "2022-Q2", "--format", "csv", "--out", str(target), "--municipality", "GM0363"
    )
    text = target.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    inflow = next(r for r in rows if r["table"] == "flows" and r["row"] == "inflow")
    assert (inflow["unit"], inflow["display"]) == ("GM0363", "<5")
    every = tmp_path / "all.csv"
    assert "2 unit" in monitor(
        "--from",
        "2022-04-01",
        "--to",
        "2022-07-01",
        "--format",
        "csv",
        "--out",
        str(every),
        "--level",
        "municipality",
    )
    units = {
        row["unit"]
        for row in csv.DictReader(
            line
            for line in every.read_text(encoding="utf-8-sig").splitlines()
            if not line.startswith("#")
        )
    }
    assert units == {"GM0344", "GM0363"}


@pytest.mark.parametrize(
    "args,option",
    sorted(
        [
            (["--quarter", "2022-Q7"], "--quarter"),
            (["--quarter", "2022-Q2", "--municipality", "GM9999"], "--municipality"),
            (["--from", "2022-04-01"], "--to"),
            (["--from", "april", "--to", "2022-07-01"], "--from"),
            (["--quarter", "2022-Q2", "--format", "pdf"], "--format"),
        ]
    ),
)
def test_bad_input_names_the_option(placed, tmp_path, args, option):
    with pytest.raises(CommandError) as caught:
        monitor(*args, "--out", str(tmp_path / "x"))
    assert option in str(caught.value)
