"""The record export streams: it never holds every record at once."""

import itertools

from lvv.monitoring import exports


def test_the_record_csv_reads_records_only_as_lines_are_taken(monkeypatch):
    taken = []

    def records():
        for number in itertools.count():
            if number >= 3:
                raise AssertionError("the export read ahead of what was written")
            taken.append(number)
            yield [f"p{number}"] + [""] * (len(exports.RECORD_COLUMNS) - 1)

    monkeypatch.setattr(exports, "record_rows", records)
    lines = exports.records_csv()
    first = list(itertools.islice(lines, 4))  # BOM, header, two records
    assert first[0] == "\ufeff"
    assert first[1].startswith(exports.RECORD_COLUMNS[0])
    assert first[3].startswith("p1,")
    assert taken == [0, 1]
