"""The public content pages' URLs: one place, shared by the pages, their links and the sitemap.

``/travel-nursing/{state}/{city}``            city guide (state: USPS code lower case)
``/travel-nursing/{state}/{city}/{specialty}`` city x specialty page
``/specialties/{specialty}``                  specialty page
``/blog/{slug}``                              blog post
``/faq/{slug}``                               FAQ article (English or Spanish: slugs differ)
plus the hubs ``/travel-nursing``, ``/specialties``, ``/blog`` (paginated: ``?page=N``) and
``/faq``.

A URL is the page's identity: its parts are the key of the page's ``ai_content``
reference id (``tx/dallas``, ``icu``, ``tx/dallas/icu``; made by the same functions,
:mod:`data_layer.content.kinds`), so a page is found by primary key and its URL never
changes when an editor retitles it. Only a blog post's URL is its (unique) slug.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from data_layer.content.kinds import city_key, city_specialty_key, specialty_key
from data_layer.faq.paths import FAQ_PATH, faq_path

__all__ = [
    "BLOG_HUB",
    "CITY_HUB",
    "FAQ_HUB",
    "SPECIALTY_HUB",
    "blog_path",
    "city_guide_path",
    "city_specialty_path",
    "faq_path",
    "job_path",
    "specialty_path",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STATE = re.compile(r"^[a-z]{2}$")

CITY_HUB = "/travel-nursing"
SPECIALTY_HUB = "/specialties"
BLOG_HUB = "/blog"
FAQ_HUB = FAQ_PATH


def city_guide_path(state_code: str, city: str) -> str:
    return f"{CITY_HUB}/{city_key(state_code, city)}"


def specialty_path(specialty: str) -> str:
    return f"{SPECIALTY_HUB}/{specialty_key(specialty)}"


def city_specialty_path(state_code: str, city: str, specialty: str) -> str:
    return f"{CITY_HUB}/{city_specialty_key(state_code, city, specialty)}"


def blog_path(post_slug: str) -> str:
    return f"{BLOG_HUB}/{quote(post_slug, safe='-_.~')}"


def job_path(job_id: object) -> str:
    return f"/jobs/{job_id}"
