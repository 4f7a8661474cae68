"""Every benchmark by name, in the order they run (imported lazily: the parent process of a
run has no Django settings)."""

from __future__ import annotations

from importlib import import_module

BENCHMARKS = {
    "client_list": "bench_lists:client_list",
    "need_to_know": "bench_lists:need_to_know",
    "read_auditing": "bench_lists:read_auditing",
    "monitor": "bench_monitor:monitor",
    "import": "bench_import:import_file",
    "export": "bench_export:export",
}


def selected(only: list[str]):
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    chosen = []
    for name, target in BENCHMARKS.items():
        if only and name not in only:
            continue
        module, function = target.split(":")
        chosen.append((name, getattr(import_module(f"benchmarks.{module}"), function)))
    return chosen
