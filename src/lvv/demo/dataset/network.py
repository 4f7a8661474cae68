"""The network the history happens in: municipalities, regions, organisations, locations with
capacity, the people who act (caseworkers and coordinators) and the monthly case meetings.

What is already in the database (the demo network, reference data) is reused, not duplicated.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from django.db.models.functions import Lower

from lvv.accounts.models import Membership, Organisation, User
from lvv.accounts.roles import OrganisationKind, Role
from lvv.cases import models as cm
from lvv.demo import data
from lvv.network.models import Location, LocationCapacity, Municipality, Region

from .constants import (
    CASEWORKERS_PER_PARTNER,
    CITIES,
    END,
    EXTRA_LOCATIONS,
    EXTRA_MUNICIPALITIES,
    EXTRA_ORGANISATIONS,
    EXTRA_REGIONS,
    MEAN_STAY_DAYS,
)
from .writer import GeneratorBase


class NetworkGenerator(GeneratorBase):
    """`network()` then `meetings()`: what every client's story refers to.

    Existing municipalities, regions, organisations, open locations and `dataset.*` users
    are reused; locations created here get capacity for the population (a fifth to spare).
    """

    def network(self) -> None:
        day = self.start - timedelta(days=1)
        command = self.actor(
            user_id=None, user_uuid=None, username="", organisation=None, role="", origin="command"
        )
        self.municipalities = {
            m.cbs_code: {"id": m.id, "uuid": m.uuid} for m in Municipality.objects.all()
        }
        for cbs_code, name in [*data.MUNICIPALITIES, *EXTRA_MUNICIPALITIES]:
            if cbs_code not in self.municipalities:
                self.municipalities[cbs_code] = self.row(
                    Municipality, day, audit=command, cbs_code=cbs_code, name=name
                )
        existing_regions = set(Region.objects.values_list("name", flat=True))
        for name, central, served in [*data.REGIONS, *EXTRA_REGIONS]:
            if name in existing_regions:
                continue
            region = self.row(
                Region,
                day,
                audit=command,
                name=name,
                central_municipality_id=self.municipalities[central]["id"],
            )
            for code in sorted({central, *served}):
                self.table(Region.municipalities.through).add(
                    region_id=region["id"], municipality_id=self.municipalities[code]["id"]
                )
        self.organisations = {
            o.short_name: {
                "id": o.id,
                "uuid": o.uuid,
                "name": o.name,
                "kind": o.kind,
                "municipality_id": o.municipality_id,
            }
            for o in Organisation.objects.order_by("id")
        }
        known = {
            name.lower() for name in Organisation.objects.values_list(Lower("name"), flat=True)
        }
        for name, short_name, kind, cbs_code in [*data.ORGANISATIONS, *EXTRA_ORGANISATIONS]:
            if name.lower() in known:
                continue
            municipality = self.municipalities[cbs_code]["id"] if cbs_code else None
            self.organisations[short_name] = self.row(
                Organisation,
                day,
                audit=command,
                name=name,
                short_name=short_name,
                kind=kind,
                municipality_id=municipality,
                is_active=True,
            )
        self._locations(day, command)
        self._people(day, command)

    def _locations(self, day, command) -> None:
        shares = {code: share for code, share, _partners in CITIES}
        total_share = sum(shares.values())
        span = (END - self.start).days
        self.locations: dict[str, list[dict]] = {code: [] for code in shares}
        for location in Location.objects.filter(end__isnull=True).order_by("name"):
            code = next(
                (c for c, m in self.municipalities.items() if m["id"] == location.municipality_id),
                None,
            )
            if code in self.locations:
                self.locations[code].append(
                    {
                        "id": location.id,
                        "uuid": location.uuid,
                        "start": location.start,
                        "name": location.name,
                        "operator_id": location.operator_id,
                    }
                )
        wanted = [(loc[0], loc[1], loc[2], loc[3], loc[7]) for loc in data.LOCATIONS]
        for name, operator, code, kind, city in [*wanted, *EXTRA_LOCATIONS]:
            if any(loc.get("name") == name for loc in self.locations[code]) or (
                Location.objects.filter(name=name).exists()
            ):
                continue
            location = self.row(
                Location,
                day,
                created=True,
                audit=command,
                name=name,
                kind=kind,
                city=city,
                operator_id=self.organisations[operator]["id"],
                municipality_id=self.municipalities[code]["id"],
                start=self.start,
                end=None,
            )
            self.locations[code].append(location)
        for code, locations in self.locations.items():
            # Places for the mean occupancy this population gives, with a fifth to spare.
            occupancy = self.count * shares[code] / total_share * MEAN_STAY_DAYS / span
            places = math.ceil(1.2 * occupancy / max(1, len(locations))) + 5
            for location in locations:
                if location.get("created"):  # created here: give it capacity for the population
                    self.row(
                        LocationCapacity,
                        day,
                        audit=command,
                        location_id=location["id"],
                        start=location["start"],
                        end=None,
                        state_funded_places=places,
                        municipality_funded_places=0,
                    )

    def _people(self, day, command) -> None:
        """Caseworkers for every partner NGO and a coordinator for every LVV municipality."""
        existing = {u.username: u for u in User.objects.filter(username__startswith="dataset.")}
        self.actors: dict[str, list[dict]] = {}

        def person(username, organisation, role):
            user = existing.get(username)
            if user is None:
                values = self.row(
                    User,
                    day,
                    audit=command,
                    username=username,
                    password="!dataset",
                    first_name=username.split(".")[-1],
                    last_name="Dataset",
                    email=f"{username}@dataset.lvv.example",
                    is_active=True,
                    is_staff=False,
                    is_superuser=False,
                    date_joined=self.moment(day),
                    uuid=self.uuid(),
                )
                user_id, user_uuid = values["id"], values["uuid"]
                self.row(
                    Membership,
                    day,
                    audit=command,
                    user_id=user_id,
                    organisation_id=organisation["id"],
                    role=role,
                    is_active=True,
                )
            else:
                user_id, user_uuid = user.id, user.uuid
            return self.actor(
                user_id=user_id,
                user_uuid=user_uuid,
                username=username,
                organisation=organisation,
                role=role,
            )

        for code, _share, partners in CITIES:
            for short_name in partners:
                organisation = self.organisations[short_name]
                self.actors[short_name] = [
                    person(f"dataset.{short_name.lower()}.{n}", organisation, Role.CASEWORKER)
                    for n in range(1, CASEWORKERS_PER_PARTNER + 1)
                ]
            municipality_id = self.municipalities[code]["id"]
            municipal = next(
                (
                    o
                    for o in self.organisations.values()
                    if o["kind"] == OrganisationKind.MUNICIPALITY
                    and o["municipality_id"] == municipality_id
                ),
                None,
            )
            if municipal is not None:
                self.actors[code] = [
                    person(
                        f"dataset.coordinator.{code.lower()}", municipal, Role.MUNICIPAL_COORDINATOR
                    )
                ]
            else:
                self.actors[code] = self.actors[partners[0]]

    def meetings(self) -> None:
        """A case meeting (LSO) in every LVV on the 15th of every month."""
        chain = [self.organisations[name] for name in ("DT&V", "IND", "AVIM", "IOM")]
        self.meeting_ids: dict[tuple[str, date], int] = {}
        for code, _share, partners in CITIES:
            coordinator = self.actors[code][0]
            attendees = [*chain, *(self.organisations[p] for p in partners)]
            municipal = [
                o
                for o in self.organisations.values()
                if o["kind"] == OrganisationKind.MUNICIPALITY
                and o["municipality_id"] == self.municipalities[code]["id"]
            ]
            held = date(self.start.year, self.start.month, 15)
            while held < END:
                meeting = self.row(
                    cm.CaseMeeting,
                    held,
                    audit=coordinator,
                    municipality_id=self.municipalities[code]["id"],
                    held_on=held,
                )
                for organisation in [*attendees, *municipal[:1]]:
                    self.table(cm.CaseMeeting.attendees.through).add(
                        casemeeting_id=meeting["id"], organisation_id=organisation["id"]
                    )
                self.meeting_ids[(code, held)] = meeting["id"]
                held = _next_month(held)

    def open_locations(self, code: str, day: date) -> list[dict]:
        return [loc for loc in self.locations[code] if loc["start"] <= day]

    def meeting_on_or_after(self, code: str, day: date) -> tuple[date, int] | None:
        held = day.replace(day=15) if day.day <= 15 else _next_month(day.replace(day=15))
        meeting = self.meeting_ids.get((code, held))
        return (held, meeting) if meeting is not None else None


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, day.day)
