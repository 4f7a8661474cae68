"""The fixed shape of the generated history: its end, the network beyond the pilots, shares."""

from datetime import UTC, date, time

from lvv.accounts.roles import OrganisationKind
from lvv.network.models import LocationKind

END = date(2026, 1, 1)  # the first day after the generated history

# Beyond the pilots: three more LVV regions for a nationwide network of eight (invented NGOs).
EXTRA_MUNICIPALITIES = [
    ("GM0518", "'s-Gravenhage"), ("GM0603", "Rijswijk"), ("GM0637", "Zoetermeer"),
    ("GM0268", "Nijmegen"), ("GM0202", "Arnhem"), ("GM0193", "Zwolle"), ("GM0153", "Enschede"),
]  # fmt: skip
EXTRA_REGIONS = [
    ("LVV Haaglanden", "GM0518", ["GM0603", "GM0637"]),
    ("LVV Gelderland", "GM0268", ["GM0202"]),
    ("LVV Oost", "GM0193", ["GM0153"]),
]
EXTRA_ORGANISATIONS = [
    ("Gemeente 's-Gravenhage", "Den Haag", OrganisationKind.MUNICIPALITY, "GM0518"),
    ("Gemeente Nijmegen", "Nijmegen", OrganisationKind.MUNICIPALITY, "GM0268"),
    ("Gemeente Zwolle", "Zwolle", OrganisationKind.MUNICIPALITY, "GM0193"),
    ("Stichting Onderdak Haaglanden", "SOH", OrganisationKind.PARTNER_NGO, "GM0518"),
    ("Stichting Vreemdelingenopvang Gelderland", "SVG", OrganisationKind.PARTNER_NGO, "GM0268"),
    ("Stichting Opvang Oost", "SOO", OrganisationKind.PARTNER_NGO, "GM0193"),
]
EXTRA_LOCATIONS = [
    ("LVV Den Haag Laak", "SOH", "GM0518", LocationKind.TWENTY_FOUR_HOUR, "Den Haag"),
    ("LVV Den Haag Centrum", "SOH", "GM0518", LocationKind.NIGHT, "Den Haag"),
    ("LVV Nijmegen Oost", "SVG", "GM0268", LocationKind.TWENTY_FOUR_HOUR, "Nijmegen"),
    ("LVV Zwolle Dieze", "SOO", "GM0193", LocationKind.SUPPORTED_LIVING, "Zwolle"),
]
# Share of the national population per LVV (central municipality) and its partner NGOs.
CITIES = [
    ("GM0363", 25, ["HVO-Querido"]), ("GM0599", 14, ["NAS", "Pauluskerk"]),
    ("GM0344", 14, ["SNDVU"]), ("GM0518", 12, ["SOH"]), ("GM0014", 10, ["INLIA"]),
    ("GM0772", 9, ["VidK"]), ("GM0268", 8, ["SVG"]), ("GM0193", 8, ["SOO"]),
]  # fmt: skip
CASEWORKERS_PER_PARTNER = 4
OFFICE_OPENS = time(8, tzinfo=UTC)
OFFICE_HOURS_US = 9 * 3600 * 10**6
MEAN_STAY_DAYS = 340
