"""The demo network: the five pilot municipalities as public sources describe them.

Capacities follow domain.md (Amsterdam about 360 places of which the state funds 340,
Rotterdam 117, the others plausible). Names of NGOs are those the municipalities publish;
locations and addresses are invented for the demo.
"""

from datetime import date

from lvv.accounts.roles import OrganisationKind, Role
from lvv.network.models import LocationKind

PILOT_START = date(2019, 4, 1)

MUNICIPALITIES = [
    ("GM0363", "Amsterdam"),
    ("GM0772", "Eindhoven"),
    ("GM0014", "Groningen"),
    ("GM0599", "Rotterdam"),
    ("GM0344", "Utrecht"),
    ("GM0362", "Amstelveen"),
    ("GM0479", "Zaanstad"),
    ("GM0794", "Helmond"),
    ("GM0861", "Veldhoven"),
    ("GM0106", "Assen"),
    ("GM0080", "Leeuwarden"),
    ("GM0606", "Schiedam"),
    ("GM0622", "Vlaardingen"),
    ("GM0356", "Nieuwegein"),
    ("GM0355", "Zeist"),
]

# region name, central municipality, municipalities served (besides the central one)
REGIONS = [
    ("LVV Amsterdam", "GM0363", ["GM0362", "GM0479"]),
    ("LVV Eindhoven", "GM0772", ["GM0794", "GM0861"]),
    ("LVV Groningen", "GM0014", ["GM0106", "GM0080"]),
    ("LVV Rotterdam", "GM0599", ["GM0606", "GM0622"]),
    ("LVV Utrecht", "GM0344", ["GM0356", "GM0355"]),
]

# name, short name, kind, municipality the organisation is (or is based in)
ORGANISATIONS = [
    ("Ministerie van Justitie en Veiligheid", "JenV", OrganisationKind.MINISTRY, None),
    (
        "Vereniging van Nederlandse Gemeenten",
        "VNG",
        OrganisationKind.MUNICIPALITIES_ASSOCIATION,
        None,
    ),
    ("Wetenschappelijk Onderzoek- en Datacentrum", "WODC", OrganisationKind.RESEARCH, None),
    ("Immigratie- en Naturalisatiedienst", "IND", OrganisationKind.IND, None),
    ("Dienst Terugkeer en Vertrek", "DT&V", OrganisationKind.DTV, None),
    (
        "Politie, Afdeling Vreemdelingenpolitie, Identificatie en Mensenhandel",
        "AVIM",
        OrganisationKind.AVIM,
        None,
    ),
    ("Internationale Organisatie voor Migratie", "IOM", OrganisationKind.IOM, None),
    ("Gemeente Amsterdam", "Amsterdam", OrganisationKind.MUNICIPALITY, "GM0363"),
    ("Gemeente Eindhoven", "Eindhoven", OrganisationKind.MUNICIPALITY, "GM0772"),
    ("Gemeente Groningen", "Groningen", OrganisationKind.MUNICIPALITY, "GM0014"),
    ("Gemeente Rotterdam", "Rotterdam", OrganisationKind.MUNICIPALITY, "GM0599"),
    ("Gemeente Utrecht", "Utrecht", OrganisationKind.MUNICIPALITY, "GM0344"),
    ("HVO-Querido", "HVO-Querido", OrganisationKind.PARTNER_NGO, "GM0363"),
    ("Vluchtelingen in de Knel", "VidK", OrganisationKind.PARTNER_NGO, "GM0772"),
    ("INLIA", "INLIA", OrganisationKind.PARTNER_NGO, "GM0014"),
    ("Stichting NAS", "NAS", OrganisationKind.PARTNER_NGO, "GM0599"),
    ("Pauluskerk Rotterdam", "Pauluskerk", OrganisationKind.PARTNER_NGO, "GM0599"),
    (
        "Stichting Noodopvang Dakloze Vreemdelingen Utrecht",
        "SNDVU",
        OrganisationKind.PARTNER_NGO,
        "GM0344",
    ),
]

