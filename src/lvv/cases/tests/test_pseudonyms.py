import hashlib
import hmac

import pytest
from django.core.management import call_command

from lvv.cases.pseudonyms import national_pseudonym

from .factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_pseudonym_is_hmac_sha256_of_the_normalised_v_number(settings):
    settings.PSEUDONYM_KEY = "k" * 40
    expected = hmac.new(b"k" * 40, b"v:1234567890", hashlib.sha256).hexdigest()
    assert national_pseudonym("12.345.678-90", "ignored") == expected
    assert national_pseudonym("1234567890", "other") == expected


def test_stored_pseudonym_follows_the_v_number_on_save():
    client = ClientFactory(v_number="")
    assert client.pseudonym == national_pseudonym("", client.uuid)
    client.v_number = "1234567890"
    client.save(update_fields=["v_number"])
    client.refresh_from_db()
    assert client.pseudonym == national_pseudonym("12 345 678 90", "any other file")
    assert "1234567890" not in client.pseudonym


def test_files_without_v_number_count_once_each():
    a = ClientFactory(v_number="")
    b = ClientFactory(v_number="")
    assert a.pseudonym and b.pseudonym and a.pseudonym != b.pseudonym


def test_rekey_recomputes_every_pseudonym(settings):
    client = ClientFactory(v_number="1234567890")
    before = client.pseudonym
    settings.PSEUDONYM_KEY = "another-deployment-key-0123456789abcdef"
    call_command("rekey_pseudonyms", verbosity=0)
    client.refresh_from_db()
    assert client.pseudonym != before
    assert client.pseudonym == national_pseudonym("1234567890", client.uuid)
