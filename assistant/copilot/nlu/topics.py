"""Which metric a question is about: "placements", "licenses expiring", "hot jobs without
applicants", "share-link conversion"... read from its words.

The rules run on the question's normalized words (:func:`~.text.norm_words`), most
specific first: "time to first application" before "applications", "hot jobs with no
applicants" before "jobs", "applications in interviewing" (a status of applications) before
"interviews" (applications that reached interviewing). Statuses named with the metric
("rejected applications", "active candidates", "referrals that got placed") come back with
it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from assistant.copilot.nlu.words import (
    APPLICATION_STATUS_WORDS,
    CANDIDATE_STATUS_WORDS,
    REFERRAL_STATUS_WORDS,
)

__all__ = [
    "FUTURE_METRICS",
    "NON_LISTABLE_METRICS",
    "NO_APPLICANTS",
    "Topic",
    "find_topic",
    "mentioned_metric",
]

FUTURE_METRICS: Final = frozenset({"licenses_expiring", "certifications_expiring"})
"""Metrics whose period looks ahead: "in January" is the next January."""
NON_LISTABLE_METRICS: Final = frozenset(
    {"time_to_first_application", "handoff_response_time", "share_link_conversion"}
)
"""Medians and ratios: there are no rows to list."""


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern + r")\b")


APPL = _rx(
    r"applications?|applicants?|applied|applying|apply|submissions?|submittals?|submits?|"
    r"applies"
)
APPL_NOUN = _rx(r"applications?|submissions?|submittals?|apps")
PLACE = _rx(
    r"placements?|placed|placing|hires|hired|new starts|starts|filled|booked|"
    r"(?:did|do|have|has) (?:i|we|you|they|he|she|\w+) (?:place|hire|book)"
)
PLACE_NOUN = _rx(r"placements?|hires|new starts|starts")
INTERVIEW = _rx(r"interviews?|interviewed|interviewing")
CAND = _rx(
    r"candidates?|clinicians?|nurses?|travell?ers?|people|persons?|talent|leads|profiles?|"
    r"folks|workers?|techs?|technicians?|therapists?|aides?|assistants?|rns|lpns|cnas|lvns|"
    r"crnas|nps|pts|ots|slps|rts|staff|desk|on my book|book of business"
)
JOBS = _rx(
    r"jobs?|openings?|positions?|reqs?|requisitions?|job orders?|orders|postings?|roles?|"
    r"vacancies|vacancy|needs"
)
LICENSE = _rx(r"licen[cs]es?|licensure|licensed")
CERT = _rx(r"certifications?|certs?|certificates?|credentials?")
EXPIRE = _rx(
    r"expir\w*|lapse[sd]?|lapsing|renewals?|renew|due|run(?:ning)? out|runs out|"
    r"going stale|about to end|ending"
)
REFERRAL = _rx(r"referrals?|referred|referring|refer")
REFERRAL_SOURCE = _rx(
    r"referral sources?|lead sources?|candidate sources?|(?:where|how) (?:do|did|are|were|does)"
    r" (?:my |our |the )?(?:candidates|people|leads|nurses|clinicians)(?: \w+)? (?:come|coming|"
    r"came|found|finding us|hear about us)|sources? of (?:my |our )?(?:candidates|leads|people)|"
    r"how (?:did|do) (?:they|candidates) (?:find|hear about) us"
)
SOURCE = _rx(r"sources?|channels?|came from|come from|coming from")
SHARE = _rx(
    r"share links?|shared links?|sharing links?|share urls?|tracked links?|tracking links?|"
    r"links?|shares|shared jobs?|share"
)
VIEWS = _rx(r"views?|viewed|clicks?|clicked|opens|opened|visits?|visited|traffic|impressions?")
CONVERSION = _rx(r"conversions?|convert(?:ed|ing|s)?|click through(?: rate)?|ctr")
HANDOFF = _rx(
    r"handoffs?|handovers?|handed (?:off|over|to me)|inbox|escalations?|escalated|"
    r"chats? (?:(?:are|is) (?:still )?)?(?:waiting|pending|open|queued)|"
    r"(?:waiting|pending|open|queued|unanswered) "
    r"(?:chats?|conversations?|messages?)|chat queue|queue|live chats?|chat requests?|"
    r"conversations? (?:waiting|handed|pending|open)|people waiting|"
    r"waiting (?:for|on) (?:me|a reply|an answer|a response|a recruiter)|"
    r"transfers? from (?:the )?(?:bot|chat|assistant)"
)
RESPONSE = _rx(
    r"response times?|respon[ds]\w*|reply|replies|replied|get back to|answer(?:ed|ing)? (?:them|"
    r"chats?|handoffs?|candidates|people)|first response|reply times?|time to (?:respond|reply|"
    r"answer|first response)"
)
SPEED = _rx(
    r"how (?:fast|quickly|long|soon|slow)|average|avg|median|mean|typical|speed|time to|"
    r"times?|minutes|hours|took|takes?|turnaround"
)
TTFA = _rx(
    r"time to (?:first|1st|an?) (?:application|applicant|app|apply)|"
    r"(?:time|days|how long) to (?:(?:first|1st|a) )?(?:submit|submittal|submission)s?|"
    r"(?:first|1st) (?:application|applicant|app)s?|"
    r"(?:how (?:long|fast|quickly|soon)|time|days?|hours?).{0,40}(?:until|till|before|to get|to"
    r" receive|get|gets|got|receive|for) (?:(?:their|its|the|a|an) )?(?:first |1st )?"
    r"(?:application|applicant|app|apply)"
)
NO_APPLICANTS = _rx(
    r"(?:no|zero|0|without(?: any)?|with no|lacking|nobody|none|not any|missing) "
    r"(?:applicants?|applications?|candidates?|apps|applies|submissions?|interest|takers)|"
    r"(?:nobody|no one|noone|none|nobodys?) (?:has |have |had )?(?:yet )?(?:applied|"
    r"submitted|bitten)|(?:havent|have not|hasnt|has not|not yet|never|didnt|did not) "
    r"(?:yet )?(?:been )?(?:applied|received|gotten|got|get|had)(?: (?:to|any|an?) ?"
    r"(?:applicants?|applications?|apps)?)?|(?:dont|do not|doesnt|does not) (?:yet )?(?:have|has|"
    r"get|got) (?:any |a single )?(?:applicants?|applications?|apps|submissions?)|"
    r"unapplied|no interest|zero interest|not getting "
    r"(?:any )?(?:applicants|applications)|getting no (?:applicants|applications)"
)
STAGES = _rx(
    r"applications?|apps|applicants?|submissions?|submittals?|interviews?|interviewing|offers?|"
    r"placements?|placed|hires?|hired"
)
_REACHED_INTERVIEW = _rx(
    r"(?:moved|move|moving|advanced|advance|progressed|went|got|reached|made it|pushed) "
    r"(?:in)?to (?:the )?(?:interview|interviewing|interviews)(?: stage)?"
)
_WAITING_RX = _rx(
    r"(?:waiting|still waiting|waited) (?:for|on) (?:a |an |my |their )?(?:reply|replies|response|"
    r"answer|call back|callback)"
)
FEATURED = _rx(r"featured|promoted|spotlight(?:ed)?|boosted")
HOT = _rx(r"hot|urgent|priority|critical need|critical needs|high priority")
UNIQUE = _rx(r"unique|distinct|different|individual|separate")
PIPELINE = _rx(r"pipeline|funnel|stages? breakdown|where (?:things|everyone|everything) stands?")
EXPIRY_ALONE = _rx(r"expiring|expirations?|expire|expires|lapsing|lapse")
CERT_NAMES = _rx(
    r"bls|acls|pals|nrp|tncc|enpc|ccrn|cen|rnc|stable|cpr|npi|nihss|onc|ocn|crrn|trauma|"
    r"first aid|tnc|cnor|pcc"
)


_SOURCE_REFERRAL = _rx(r"(?:employee|candidate|clinician|ambassador|nurse) referrals?")
_REFERRAL_STATUS = _rx(
    r"sent|registered|signed up|applied|placed|placements?|hired|got|were|are|status|"
    r"outcomes?|turned into|became|converted"
)


@dataclass(frozen=True, slots=True)
class Topic:
    """What a question counts, as far as its words tell."""

    metric: str | None = None
    statuses: tuple[str, ...] = ()
    """Statuses the question named with the metric, in the metric's own status words."""
    hot: bool | None = None
    featured: bool | None = None
    group_hint: tuple[str, ...] = ()
    """A breakdown the metric word itself implies ("pipeline": by status)."""
    share_measure_missing: bool = False
    """Share links named without saying views, applications, placements or conversion."""
    status_only: bool = False
    """A status was named as the metric ("rejected", "offers"): on applications."""


