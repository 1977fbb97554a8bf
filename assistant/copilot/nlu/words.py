"""The copilot's own words: what recruiters call the metrics, statuses and breakdowns.

Master-data terms (professions, specialties, states, cities, certifications) are not here:
they come from the chat lexicon (:mod:`assistant.agent.nlu.lexicon`), which reads them from
the master tables with the catalog's synonyms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from assistant.agent.nlu.text import words

__all__ = [
    "APPLICATION_STATUS_WORDS",
    "CANDIDATE_STATUS_WORDS",
    "COPILOT_WORDS",
    "FILLER_WORDS",
    "REFERRAL_STATUS_WORDS",
]

COPILOT_WORDS: Final[frozenset[str]] = words(
    """applications application applicants applicant applied placements placement placed
    candidates candidate interviews interview interviewing interviewed licenses license
    licensed expiring expire expires expired expiration expirations certifications
    certification certificates certificate referrals referral referred handoffs handoff
    conversations conversation response respond responded responses replies conversion
    conversions converted views viewed clicks status statuses specialty specialties
    profession professions recruiter recruiters yesterday today month months quarter quarters
    weekly monthly daily breakdown broken pipeline openings positions featured without
    submitted offered offers rejected reviewing screening assignment available inactive
    january february march april june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday between since through during
    previous upcoming coming following average median expiring lapsing renewal renewals
    sources source channel channels state states where which placements inbox escalated
    escalations waiting pending unanswered hours minutes share shared links clicked opened
    people nurses clinicians travelers openings postings numbers number total count
    distinct unique different across grouped split compare versus highest lowest fewest
    biggest largest smallest trend trending performance summary overview report dashboard
    conversion opened visits traffic outcome outcomes stage stages hired hires starts
    booked submissions submittals jobs positions"""
)
"""Words the typo corrector corrects towards ("placments" -> "placements")."""

APPLICATION_STATUS_WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "applied": ("applied",),
    "new": ("applied",),
    "reviewing": ("reviewing",),
    "review": ("reviewing",),
    "under review": ("reviewing",),
    "in review": ("reviewing",),
    "being reviewed": ("reviewing",),
    "interviewing": ("interviewing",),
    "interview": ("interviewing",),
    "interview stage": ("interviewing",),
    "offered": ("offered",),
    "offer": ("offered",),
    "offers": ("offered",),
    "offer stage": ("offered",),
    "placed": ("placed",),
    "rejected": ("rejected",),
    "rejections": ("rejected",),
    "declined": ("rejected",),
    "turned down": ("rejected",),
    "not selected": ("rejected",),
    "lost": ("rejected",),
    "dead": ("rejected",),
    "active": ("applied", "reviewing", "interviewing", "offered"),
    "open": ("applied", "reviewing", "interviewing", "offered"),
    "in progress": ("applied", "reviewing", "interviewing", "offered"),
    "in flight": ("applied", "reviewing", "interviewing", "offered"),
    "in process": ("applied", "reviewing", "interviewing", "offered"),
    "pending": ("applied", "reviewing", "interviewing", "offered"),
    "still open": ("applied", "reviewing", "interviewing", "offered"),
}
"""Application statuses (``applications.status``) by the words naming them."""

CANDIDATE_STATUS_WORDS: Final[Mapping[str, str]] = {
    "new lead": "New Lead",
    "new leads": "New Lead",
    "leads": "New Lead",
    "in screening": "In Screening",
    "screening": "In Screening",
    "being screened": "In Screening",
    "active": "Active",
    "submitted": "Submitted",
    "on assignment": "On Assignment",
    "on contract": "On Assignment",
    "currently working": "On Assignment",
    "working": "On Assignment",
    "available": "Available",
    "inactive": "Inactive",
    "do not use": "Do Not Use",
    "dnu": "Do Not Use",
}
"""Candidate statuses (master ``candidate_statuses``) by the words naming them."""

REFERRAL_STATUS_WORDS: Final[Mapping[str, str]] = {
    "sent": "sent",
    "registered": "registered",
    "signed up": "registered",
    "applied": "applied",
    "placed": "placed",
    "hired": "placed",
    "placements": "placed",
    "placement": "placed",
}
"""Referral statuses (``referrals.status``)."""

FILLER_WORDS: Final[frozenset[str]] = words(
    """how many much number count total totals what whats which who whom whose is are was
    were be been being do does did done have has had having get gets got gotten getting
    the a an of in on at for to from by with within per each every and or but so also
    too as than then this that these those there their them they it its i me my mine
    we us our ours you your team teams desk book everyone everybody all any some only
    just currently right now still yet ever so far please pls plz thanks thank can could
    would will should may might tell show give list see find pull bring up display
    names name out about over under since until through during between overall
    whole entire company agency org organization firm recruiters recruiter candidates
    candidate people nurses nurse clinicians clinician travelers traveler folks
    applications application applicants applicant applied apply placements placement
    placed place made make making interviews interview interviewing interviewed jobs job
    openings opening positions position roles role postings posting open active hot
    featured without no zero none nobody not any yet licenses license licensed
    certifications certification certificates certificate credentials expiring expire
    expires expired expiration lapse lapsing renewal renew due soon coming up upcoming
    referrals referral referred refer sources source channel where come came from
    handoffs handoff inbox queue waiting pending conversations conversation chats chat
    response respond reply replies time times fast quickly long average median speed
    share shared links link views view viewed clicks conversion rate status statuses
    stage stages specialty specialties profession professions state states breakdown
    broken down split grouped group by month months week weeks day days year years
    quarter daily weekly monthly trend over top most least fewest highest lowest best
    worst more less first last next new like doing going look looking looks many lot
    numbers stats status update summary report much sent registered received receive
    outcome outcomes result results happen happened end ended ones one who got did
    currently today yesterday am pm ago back still left remaining across compare vs
    versus against mean typical usually typically days hours minutes take took takes
    between sorted order ordered rank ranked ranking performing perform performed
    hires hired hire starts started start booked submissions submittals submitted submit
    total grand sum overall altogether combined unique distinct different separate
    individual offers offer offered rejected declined reviewing review screening
    status funnel pipeline counts counted numbers breakdown mix distribution split up
    per cent percent percentage ratio rates pace file files record records system database
    created creating create made shared sending sent handed turned turn verification
    verified unverified pending hold holds holding held experience experienced exp years
    start starts starting started begin available availability ready able posted posting
    added pay paying paid weekly hourly salary rate average typical median highest lowest
    ended ending closed resulted led anything anyone ones yet ever applying anymore
    nothing someone something right far week weeks month months already expired lapsed
    desk book business candidate's on file system came come coming through via thru using
    used mine please kindly quick quickly real really exactly approximately about roughly
    around scheduled schedule booked wait waits waited older newer oldest newest vs versus
    compared compare reason reasons why type types shift shifts avg replying responding
    answering respond reply waiting slowest fastest quickest busiest havent hasnt dont doesnt
    didnt answered unanswered leads lead ranked submission submittal break breaking same
    ones remove drop clear excluding exclude except minus counting including ignoring wide
    increased decreased increase decrease grew grow growing add adding brought bring brings
    bringing generated generate drove drive converts convert converting often moved move
    moving advanced progressed went sitting sit calendar"""
)
"""Words that carry no filter: a question made only of these and known terms is fully read."""
