"""Two caseworkers taking the last place at the same moment: the location row is locked while
counting, so exactly one placement is made and the other is refused on `location`."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from lvv.cases.models import Placement
from lvv.cases.services.placements import placement_start

from .trajectory_factories import PlacementFactory
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date
WRITERS = 4


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database; SQLite allows one writer by design",
)
def test_only_one_of_several_simultaneous_placements_gets_the_last_place(world):
    PlacementFactory(client=world.client(), location=world.shelter, start=D(2024, 1, 1))
    clients = [world.client() for _ in range(WRITERS)]
    actor = world.actor("caseworker")
    barrier = threading.Barrier(WRITERS)
    outcomes: list[str] = []

    def place(client) -> None:
        try:
            barrier.wait()
            placement_start(actor=actor, client=client, location=world.shelter, start=D(2024, 2, 1))
            outcomes.append("placed")
        except ValidationError as error:
            outcomes.append("refused:" + ",".join(sorted(error.message_dict)))
        except Exception as error:  # collected and asserted below
            outcomes.append(f"error:{error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=place, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["placed"] + ["refused:location"] * (WRITERS - 1)
    assert Placement.objects.filter(location=world.shelter, end__isnull=True).count() == 2
