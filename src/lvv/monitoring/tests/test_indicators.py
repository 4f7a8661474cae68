"""The indicator registry: one definition per code and version, the newest one current."""

from lvv.monitoring import indicators
from lvv.monitoring.indicators import REGISTRY, Indicator, current


def test_every_code_and_version_is_defined_once_with_text():
    keys = [(indicator.code, indicator.version) for indicator in REGISTRY]
    assert len(keys) == len(set(keys))
    for indicator in REGISTRY:
        assert str(indicator.title) and str(indicator.definition) and str(indicator.unit)


def test_a_new_version_replaces_the_current_one_and_the_old_one_stays(monkeypatch):
    newer = Indicator("inflow", 2, "Inflow", "stays", "A changed definition.", "2027-01-01")
    monkeypatch.setattr(indicators, "REGISTRY", (*REGISTRY, newer))
    assert indicators.current()["inflow"] is newer
    assert any(i.code == "inflow" and i.version == 1 for i in indicators.REGISTRY)


def test_every_table_of_the_monitor_has_a_definition():
    for code in (
        "present_at_start",
        "inflow",
        "outflow",
        "present_at_end",
        "cumulative_inflow",
        "cumulative_outflow",
        "outflow_by_reason",
        "scenarios_at_end",
        "stay_of_leavers",
        "stay_of_present",
        "occupancy",
        "intake_to_scenario",
        "discussed_in_lso",
        "open_escalations",
    ):
        assert code in current()
