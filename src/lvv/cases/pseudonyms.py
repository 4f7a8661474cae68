"""The national pseudonym of a client: the same person counts once across municipalities.

A keyed hash (HMAC-SHA256) of the normalised V-nummer with a key that only the deployment holds
(`LVV_PSEUDONYM_KEY`). The ministry sees the pseudonym, never the V-nummer, and cannot reverse it
without the key. A client without a V-nummer cannot be matched across municipalities; their
pseudonym is keyed on the file's own uuid, so they count once per file.

The pseudonym is stored on the client (set on every save) so national figures are counted by the
database, set-based, and so it survives the anonymisation of a file after its retention period.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from django.conf import settings

from .validators import normalise_v_number


def pseudonym_key() -> bytes:
    return settings.PSEUDONYM_KEY.encode()


def national_pseudonym(v_number: str, client_uuid: uuid.UUID | str) -> str:
    """64 hex characters; equal for two files with the same V-nummer, whatever its spelling."""
    normalised = normalise_v_number(v_number)
    message = f"v:{normalised}" if normalised else f"file:{client_uuid}"
    return hmac.new(pseudonym_key(), message.encode(), hashlib.sha256).hexdigest()