def _statuses(
    norm: str, table: Mapping[str, tuple[str, ...]] | Mapping[str, str]
) -> tuple[str, ...]:
    found: list[str] = []
    for phrase in sorted(table, key=len, reverse=True):
        if re.search(rf"\b{re.escape(phrase)}\b", norm):
            value = table[phrase]
            for status in (value,) if isinstance(value, str) else value:
                if status not in found:
                    found.append(status)
            norm = re.sub(rf"\b{re.escape(phrase)}\b", " ", norm)
    return tuple(found)


_APP_STATUS_CONTEXT = _rx(
    r"status|statuses|stage|stages|in (?:the )?(?:applied|reviewing|review|interview|interviewing|"
    r"offer|offered|placed|rejected)|(?:are|is|were|still|currently|now) (?:in |at )?"
    r"(?:applied|reviewing|under review|in review|interviewing|offered|placed|rejected|active|"
    r"open|pending|in progress)|(?:active|open|pending|rejected|declined|offered|reviewing|"
    r"interviewing|placed|in progress|in flight|dead|lost|new) (?:applications|apps|"
    r"submissions|submittals|applicants)"
)


def _application_statuses(norm: str) -> tuple[str, ...]:
    """Statuses of applications the question names ("active applications", "in interviewing")."""
    if not _APP_STATUS_CONTEXT.search(norm) and not re.search(
        r"\b(?:offers?|rejections?|rejected|declined|turned down|under review|in review|"
        r"interviewing|offered)\b",
        norm,
    ):
        return ()
    # "applied" is the verb of most questions ("how many applied"): a status only in context
    cleaned = re.sub(
        r"\b(?:have|has|had|who|that|they|candidates|people|nurses)\s+applied\b", " ", norm
    )
    cleaned = re.sub(r"\bapplied (?:to|for|in|on|at|last|this|since)\b", " ", cleaned)
    found = _statuses(cleaned, APPLICATION_STATUS_WORDS)
    specific = _statuses(cleaned, _STAGE_WORDS)
    if specific and specific != found:
        # "offers pending": the stage named; "pending" only says it is still open
        return specific
    return found


