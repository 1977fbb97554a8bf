"""Hand-made word lists: the ordinary English around the master-data vocabulary.

They say which words are no search terms (:data:`STOPWORDS`), which are real words rather
than typos (:data:`KNOWN_WORDS`), and which vocabulary terms are too ordinary to count without
context (weak specialty terms, cities that are words, state codes that are words).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

from assistant.agent.nlu.text import words

__all__ = [
    "CITY_CONTEXT_WORDS",
    "CODE_CONFLICT_SLOTS",
    "CONTEXT_CITIES",
    "COUNT_WORDS",
    "KNOWN_WORDS",
    "LOCATION_PREPOSITIONS",
    "LOWERCASE_AMBIGUOUS_CODES",
    "NEGATION_BRIDGE",
    "NEGATORS",
    "STOPWORDS",
    "UPPERCASE_COMMON_CODES",
    "WEAK_SPECIALTY_TERMS",
]

WEAK_SPECIALTY_TERMS: Final[frozenset[str]] = words(
    """general hospital medical clinical field transport floor acute inpatient school schools
    therapist hand sleep flight combo pet sports community retail residential chronic
    diagnostic cardiac vascular counseling sitter ur op pp cm ep hh mr emu micro chem heme
    coag educational spine abdomen abdominal open heart 911 vent ventilator home visits
    medical floor surgical floor immediate care call"""
)
"""Specialty terms that are ordinary words: they count only when a profession is named."""

CONTEXT_CITIES: Final[frozenset[str]] = words(
    """mobile reading orange bend temple flint concord billings buffalo neptune aurora florence
    logan tyler jackson madison lincoln charlotte eugene monroe murray lima erie pierre
    gillette sheridan frederick henderson augusta marietta palmer hays york mesa enid casper
    midland salem camden canton dover lebanon oxford cambridge newport hollywood warwick
    winchester durham lancaster meridian athens florence lawrence albany columbia
    independence normal troy"""
)
"""City names that are also common words or first names: they need a location context."""

LOWERCASE_AMBIGUOUS_CODES: Final[frozenset[str]] = words(
    "al ar co ct de hi id il in la ma md me mi mo ms mt ne nd oh ok or pa va wa"
)
"""USPS codes that, written in lowercase, are more likely a word than a state."""

UPPERCASE_COMMON_CODES: Final[frozenset[str]] = words("ok hi me in oh id")
"""USPS codes that, even in capitals, are more likely a word ("OK", "HI")."""

LOCATION_PREPOSITIONS: Final[frozenset[str]] = frozenset(
    {"in", "near", "around", "outside", "within"}
)
CITY_CONTEXT_WORDS: Final[frozenset[str]] = LOCATION_PREPOSITIONS | {"to", "from", "at"}
CODE_CONFLICT_SLOTS: Final[Mapping[str, Literal["profession", "specialty"]]] = {
    "or": "specialty",
    "ct": "specialty",
    "pa": "profession",
    "ma": "profession",
    "mt": "profession",
}
"""State codes that are also a profession or specialty term, and which one."""

NEGATORS: Final[frozenset[str]] = words(
    "no not without except avoid dont never nothing drop remove exclude skip minus"
)
"""Words that take the filter after them off ("no nights", "drop the nights", "remove travel")."""
NEGATION_BRIDGE: Final[frozenset[str]] = words("want like more the any doing working do")
"""Words between a negator and what it negates ("don't *want* nights")."""
COUNT_WORDS: Final[frozenset[str]] = words("two three four five six seven couple few")

STOPWORDS: Final[frozenset[str]] = words(
    """a about above after again all also am an and any anything anywhere are area around as
    at available be been before being best between both but by can cant could currently did
    do does doing dont each either else even ever every find for from get give go going good
    got great had has have having hello help her here hey hi hiring his how i id ideally if
    im in interested into is it its ive job jobs just keep kind know like list listing
    listings look looking looks lot love make maybe me might more most much my need needs
    new no nope not now of off ok okay on one ones only open opening openings opportunities
    opportunity or other our out over per please pls position positions possible prefer
    preferably preferred really role roles search searching see seeking show some something
    somewhere start starting such sure than thank thanks that the their them then there these
    they thing things this those to too try trying up us very want wanted wanting was way we
    well were what whats when where which while who whom why will with within work working
    would wondering yes you your yours assignment assignments gig gigs employment career
    careers vacancy vacancies posting postings options option also get getting please shift
    shifts schedule hour hours week weeks weekly pay paying pays rate rates salary money
    instead only just least atleast minimum min earn earning offers offering located location
    place places city state states near nearby close closer preferably ideally lets let
    hiring hire hired available availability apply applying application tell info details
    detail information actually cool awesome nice super um uh hmm so literally basically
    honestly kinda sorta date dates hoping hope seek seeking open anyone somebody someone
    else right now today currently also maybe perhaps nothing guys yall folks type types kind kinds
    sort something anything wondering curious hows whats wheres thats theres ur u pls plz
    thx ill youll wont cant isnt doesnt didnt theyll shes hes sounds looks seems specialty
    specialties profession professions flexible whatever regardless"""
)
"""Words that carry no search meaning on their own (never a query, never 'corrected')."""

KNOWN_WORDS: Final[frozenset[str]] = STOPWORDS | words(
    """about above actually address afternoon again agency agent ahead alright already
    always another answer anyone appreciate asked asking award based because believe better
    bonus bonuses booked bring buddy busy called calling cancel cannot chance change changed
    check cheers cheaper choose clear colleague coming company confirm connect contact
    correct couple coworker cover daily dates email emails evening everyone exactly excel
    expect experience family fast fine first forget friend friends further going goodbye
    great happen happy hello hours house human later latest leave license licensed light
    little local longer lower maybe media medical might money month months morning never
    night nights nobody nothing number offer other others paid people person phone pretty
    quick quite rather ready really recruiter recruiters refer referral referrals referred
    register remote reply right robot round second seems sense sheet short since smart
    someone sorry sound sounds speak staff start stay still stuff sweet talk team thank
    thanks their there these thing think third those three through today together tomorrow
    travel truly twice under until usual video wanna whatever where whether which while
    whole worry worth would write wrong years yours yourself about above across agree alone
    along among apple away basic begin below beside beyond board bring build carry cause
    child clean close cover cross dream drive early earth eight empty enjoy enter equal
    error event field final floor force front glass grand green group guess heart heavy
    horse hotel image issue large laugh learn level limit lunch major march match metal
    minor model mouth movie music nurse ocean order owner paint panel paper party peace
    phase piece pilot plane plant plate point pound power press price prime print prize
    proof proud queen quiet radio raise range reach refer reply river rough route scale
    scene score serve seven shape share sharp shelf shift shirt shock shoot sight since
    skill sleep slide smile smoke solid solve sound south space spare speed spend split
    sport staff stage stand steel stick stock stone store storm story strip study style
    sugar suite super table taste teach teeth thick thing tired title total touch tough
    tower track trade train treat trend trial truck trust truth twice uncle union upper
    usage usual valid value visit voice waste watch water wheel white woman world worry
    worse young youth media mediate remedy medics august indian indians addition fight
    campaign piano strike landing contrast contrasts traveled travelled helen helens filed
    mason flood settle spots swung canyon stanford recover canon contacts alexandra modest
    genera stroked sorts patterson stoke chick frederic coats impatient diver ligue norma
    rotated regal athena rotting savanna sewing spins caden medial plank paler latch maison
    fling montpellier sacrament eugen"""
)
"""Words never corrected as typos: they are words already. The second half was calibrated
against an English word list: real words one slip away from a vocabulary term."""
