"""`lvv monitor --quarter 2022-Q2 --format xlsx --out FILE`: the monitor's tables as a file.

The unit: `--municipality GM0363`, `--region NAME`, `--location UUID`, or `--level LEVEL`
alone for every unit at that level (default: national). The period: `--quarter 2022-Q2` or
`--from 2022-04-01 --to 2022-07-01` (`--to` exclusive). Figures are published figures:
suppressed as on every output (the rule is in the file). A progress bar counts the units.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from lvv.accounts.actors import Actor, Channel
from lvv.monitoring import exports
from lvv.monitoring.query import monitor_query
from lvv.monitoring.selectors.access import units_visible_to
from lvv.monitoring.selectors.monitor import Level, monitor_compute
from lvv.monitoring.tables import publish

OPTION_NAMES = {
    "level": "--level",
    "unit": "--municipality/--region/--location",
    "period": "--quarter",
    "from": "--from",
    "to": "--to",
}


class Command(BaseCommand):
    help = "Write the LVV monitor of a unit and period as CSV or XLSX (suppressed for publication)."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help="e.g. 2022-Q2")
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="exclusive end, YYYY-MM-DD")
        parser.add_argument("--format", dest="file_format", default="xlsx")
        parser.add_argument("--out", required=True, type=Path, help="file to write")
        parser.add_argument("--level", choices=Level.values, help="default: national")
        parser.add_argument("--municipality", help="CBS code, e.g. GM0363")
        parser.add_argument("--region", help="name (or uuid) of an LVV region")
        parser.add_argument("--location", help="uuid of a location")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        if options["file_format"] not in exports.CONTENT_TYPES:
            raise CommandError("--format: choose csv or xlsx.")
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError(f"--out: no such directory: {out.parent}")
        chosen = [
            (level, options[level])
            for level in ("municipality", "region", "location")
            if options[level]
        ]
        if len(chosen) > 1:
            raise CommandError("Give one of --municipality, --region, --location.")
        level = chosen[0][0] if chosen else options["level"] or Level.NATIONAL
        if options["level"] and chosen and options["level"] != level:
            raise CommandError(f"--level {options['level']} does not match --{level}.")
        key = chosen[0][1] if chosen else None
        period_options = {
            "period": options["quarter"],
            "start": options["start"],
            "end": options["end"],
        }
        try:
            if key is None and level != Level.NATIONAL:
                actor = Actor.system(channel=Channel.COMMAND)
                units = units_visible_to(actor, level)
                _unit, period = monitor_query(level=Level.NATIONAL, unit=None, **period_options)
            else:
                unit, period = monitor_query(level=level, unit=key, **period_options)
                units = [unit]
        except ValidationError as error:
            raise CommandError(_describe(error)) from error
        with tqdm(
            total=len(units), unit="unit", disable=options["no_progress"], file=self.stderr._out
        ) as bar:
            publications = (
                publish(monitor_compute(unit=unit, period=period), suppressed=True)
                for unit in units
            )
            writer = (
                exports.monitor_csv if options["file_format"] == "csv" else exports.monitor_xlsx
            )
            with out.open("wb") as stream:
                for chunk in writer(publications, progress=bar.update):
                    stream.write(chunk.encode() if isinstance(chunk, str) else chunk)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(units)} unit(s) to {out}"))


def _describe(error: ValidationError) -> str:
    return "; ".join(
        f"{OPTION_NAMES.get(name, name)}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    )