_STAGE_WORDS: Final = {
    phrase: statuses
    for phrase, statuses in APPLICATION_STATUS_WORDS.items()
    if statuses != APPLICATION_STATUS_WORDS["active"]
}
"""Status words naming one stage, not "active"/"open"/"pending" (every open stage)."""


def _share_metric(norm: str) -> tuple[str | None, bool]:
    if CONVERSION.search(norm):
        return "share_link_conversion", False
    if PLACE.search(norm):
        return "share_placements", False
    if APPL.search(norm):
        return "share_applications", False
    if VIEWS.search(norm):
        return "share_views", False
    return "share_views", True


def _is_share_question(norm: str) -> bool:
    if not SHARE.search(norm):
        return False
    # "share" as a verb about something else ("share of placements") is not a link
    return not (
        re.search(r"\bshare of\b|\bmarket share\b", norm) and not re.search(r"\blinks?\b", norm)
    )


def find_topic(norm: str) -> Topic:
    """The metric ``norm`` (normalized words) asks about, or an empty :class:`Topic`."""
    hot = True if HOT.search(norm) else None
    featured = True if FEATURED.search(norm) else None
    if TTFA.search(norm) and not HANDOFF.search(norm):
        return Topic("time_to_first_application", hot=hot, featured=featured)
    # "who's waiting on a reply": the people waiting, not how fast replies come
    timed = _WAITING_RX.sub(" waiting ", norm)
    if HANDOFF.search(norm) and (RESPONSE.search(timed) or SPEED.search(timed)):
        return Topic("handoff_response_time")
    if RESPONSE.search(timed) and SPEED.search(timed):
        return Topic("handoff_response_time")
    if HANDOFF.search(norm):
        return Topic("handoffs_open")
    if LICENSE.search(norm) and (EXPIRE.search(norm) or not CERT.search(norm)):
        return Topic("licenses_expiring")
    if CERT.search(norm) or (CERT_NAMES.search(norm) and EXPIRE.search(norm)):
        return Topic("certifications_expiring")
    if CONVERSION.search(norm) and not _is_share_question(norm) and STAGES.search(norm):
        # "interview to placement conversion": a rate of applications (a recipe), not links
        pass
    elif CONVERSION.search(norm) or _is_share_question(norm):
        metric, missing = _share_metric(norm)
        return Topic(metric, share_measure_missing=missing)
    if REFERRAL_SOURCE.search(norm):
        if APPL_NOUN.search(norm):
            return Topic("applications", group_hint=("source",))
        return Topic("candidates", group_hint=("referral_source",))
    if CAND.search(norm) and _SOURCE_REFERRAL.search(norm):
        return Topic("candidates")  # "candidates who came from employee referrals": a source
    if REFERRAL.search(norm):
        statuses = _statuses(norm, REFERRAL_STATUS_WORDS) if _REFERRAL_STATUS.search(norm) else ()
        hint = ("status",) if re.search(r"\boutcomes?\b|\bstatus(?:es)?\b|\bconvert", norm) else ()
        return Topic("referrals", statuses=statuses, group_hint=hint)
    if NO_APPLICANTS.search(norm) and (JOBS.search(norm) or hot or featured):
        return Topic("hot_jobs_without_applicants", hot=hot, featured=featured)
    app_statuses = _application_statuses(norm)
    if PIPELINE.search(norm) and not PLACE_NOUN.search(norm):
        return Topic("applications", statuses=app_statuses, group_hint=("status",))
    if PLACE.search(norm):
        placed_as_status = APPL_NOUN.search(norm) and not PLACE_NOUN.search(norm)
        if placed_as_status:
            return Topic("applications", statuses=app_statuses or ("placed",), hot=hot)
        return Topic("placements", hot=hot, featured=featured)
    if INTERVIEW.search(norm) and _REACHED_INTERVIEW.search(norm):
        # "moved to interviewing this week": reached it then (the interviews metric)
        return Topic("interviews", hot=hot, featured=featured)
    if INTERVIEW.search(norm):
        in_status = "interviewing" in app_statuses and not re.search(r"\binterviews\b", norm)
        if (
            in_status
            or APPL_NOUN.search(norm)
            or re.search(r"\b(?:status|stage|currently|still|now)\b", norm)
        ):
            return Topic("applications", statuses=app_statuses or ("interviewing",), hot=hot)
        return Topic("interviews", hot=hot, featured=featured)
    if APPL.search(norm):
        people = CAND.search(norm) or re.search(
            r"\bwho\b|\bhow many (?:of )?(?:my |our )?\w+ applied\b", norm
        )
        if UNIQUE.search(norm) or (people and not APPL_NOUN.search(norm)):
            return Topic("candidates_applied", statuses=app_statuses, hot=hot)
        return Topic("applications", statuses=app_statuses, hot=hot, featured=featured)
    if app_statuses and re.search(r"\b(?:offers?|rejections?|rejected|declined)\b", norm):
        return Topic("applications", statuses=app_statuses, status_only=True)
    if JOBS.search(norm) and not re.search(r"\bon (?:assignment|contract)\b", norm):
        return Topic("open_jobs", hot=hot, featured=featured)
    if CAND.search(norm):
        return Topic("candidates", statuses=_statuses(norm, CANDIDATE_STATUS_WORDS))
    if hot or featured:
        return Topic("open_jobs", hot=hot, featured=featured)
    if EXPIRY_ALONE.search(norm):
        return Topic("licenses_expiring")
    return Topic()


_METRIC_WORD = _rx(
    r"applications?|apps|placements?|interviews?|candidates?|jobs?|openings?|licenses?|"
    r"certifications?|certs?|referrals?|handoffs?|views?|clicks?|conversions?|response times?|"
    r"submissions?|hires|starts"
)


def mentioned_metric(norm: str) -> bool:
    """The question names a metric word itself (not only filters, periods or breakdowns)."""
    return bool(_METRIC_WORD.search(norm))