# location, operator (short name), municipality, kind, street, number, postcode, city,
# state-funded places, municipality-funded places
LOCATIONS = [
    (
        "LVV Amsterdam West",
        "HVO-Querido",
        "GM0363",
        LocationKind.TWENTY_FOUR_HOUR,
        "Jan van Galenstraat",
        "100",
        "1056 BM",
        "Amsterdam",
        190,
        10,
    ),
    (
        "LVV Amsterdam Zuidoost",
        "HVO-Querido",
        "GM0363",
        LocationKind.TWENTY_FOUR_HOUR,
        "Bijlmerdreef",
        "500",
        "1102 BV",
        "Amsterdam",
        150,
        10,
    ),
    (
        "LVV Eindhoven De Kans",
        "VidK",
        "GM0772",
        LocationKind.TWENTY_FOUR_HOUR,
        "Kanaaldijk-Zuid",
        "12",
        "5611 CZ",
        "Eindhoven",
        50,
        10,
    ),
    (
        "LVV Groningen Wintertuin",
        "INLIA",
        "GM0014",
        LocationKind.TWENTY_FOUR_HOUR,
        "Oosterhamrikkade",
        "8",
        "9714 BA",
        "Groningen",
        80,
        15,
    ),
    (
        "LVV Rotterdam NAS",
        "NAS",
        "GM0599",
        LocationKind.TWENTY_FOUR_HOUR,
        "Mathenesserlaan",
        "300",
        "3021 HT",
        "Rotterdam",
        67,
        10,
    ),
    (
        "Nachtopvang Pauluskerk",
        "Pauluskerk",
        "GM0599",
        LocationKind.NIGHT,
        "Mauritsweg",
        "20",
        "3012 JR",
        "Rotterdam",
        30,
        10,
    ),
    (
        "LVV Utrecht Centrum",
        "SNDVU",
        "GM0344",
        LocationKind.TWENTY_FOUR_HOUR,
        "Catharijnesingel",
        "50",
        "3511 GD",
        "Utrecht",
        90,
        10,
    ),
    (
        "LVV Utrecht Overvecht",
        "SNDVU",
        "GM0344",
        LocationKind.SUPPORTED_LIVING,
        "Zamenhofdreef",
        "20",
        "3562 JT",
        "Utrecht",
        40,
        10,
    ),
]

# username, first name, last name, role, organisation (short name)
USERS = [
    ("casemanager.amsterdam", "Sanne", "de Vries", Role.CASEWORKER, "HVO-Querido"),
    ("casemanager.utrecht", "Youssef", "El Amrani", Role.CASEWORKER, "SNDVU"),
    ("casemanager.groningen", "Anouk", "Bakker", Role.CASEWORKER, "INLIA"),
    ("casemanager.rotterdam", "Daan", "Jansen", Role.CASEWORKER, "NAS"),
    ("casemanager.eindhoven", "Fatma", "Yilmaz", Role.CASEWORKER, "VidK"),
    ("coordinator.amsterdam", "Pieter", "Visser", Role.MUNICIPAL_COORDINATOR, "Amsterdam"),
    ("coordinator.utrecht", "Lotte", "Smit", Role.MUNICIPAL_COORDINATOR, "Utrecht"),
    ("coordinator.rotterdam", "Mohamed", "Bouali", Role.MUNICIPAL_COORDINATOR, "Rotterdam"),
    ("ketenpartner.dtv", "Eva", "Mulder", Role.CHAIN_PARTNER, "DT&V"),
    ("ketenpartner.ind", "Bram", "de Boer", Role.CHAIN_PARTNER, "IND"),
    ("ketenpartner.avim", "Iris", "Meijer", Role.CHAIN_PARTNER, "AVIM"),
    ("ketenpartner.iom", "Tom", "Hendriks", Role.CHAIN_PARTNER, "IOM"),
    ("programma.jenv", "Karin", "van Dijk", Role.PROGRAMME_MANAGER, "JenV"),
    ("programma.vng", "Ruben", "Kok", Role.PROGRAMME_MANAGER, "VNG"),
    ("analist.wodc", "Noor", "Peters", Role.ANALYST, "WODC"),
    ("privacy.jenv", "Hanna", "Dekker", Role.AUDITOR, "JenV"),
    ("beheer.jenv", "Joris", "van Leeuwen", Role.FUNCTIONAL_ADMIN, "JenV"),
]

# Shared by every demo account; `seed_demo` refuses to run outside DEBUG unless told.
DEMO_PASSWORD = "lvv-demo-wachtwoord"
BACKUP_CODES_PER_USER = 5
