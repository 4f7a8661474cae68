"""The national reference lists every municipality starts from (labels in Dutch, as used).

Outflow reasons and their grouping follow the final WODC evaluation (Nov 2022); the grouping can
be changed per reason afterwards, in the admin, without a code change. Loaded by migration
0002, by `seed_demo`, and by tests after a database flush.
"""

import uuid

CRITERIA = [
    ("procedure_exhausted", "Heeft de vreemdeling de (asiel)procedure doorlopen?", 1),
    ("no_state_reception", "Heeft de vreemdeling geen recht op rijksopvang?", 2),
    ("not_departed", "Is de vreemdeling niet vertrokken uit Nederland?", 3),
    ("willing_to_cooperate", "Wil de vreemdeling meewerken aan een duurzame oplossing?", 4),
]

EXCLUSION_GROUNDS = [
    ("criminal_record", "Strafrechtelijke antecedenten", True),
    ("entry_ban", "Zwaar inreisverbod", True),
    ("public_order", "Gevaar voor de openbare orde", True),
    ("not_cooperating", "Weigert mee te werken", False),
    ("other_provision", "Heeft recht op een andere voorziening", False),
]

OUTFLOW_REASONS = [
    ("residence_permit", "Verblijfsvergunning verleend", "durable", 1),
    ("return_dtv", "Zelfstandig vertrek onder toezicht van DT&V", "durable", 2),
    ("return_iom", "Zelfstandig vertrek met ondersteuning van IOM", "durable", 3),
    ("onward_migration", "Doormigratie naar een land dat de vreemdeling toelaat", "durable", 4),
    (
        "new_asylum_application",
        "Nieuwe asielaanvraag, terug naar de rijksopvang",
        "semi_durable",
        5,
    ),
    (
        "medical_postponement",
        "Uitstel van vertrek om medische redenen (art. 64 Vw)",
        "semi_durable",
        6,
    ),
    ("left_unknown", "Met onbekende bestemming vertrokken (MOB)", "none", 7),
    ("removed_not_cooperating", "Uit de voorziening gezet wegens niet meewerken", "none", 8),
    ("detention", "Vreemdelingenbewaring of detentie", "none", 9),
    ("deceased", "Overleden", "none", 10),
    ("other", "Anders", "none", 11),
]


def load_reference_data(apps) -> None:
    """Idempotent: adds what is missing, changes nothing that exists."""
    Criterion = apps.get_model("cases", "AdmissionCriterion")
    Ground = apps.get_model("cases", "ExclusionGround")
    Reason = apps.get_model("cases", "OutflowReason")
    for code, label, order in CRITERIA:
        Criterion.objects.get_or_create(
            municipality=None,
            code=code,
            defaults={"label": label, "order": order, "uuid": uuid.uuid4()},
        )
    for code, label, refers in EXCLUSION_GROUNDS:
        Ground.objects.get_or_create(
            municipality=None,
            code=code,
            defaults={"label": label, "refers_to_triangle_meeting": refers, "uuid": uuid.uuid4()},
        )
    for code, label, group, order in OUTFLOW_REASONS:
        Reason.objects.get_or_create(
            code=code,
            defaults={"label": label, "group": group, "order": order, "uuid": uuid.uuid4()},
        )


def unload_reference_data(apps) -> None:
    apps.get_model("cases", "AdmissionCriterion").objects.filter(municipality=None).delete()
    apps.get_model("cases", "ExclusionGround").objects.filter(municipality=None).delete()
    apps.get_model("cases", "OutflowReason").objects.all().delete()
