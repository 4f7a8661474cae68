"""`lvv verify_audit`: its verdict on stdout, its progress bar on stderr, its exit status."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def test_intact_chain_prints_ok_and_exits_zero(record_events, capsys):
    record_events(4)

    output = run("--no-progress")

    assert output.strip() == "OK: 4 events, chain intact"
    assert capsys.readouterr().err == ""


def test_progress_bar_goes_to_stderr_unless_disabled(record_events, capsys):
    record_events(3)

    output = run()

    assert output.strip() == "OK: 3 events, chain intact"
    progress = capsys.readouterr().err
    assert "Verifying audit chain" in progress
    assert "3/3" in progress


def test_broken_chain_prints_where_and_why_and_exits_non_zero(record_events, tamper):
    record_events(4)
    tamper("UPDATE audit_auditevent SET object_id = %s WHERE sequence = %s", ["forged", 2])
    out = StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit", "--no-progress", stdout=out)

    assert exit_info.value.code == 1
    assert out.getvalue().strip() == (
        "BROKEN at event #2: its content does not match its hash (altered)"
    )


def test_cut_tail_fails_the_command(record_events, tamper):
    record_events(3)
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [3])
    out = StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit", "--no-progress", stdout=out)

    assert exit_info.value.code == 1
    assert out.getvalue().startswith("BROKEN at event #3: ")
