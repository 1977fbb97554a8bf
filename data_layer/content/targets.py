"""What a page is about: its type, its key (the part of its identity) and the names
the facts are gathered by. Selection produces targets; snapshots and writers read them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from data_layer.content.kinds import (
    ContentType,
    blog_key,
    city_key,
    city_specialty_key,
    reference_id_for,
    specialty_key,
)


@dataclass(frozen=True, slots=True)
class Target:
    content_type: ContentType
    key: str
    state_code: str | None = None
    city: str | None = None
    specialty: str | None = None
    """The specialty's name as master data spells it (all professions' rows of that name)."""
    job_id: str | None = None
    topic: str | None = None
    """Blog posts: which data-driven topic (see blog.py)."""
    month: str | None = None
    """Blog posts: the month the topic covers, ``YYYY-MM``."""

    @property
    def reference_id(self) -> str:
        return reference_id_for(self.content_type, self.key)

    @classmethod
    def city_guide(cls, state_code: str, city: str) -> Target:
        return cls(ContentType.CITY_GUIDE, city_key(state_code, city), state_code.upper(), city)

    @classmethod
    def specialty_page(cls, specialty: str) -> Target:
        return cls(ContentType.SPECIALTY_PAGE, specialty_key(specialty), specialty=specialty)

    @classmethod
    def city_specialty_page(cls, state_code: str, city: str, specialty: str) -> Target:
        return cls(
            ContentType.CITY_SPECIALTY_PAGE,
            city_specialty_key(state_code, city, specialty),
            state_code.upper(),
            city,
            specialty,
        )

    @classmethod
    def job_description(cls, job_id: str) -> Target:
        return cls(ContentType.JOB_DESCRIPTION, str(job_id), job_id=str(job_id))

    @classmethod
    def blog_post(cls, topic: str, slug: str, month: str, specialty: str | None = None) -> Target:
        return cls(
            ContentType.BLOG_POST, blog_key(slug), specialty=specialty, topic=topic, month=month
        )


def target_to_dict(target: Target) -> dict[str, Any]:
    """JSON for a task message."""
    return {**asdict(target), "content_type": target.content_type.value}


def target_from_dict(values: dict[str, Any]) -> Target:
    known = {name: values.get(name) for name in Target.__dataclass_fields__}
    known["content_type"] = ContentType(str(values["content_type"]))
    if not known.get("key"):
        raise ValueError("a target needs a key")
    return Target(**known)
