"""Dutch is the default language: every interface string has a Dutch translation, compiled.

Fails when a new string was added without a translation (run `make messages` and translate it
in src/lvv/locale/nl/LC_MESSAGES/django.po) or when the compiled .mo is older than the .po.
"""

import ast
import gettext
import re
from pathlib import Path

import lvv

LOCALE = Path(lvv.__file__).parent / "locale" / "nl" / "LC_MESSAGES"
ENTRY = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$')


def po_entries(path: Path) -> list[dict[str, str]]:
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        fuzzy = False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            match = ENTRY.match(line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            fields["fuzzy"] = "yes" if fuzzy else ""
            entries.append(fields)
    return entries


ENTRIES = po_entries(LOCALE / "django.po")


def test_every_string_has_a_dutch_translation():
    missing = [
        e["msgid"]
        for e in ENTRIES
        if e["fuzzy"] or not any(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    assert missing == [], f"untranslated or fuzzy: {missing[:10]}"


def test_the_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in ENTRIES:
        if "msgid_plural" in entry or "msgctxt" in entry:
            continue
        assert compiled.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]
