"""Stable identifiers for exported things: the same highlight, note, tag or document always gets the
same id, in every export and every format, so other tools can merge repeated exports."""
from __future__ import annotations

import uuid

# Namespace for ids derived from names (tags, documents, links) rather than stored uids.
READER_NAMESPACE = uuid.UUID("5d1c6a52-3f0e-4d8e-9a57-6a2f0c1b7e41")
SOURCE_SCHEME = "urn:reader:sha256:"


def as_uuid(uid: str) -> str:
    """A stored uid (32 hex digits) in canonical UUID form; anything else hashed into one."""
    try:
        return str(uuid.UUID(hex=uid))
    except ValueError:
        return derived_uuid("uid", uid)


def derived_uuid(*parts: str) -> str:
    return str(uuid.uuid5(READER_NAMESPACE, "\x1f".join(parts)))


def uid_from_urn(urn: str) -> str:
    """``urn:uuid:…`` back to the stored 32-hex uid form; ValueError when it is not one."""
    if not urn.startswith("urn:uuid:"):
        raise ValueError(f"{urn!r} is not a urn:uuid: identifier")
    return uuid.UUID(urn[len("urn:uuid:"):]).hex


def source_iri(content_hash: str) -> str:
    return SOURCE_SCHEME + content_hash
