"""The item schema: what producers publish to ``flashpoint.items.raw``.

Downstream stages (``streams``) import this module; it imports nothing of theirs.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["SCHEMA_VERSION", "Item", "item_id"]

SCHEMA_VERSION = 1


def item_id(
    guid: str | None,
    link: str | None,
    title: str | None = None,
    published: str | None = None,
) -> str:
    """The stable id of an item: sha256 (hex) of the guid, else the link, else title + published.

    The id does not include the feed, so the same guid or link carried by two feeds is one item.
    Whitespace around each part is ignored; an all-empty input still yields a (constant) id.
    """
    if guid and guid.strip():
        basis = "guid:" + guid.strip()
    elif link and link.strip():
        basis = "link:" + link.strip()
    else:
        basis = "title:" + (title or "").strip() + "\x00" + (published or "").strip()
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


class Item(BaseModel):
    """One normalised feed item.

    ``published`` is timezone-aware UTC. Where the feed gave no date, or one that cannot be
    trusted (producers.dates), it is the fetch time and ``published_estimated`` is true;
    ``published_raw`` keeps the feed's own string. ``sources`` lists every feed name that carried
    the item (the first is ``feed``).
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    schema_version: int = SCHEMA_VERSION
    id: str = Field(min_length=1, max_length=128)
    feed: str = Field(min_length=1, description="configured name of the feed that first carried it")
    sources: tuple[str, ...] = ()
    url: str | None = None
    guid: str | None = None
    title: str = ""
    text: str = ""
    published: datetime
    published_estimated: bool = False
    published_raw: str | None = Field(
        default=None, max_length=200, description="the entry's date string as the feed wrote it"
    )
    fetched_at: datetime
    language: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    mode: Literal["poll", "push"] = Field(
        default="poll",
        description="how the item reached us: a poll of the feed, or a WebSub hub's push",
    )

    @field_validator("published", "fetched_at")
    @classmethod
    def _utc(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            return v.replace(tzinfo=UTC)
        return v.astimezone(UTC)

    def to_json(self) -> bytes:
        """Serialise for Kafka (UTF-8 JSON bytes)."""
        return orjson.dumps(self.model_dump(mode="json"))

    @classmethod
    def from_json(cls, data: bytes | str) -> Item:
        """Parse a Kafka value; raises ``pydantic.ValidationError`` on a malformed record."""
        return cls.model_validate(orjson.loads(data))
