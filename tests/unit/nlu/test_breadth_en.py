"""Breadth of understanding, English: account questions, FAQ questions, searches that only
look like questions, misspellings and informal place names, multi-turn refinements.

Written as candidates type: informal, abbreviated, misspelled. Each row is asserted; the
share understood is ``understood_pct_en`` in ``bench/nlu.py``.
"""

from __future__ import annotations

import pytest

from assistant.agent.nlu import Intent
from tests.unit.nlu.breadth import Case, check, conversation, date, phrase, search
from tests.unit.nlu.helpers import RN

LPN = "Licensed Practical Nurse"
CNA = "Certified Nursing Assistant"
ST, AS, WD = Intent.APPLICATION_STATUS, Intent.MY_APPLICATIONS, Intent.WITHDRAW
UP, CRED, FAQ = Intent.UPDATE_PROFILE, Intent.ADD_CREDENTIAL, Intent.FAQ


def _ref(**values: object) -> dict[str, object]:
    return {"application_ref": values}


def _profile(**values: object) -> dict[str, object]:
    return {"profile_update": values}


def _cred(kind: str, name: str, **values: object) -> dict[str, object]:
    return {"credential": {"kind": kind, "name": name, **values}}


MY_APPLICATIONS: list[Case] = [
    phrase("show my applications", AS),
    phrase("where can i see the jobs i applied to", AS),
    phrase("what jobs have I applied for?", AS),
    phrase("list my apps", AS),
    phrase("my applications", AS),
    phrase("can you pull up my applications please", AS),
    phrase("which jobs did i apply to", AS),
    phrase("show me everything I've applied to so far", AS),
    phrase("check on my applications", AS),
    phrase("how many applications do i have", AS),
    phrase("what's the status of my applications", AS),
    phrase("any updates on my applications?", AS),
    phrase("view my submitted applications", AS),
    phrase("see my application history", AS),
    phrase("what have i applied to", AS),
]

APPLICATION_STATUS: list[Case] = [
    phrase(
        "what's the status of my application to the Dallas ICU job?",
        ST,
        **_ref(city="Dallas", specialty="ICU", ordinal=None),
    ),
    phrase("any update on my application?", ST, **_ref(city=None, ordinal=None)),
    phrase("did my application go through?", ST, **_ref(city=None)),
    phrase("whats happening with my phoenix application", ST, **_ref(city="Phoenix")),
    phrase("status of the second one", ST, **_ref(ordinal=2)),
    phrase(
        "has anyone looked at my application for the tele job yet",
        ST,
        **_ref(specialty="Telemetry"),
    ),
    phrase("is my application still being reviewed?", ST, **_ref(city=None, specialty=None)),
    phrase(
        "how's my app for the NICU position in San Antonio going",
        ST,
        **_ref(city="San Antonio", specialty="NICU"),
    ),
    phrase("where am I in the process for the Texas job", ST, **_ref(state="TX")),
    phrase("check the status of application 2", ST, **_ref(ordinal=2)),
    phrase("what's going on with my last application", ST, **_ref(ordinal=-1)),
    phrase("was I rejected from the Denver job?", ST, **_ref(city="Denver")),
    phrase(
        "any news on the ER travel job I applied to in Atlanta?",
        ST,
        **_ref(city="Atlanta", specialty="ER"),
    ),
    phrase("i applied to the Miami one last week, any word?", ST, **_ref(city="Miami")),
    phrase("status update on my Seattle application pls", ST, **_ref(city="Seattle")),
    phrase("did the hospital get back to you about my application?", ST),
]

WITHDRAWALS: list[Case] = [
    phrase("withdraw my application", WD, **_ref(city=None, ordinal=None)),
    phrase("withdraw my application to the Dallas job", WD, **_ref(city="Dallas")),
    phrase("I want to pull my application for the Phoenix job", WD, **_ref(city="Phoenix")),
    phrase(
        "please cancel my application to the ICU job in Austin",
        WD,
        **_ref(city="Austin", specialty="ICU"),
    ),
    phrase("take me out of the running for the Houston position", WD, **_ref(city="Houston")),
    phrase("i accepted another offer, please withdraw the first one", WD, **_ref(ordinal=1)),
    phrase("remove my application for the second job", WD, **_ref(ordinal=2)),
    phrase("I don't want the Denver job anymore, withdraw it", WD, **_ref(city="Denver")),
    phrase("cancel my app", WD),
    phrase("can i unapply from the tele job", WD, **_ref(specialty="Telemetry")),
    phrase("retract my application", WD),
    phrase("withdraw from the nicu position", WD, **_ref(specialty="NICU")),
    phrase("I'm no longer interested in the Tampa job, please withdraw me", WD),
]

PROFILE_UPDATES: list[Case] = [
    phrase("I'm available from March 1", UP, **_profile(available_from=date(2027, 3, 1))),
    phrase("I can start on January 15th", UP, **_profile(available_from=date(2027, 1, 15))),
    phrase("available starting 2/1", UP, **_profile(available_from=date(2027, 2, 1))),
    phrase("I only want nights", UP, **_profile(shift="Nights", job_types=[])),
    phrase("i only want travel", UP, **_profile(job_types=["Travel"], shift=None)),
    phrase("I only want Texas and Arizona", UP, **_profile(preferred_states=["TX", "AZ"])),
    phrase("update my availability to April 10", UP, **_profile(available_from=date(2027, 4, 10))),
    phrase("I prefer night shift", UP, **_profile(shift="Nights")),
    phrase(
        "please change my preferred states to Florida, Georgia and North Carolina",
        UP,
        **_profile(preferred_states=["FL", "GA", "NC"]),
    ),
    phrase("I'm only interested in per diem", UP, **_profile(job_types=["Per Diem"])),
    phrase("set my shift preference to days", UP, **_profile(shift="Days")),
    phrase(
        "i'll be available after my contract ends on 12/20",
        UP,
        **_profile(available_from=date(2026, 12, 20)),
    ),
    phrase("i only do travel contracts, no perm", UP, **_profile(job_types=["Travel"])),
    phrase("add Colorado to my preferred states", UP, **_profile(preferred_states=["CO"])),
    phrase("I can only work nights", UP, **_profile(shift="Nights")),
    phrase("I prefer local contracts", UP, **_profile(job_types=["Local"])),
    phrase("my availability: ASAP", UP, **_profile(available_from=date(2026, 11, 26))),
    phrase("I'm available immediately", UP, **_profile(available_from=date(2026, 11, 26))),
    phrase("I'd only consider California or Oregon", UP, **_profile(preferred_states=["CA", "OR"])),
    phrase(
        "update my profile: nights, travel, Texas",
        UP,
        **_profile(shift="Nights", job_types=["Travel"], preferred_states=["TX"]),
    ),
    phrase("im free starting next month", UP, **_profile(available_from=date(2026, 12, 1))),
]

CREDENTIALS: list[Case] = [
    phrase(
        "I got my BLS renewed (expires 03/2028)",
        CRED,
        **_cred("certification", "BLS", expires_on=date(2028, 3, 31)),
    ),
    phrase("add my California RN license", CRED, **_cred("license", "RN", state="CA")),
    phrase(
        "just renewed my ACLS, good till 5/2027",
        CRED,
        **_cred("certification", "ACLS", expires_on=date(2027, 5, 31)),
    ),
    phrase("I passed my CCRN!", CRED, **_cred("certification", "CCRN")),
    phrase("I have a compact license now", CRED, **_cred("license", "RN", state=None)),
    phrase("add PALS to my profile", CRED, **_cred("certification", "PALS")),
    phrase(
        "my Texas LVN license number is 123456",
        CRED,
        **_cred("license", "LVN", state="TX", number="123456"),
    ),
    phrase("I got my Florida nursing license", CRED, **_cred("license", "RN", state="FL")),
    phrase(
        "I now hold a NY RN license, exp 2028-06-30",
        CRED,
        **_cred("license", "RN", state="NY", expires_on=date(2028, 6, 30)),
    ),
    phrase("got my TNCC last week", CRED, **_cred("certification", "TNCC")),
    phrase(
        "can you add my NRP cert, it expires in August 2027",
        CRED,
        **_cred("certification", "NRP", expires_on=date(2027, 8, 31)),
    ),
    phrase(
        "my BLS expires 6/30/2027",
        CRED,
        **_cred("certification", "BLS", expires_on=date(2027, 6, 30)),
    ),
    phrase("just got licensed as an RN in Arizona", CRED, **_cred("license", "RN", state="AZ")),
    phrase("add my CPR card", CRED, **_cred("certification", "BLS")),
    phrase("I'm PALS certified now", CRED, **_cred("certification", "PALS")),
]

FAQS: list[Case] = [
    phrase("how do travel pay packages work?", FAQ, faq_topic="pay_package"),
    phrase("what's the taxable base rate?", FAQ, faq_topic="pay_package"),
    phrase("why is the hourly rate so low on travel jobs?", FAQ, faq_topic="pay_package"),
    phrase("is the weekly pay before or after taxes?", FAQ, faq_topic="pay_package"),
    phrase("what does blended rate mean", FAQ, faq_topic="pay_package"),
    phrase("are pay rates negotiable?", FAQ, faq_topic="pay_package"),
    phrase("how do stipends work?", FAQ, faq_topic="stipends"),
    phrase("are stipends taxed?", FAQ, faq_topic="stipends"),
    phrase("what's a per diem stipend", FAQ, faq_topic="stipends"),
    phrase("do I still get stipends if I live near the hospital?", FAQ, faq_topic="stipends"),
    phrase("do you guys provide housing?", FAQ, faq_topic="housing"),
    phrase("is housing included?", FAQ, faq_topic="housing"),
    phrase("can I find my own housing and keep the stipend?", FAQ, faq_topic="housing"),
    phrase("can i bring my dog to company housing?", FAQ, faq_topic="housing"),
    phrase("do you offer health insurance?", FAQ, faq_topic="benefits"),
    phrase("when does insurance start, day one?", FAQ, faq_topic="benefits"),
    phrase("what benefits do travelers get?", FAQ, faq_topic="benefits"),
    phrase("is there a 401k match", FAQ, faq_topic="benefits"),
    phrase("do you have dental and vision", FAQ, faq_topic="benefits"),
    phrase("how much is the referral bonus?", FAQ, faq_topic="referral_bonus"),
    phrase("what are the rules for the referral bonus", FAQ, faq_topic="referral_bonus"),
    phrase("do i get paid for referring nurses?", FAQ, faq_topic="referral_bonus"),
    phrase("what is the NLC?", FAQ, faq_topic="licensure"),
    phrase("which states accept a compact license?", FAQ, faq_topic="licensure"),
    phrase("do I need a license in the state I travel to?", FAQ, faq_topic="licensure"),
    phrase("is california a compact state", FAQ, faq_topic="licensure"),
    phrase("will you reimburse my license fees?", FAQ, faq_topic="licensure"),
    phrase("how do I get a Texas license", FAQ, faq_topic="licensure"),
    phrase("how long does credentialing take?", FAQ, faq_topic="credentialing"),
    phrase("what documents do I need for onboarding", FAQ, faq_topic="credentialing"),
    phrase("do you drug test?", FAQ, faq_topic="credentialing"),
    phrase("what's the background check like", FAQ, faq_topic="credentialing"),
    phrase("what happens after I apply?", FAQ, faq_topic="application_process"),
    phrase("how long until I hear back after applying?", FAQ, faq_topic="application_process"),
    phrase("do i have to interview with the hospital?", FAQ, faq_topic="application_process"),
    phrase("how does the application process work", FAQ, faq_topic="application_process"),
    phrase("how long are travel contracts usually?", FAQ, faq_topic="contract"),
    phrase("can I extend my contract?", FAQ, faq_topic="contract"),
    phrase("what happens if the hospital cancels my contract", FAQ, faq_topic="contract"),
    phrase("are hours guaranteed?", FAQ, faq_topic="contract"),
    phrase("when do I get paid?", FAQ, faq_topic="payroll"),
    phrase("do you pay weekly?", FAQ, faq_topic="payroll"),
    phrase("is there direct deposit", FAQ, faq_topic="payroll"),
    phrase("do you cover travel expenses to get to the assignment?", FAQ, faq_topic="travel"),
    phrase("how much experience do I need to be a travel nurse?", FAQ, faq_topic="requirements"),
    phrase("can new grads travel?", FAQ, faq_topic="requirements"),
    phrase("can i take time off during an assignment?", FAQ, faq_topic="time_off"),
]

NOT_FAQS: list[Case] = [
    search("ICU jobs with housing stipend in Texas", profession=RN, specialty="ICU", state="TX"),
    search("travel jobs that include housing in Florida", job_type="Travel", state="FL"),
    search("any tele jobs with benefits from day one?", profession=RN, specialty="Telemetry"),
    search("highest paying travel ICU jobs", profession=RN, specialty="ICU", job_type="Travel"),
    search("find me a per diem job with good insurance in Ohio", job_type="Per Diem", state="OH"),
    search("compact state jobs for nurses", profession=RN),
    search(
        "what's the pay for ER travel nurses in Arizona",
        profession=RN,
        specialty="ER",
        job_type="Travel",
        state="AZ",
    ),
    search("show me jobs that pay stipends in NC", state="NC"),
]

TYPOS_AND_NICKNAMES: list[Case] = [
    search("icu jobs in texs", profession=RN, specialty="ICU", state="TX"),
    search(
        "emergancy room nurse in houston",
        profession=RN,
        specialty="ER",
        state="TX",
        city="Houston",
    ),
    search("nite shift tele jobs", profession=RN, specialty="Telemetry", shift="Nights"),
    search("travel jobs in jersey", job_type="Travel", state="NJ"),
    search("jersey city er jobs", specialty="ER", state="NJ", city="Jersey City"),
    search("pediatrics ICU jobs", profession=RN, specialty="PICU"),
    search("cali travel nurse jobs", profession=RN, job_type="Travel", state="CA"),
    search("philly icu", profession=RN, specialty="ICU", state="PA", city="Philadelphia"),
    search(
        "nyc nicu nights",
        specialty="NICU",
        state="NY",
        city="New York",
        shift="Nights",
    ),
    search("med surg in socal", specialty="Med-Surg", state="CA"),
    search("L&D in atl", specialty="L&D", state="GA", city="Atlanta"),
    search("telemetery jobs in flordia", profession=RN, specialty="Telemetry", state="FL"),
    search("oncolgy nurse jobs", profession=RN, specialty="Oncology"),
    search(
        "nicu nites in vegas",
        specialty="NICU",
        state="NV",
        city="Las Vegas",
        shift="Nights",
    ),
    search("labor and delivary in arizona", specialty="L&D", state="AZ"),
    search("ICU jobs in Dallas Texs", profession=RN, specialty="ICU", state="TX", city="Dallas"),
    search(
        "er nurse jobs in san antone",
        profession=RN,
        specialty="ER",
        state="TX",
        city="San Antonio",
    ),
    search("psyc nurse jobs", profession=RN, specialty="Psych"),
    search("travle nurse jobs", profession=RN, job_type="Travel"),
    search("registerd nurse jobs in georgia", profession=RN, state="GA"),
    search(
        "step-down in chi town", profession=RN, specialty="Step-Down", state="IL", city="Chicago"
    ),
    search("cvicu job in nola", profession=RN, specialty="CVICU", state="LA", city="New Orleans"),
    search("travel icu in mass", profession=RN, specialty="ICU", job_type="Travel", state="MA"),
    search("i want er jobs in north carolna", specialty="ER", state="NC"),
    search("rn jobs in pensylvania", profession=RN, state="PA"),
    search("emergency dept nurse jobs in ohio", profession=RN, specialty="ER", state="OH"),
    search("CNA jobs near philly", profession=CNA, state="PA", city="Philadelphia"),
    search("LPN jobs in cali paying 30 an hour", profession=LPN, state="CA", min_hourly_pay=30.0),
    search(
        "tele jobs in the big apple",
        profession=RN,
        specialty="Telemetry",
        state="NY",
        city="New York",
    ),
    search("nicu in houstn", specialty="NICU", state="TX", city="Houston"),
    search("travel nursing jobs", profession=RN, job_type="Travel"),
    search(
        "night shift cna jobs in vegas",
        profession=CNA,
        shift="Nights",
        state="NV",
        city="Las Vegas",
    ),
    search("er nite shift in dallas", specialty="ER", shift="Nights", state="TX", city="Dallas"),
    search("hiring for rn in new jersy", profession=RN, state="NJ"),
    search("Pediatric ICU nurse in Jersey", profession=RN, specialty="PICU", state="NJ"),
    search("Emergency Room jobs in Jersey City", specialty="ER", state="NJ", city="Jersey City"),
    search("nights in jersey", refinement=True, shift="Nights", state="NJ"),
    search("icu jobs in arizonia", profession=RN, specialty="ICU", state="AZ"),
    search("med surge nurse tenn", profession=RN, specialty="Med-Surg", state="TN"),
    search("ICU in Pennsylvnia", profession=RN, specialty="ICU", state="PA"),
]

CONVERSATIONS: list[Case] = [
    conversation(
        "ICU jobs in Texas",
        "only nights",
        profession=RN,
        specialty="ICU",
        state="TX",
        shift="Nights",
    ),
    conversation(
        "er jobs in dallas", "what about houston?", specialty="ER", state="TX", city="Houston"
    ),
    conversation(
        "travel nurse jobs in florida",
        "over 2500 a week",
        "nights only",
        profession=RN,
        job_type="Travel",
        state="FL",
        min_weekly_pay=2500.0,
        shift="Nights",
    ),
    conversation("nicu jobs", "in cali", specialty="NICU", state="CA"),
    conversation(
        "tele jobs in jersey",
        "how about philly instead",
        profession=RN,
        specialty="Telemetry",
        state="PA",
        city="Philadelphia",
    ),
    conversation(
        "icu travel jobs",
        "in texs",
        "make it nites",
        profession=RN,
        specialty="ICU",
        job_type="Travel",
        state="TX",
        shift="Nights",
    ),
    conversation(
        "med surg jobs in ohio",
        "per diem only",
        specialty="Med-Surg",
        state="OH",
        job_type="Per Diem",
    ),
    conversation(
        "cna jobs in georgia", "any in atlanta?", profession=CNA, state="GA", city="Atlanta"
    ),
    conversation(
        "L&D nurse jobs",
        "in arizona",
        "days",
        profession=RN,
        specialty="L&D",
        state="AZ",
        shift="Days",
    ),
    conversation("emergency room jobs", "just travel ones", specialty="ER", job_type="Travel"),
    conversation(
        "psych nurse jobs in NY", "no nights", profession=RN, specialty="Psych", state="NY"
    ),
    conversation(
        "icu jobs in phoenix",
        "what about pediatrics icu",
        profession=RN,
        specialty="PICU",
        state="AZ",
        city="Phoenix",
    ),
    conversation(
        "RN jobs in Florida",
        "ER",
        "paying at least 60 an hour",
        profession=RN,
        specialty="ER",
        state="FL",
        min_hourly_pay=60.0,
    ),
    conversation(
        "travel icu jobs",
        "in socal",
        "nope, norcal",
        profession=RN,
        specialty="ICU",
        job_type="Travel",
        state="CA",
    ),
    conversation(
        "tele nurse jobs in chicago",
        "12 hr nights",
        profession=RN,
        specialty="Telemetry",
        state="IL",
        city="Chicago",
        shift="Nights",
        shift_hours=12,
    ),
]

OTHER_INTENTS: list[Case] = [
    phrase("can i apply to the second one", Intent.APPLY, job_reference={"ordinal": 2}),
    phrase("sign me up for the Dallas job", Intent.APPLY, job_reference={"city": "Dallas"}),
    phrase("I'd like to talk to someone about pay", Intent.HUMAN),
    phrase("my friend is an ICU nurse, can I refer her?", Intent.REFER_FRIEND),
    phrase("thx!!", Intent.SMALLTALK, smalltalk="thanks"),
    phrase("whats the pay on that one", Intent.JOB_DETAILS, detail_topic="pay"),
    phrase("hey! looking for nicu work in ohio", Intent.SEARCH),
]

SECOND_BATCH: list[Case] = [
    phrase("can u show me the jobs i put in for", AS),
    phrase("where do i see my applications??", AS),
    phrase("pull up my apps", AS),
    phrase("have i applied to anything yet", AS),
    phrase("hey whats the latest on my application", ST),
    phrase("any movement on my Austin app?", ST, application_ref={"city": "Austin"}),
    phrase(
        "did the Orlando hospital look at my application", ST, application_ref={"city": "Orlando"}
    ),
    phrase(
        "i applied for a tele job in Tampa a week ago and havent heard anything",
        ST,
        application_ref={"city": "Tampa"},
    ),
    phrase("what stage is my application at", ST),
    phrase("is my icu application still active?", ST, application_ref={"specialty": "ICU"}),
    phrase("i need to withdraw from the Baltimore job", WD, application_ref={"city": "Baltimore"}),
    phrase("please pull my app for the nicu gig", WD, application_ref={"specialty": "NICU"}),
    phrase("I took a staff job so please cancel all my applications", WD),
    phrase("can you withdraw me from the third one", WD, application_ref={"ordinal": 3}),
    phrase(
        "not interested in the Reno job anymore, can you remove my application",
        WD,
        application_ref={"city": "Reno"},
    ),
    phrase(
        "I'll be available starting April 3rd",
        UP,
        profile_update={"available_from": date(2027, 4, 3)},
    ),
    phrase("my start date is flexible but earliest is feb 15", UP),
    phrase("I'm done with my current contract on Jan 10 so I'm free after that", UP),
    phrase("I only work days", UP, profile_update={"shift": "Days"}),
    phrase("i prefer per diem shifts", UP, profile_update={"job_types": ["Per Diem"]}),
    phrase(
        "i only want jobs in florida or georgia",
        UP,
        profile_update={"preferred_states": ["FL", "GA"]},
    ),
    phrase("change my shift preference to nights please", UP, profile_update={"shift": "Nights"}),
    phrase("I'd rather do travel than perm", UP),
    phrase(
        "my preferred states are WA and OR", UP, profile_update={"preferred_states": ["WA", "OR"]}
    ),
    phrase("I can start in 2 weeks", UP),
    phrase("just renewed my BLS", CRED, credential={"kind": "certification", "name": "BLS"}),
    phrase(
        "my acls expires next march", CRED, credential={"kind": "certification", "name": "ACLS"}
    ),
    phrase(
        "I got my Ohio RN license yesterday",
        CRED,
        credential={"kind": "license", "name": "RN", "state": "OH"},
    ),
    phrase("i'm now licensed in Washington", CRED, credential={"kind": "license", "state": "WA"}),
    phrase("I have my NIHSS now", CRED, credential={"kind": "certification", "name": "NIHSS"}),
    phrase(
        "add TNCC expiring 09/2027",
        CRED,
        credential={"kind": "certification", "name": "TNCC", "expires_on": date(2027, 9, 30)},
    ),
    phrase(
        "update my BLS expiration to 4/30/2028",
        CRED,
        credential={"kind": "certification", "name": "BLS", "expires_on": date(2028, 4, 30)},
    ),
    phrase(
        "i passed the NCLEX and have my RN license in Texas",
        CRED,
        credential={"kind": "license", "name": "RN", "state": "TX"},
    ),
    phrase("how does the pay work for travel nurses", FAQ),
    phrase("whats the difference between the taxable rate and stipends", FAQ),
    phrase("do yall help with housing", FAQ, faq_topic="housing"),
    phrase("what kind of health insurance do you offer", FAQ, faq_topic="benefits"),
    phrase("is there a bonus if my friend gets hired", FAQ),
    phrase("what states are in the compact", FAQ, faq_topic="licensure"),
    phrase("do I need a compact license to travel", FAQ, faq_topic="licensure"),
    phrase("how long is onboarding usually", FAQ, faq_topic="credentialing"),
    phrase("what happens once I submit an application?", FAQ, faq_topic="application_process"),
    phrase("how soon would i hear back", FAQ),
    phrase("are contracts usually 13 weeks?", FAQ, faq_topic="contract"),
    phrase("when is payday", FAQ, faq_topic="payroll"),
    phrase("do you reimburse travel costs", FAQ, faq_topic="travel"),
    phrase("do you need 2 years experience to travel?", FAQ, faq_topic="requirements"),
    phrase("do you offer 401k?", FAQ, faq_topic="benefits"),
    phrase("can i bring my pet?", FAQ),
    phrase("is the stipend taxed", FAQ, faq_topic="stipends"),
    search("any picu jobs in ohio with housing?", specialty="PICU", state="OH"),
    search("travel er jobs that offer insurance day one", specialty="ER", job_type="Travel"),
    search("icu jobs in califorina", profession=RN, specialty="ICU", state="CA"),
    search("emergancy jobs in jersey", specialty="ER", state="NJ"),
    search(
        "nite shift cna in philly", profession=CNA, shift="Nights", state="PA", city="Philadelphia"
    ),
    search("tele in nyc", profession=RN, specialty="Telemetry", state="NY", city="New York"),
    search("peds icu travel", profession=RN, specialty="PICU", job_type="Travel"),
    search("LnD jobs in texas", profession=RN, specialty="L&D", state="TX"),
    search("onocology rn jobs", profession=RN, specialty="Oncology"),
    search("surgical tech jobs in socal", profession="Surgical Technologist", state="CA"),
    conversation(
        "icu jobs in houston",
        "hmm what about san antonio",
        profession=RN,
        specialty="ICU",
        state="TX",
        city="San Antonio",
    ),
    conversation(
        "travel nurse jobs",
        "in jersey",
        "nights pls",
        profession=RN,
        job_type="Travel",
        state="NJ",
        shift="Nights",
    ),
    conversation(
        "med surg jobs in georgia",
        "only ones paying over 2k",
        specialty="Med-Surg",
        state="GA",
        min_weekly_pay=2000.0,
    ),
]
"""A second batch, written once the first passed, to see how the rules did on phrasings
they were not written for; kept (with the fixes they asked for) as rows like the others."""

THIRD_BATCH: list[Case] = [
    # typos / informal places
    search("icu nurse jobs in tx", profession=RN, specialty="ICU", state="TX"),
    search("er jobs in calfornia", specialty="ER", state="CA"),
    search("travel nurse jobs in washinton", profession=RN, job_type="Travel", state="WA"),
    search("nicu jobs in massachusets", specialty="NICU", state="MA"),
    search("tele nurse in conneticut", profession=RN, specialty="Telemetry", state="CT"),
    search("icu jobs in tennesee", profession=RN, specialty="ICU", state="TN"),
    search("labor and delivery in missisippi", specialty="L&D", state="MS"),
    search("er nurse in louisianna", profession=RN, specialty="ER", state="LA"),
    search("med surg jobs in virgina", specialty="Med-Surg", state="VA"),
    search("psych nurse jobs in minnesotta", profession=RN, specialty="Psych", state="MN"),
    search("oncology jobs in colorodo", profession=RN, specialty="Oncology", state="CO"),
    search("cna jobs in alabma", profession=CNA, state="AL"),
    search("lpn jobs in oklahomma", profession=LPN, state="OK"),
    search("icu jobs in houstin", profession=RN, specialty="ICU", state="TX", city="Houston"),
    search("er jobs in phenix", specialty="ER", state="AZ", city="Phoenix"),
    search(
        "tele jobs in pittsburg",
        profession=RN,
        specialty="Telemetry",
        state="PA",
        city="Pittsburgh",
    ),
    search("er jobs in albuquerque", specialty="ER", state="NM", city="Albuquerque"),
    search("travel jobs in nor cal", job_type="Travel", state="CA"),
    search("er jobs in norcal", specialty="ER", state="CA"),
    search("icu jobs in the bay area", profession=RN, specialty="ICU", state="CA"),
    search("icu jobs in vegas baby", profession=RN, specialty="ICU", state="NV", city="Las Vegas"),
    search("er jobs in nyc", specialty="ER", state="NY", city="New York"),
    search("icu jobs in DC", profession=RN, specialty="ICU", state="DC"),
    search("nicu jobs in the carolinas", specialty="NICU"),
    search("travel jobs in jersey shore", job_type="Travel", state="NJ"),
    search("icu in nj", profession=RN, specialty="ICU", state="NJ"),
    search("pediatrics icu in ohio", profession=RN, specialty="PICU", state="OH"),
    search("peds icu nurse", profession=RN, specialty="PICU"),
    search("pediatric intensive care jobs", profession=RN, specialty="PICU"),
    search("neonatal icu jobs in texas", specialty="NICU", state="TX"),
    search("cardiac icu travel jobs", profession=RN, specialty="CVICU", job_type="Travel"),
    search("emergancy department nurse in ohio", profession=RN, specialty="ER", state="OH"),
    search("emergency room jobs in florida", specialty="ER", state="FL"),
    search("intesive care unit jobs", profession=RN, specialty="ICU"),
    search("operating room nurse in georgia", profession=RN, specialty="OR", state="GA"),
    search("nite shift icu in texs", profession=RN, specialty="ICU", state="TX", shift="Nights"),
    search("nights icu jobs", profession=RN, specialty="ICU", shift="Nights"),
    search(
        "overnight er jobs in dallas", specialty="ER", state="TX", city="Dallas", shift="Nights"
    ),
    search(
        "day shift tele in florida", profession=RN, specialty="Telemetry", state="FL", shift="Days"
    ),
    search("dayshift med surg", specialty="Med-Surg", shift="Days"),
    search(
        "travle icu nurse jobs in arizona",
        profession=RN,
        specialty="ICU",
        job_type="Travel",
        state="AZ",
    ),
    search("perdiem er jobs", specialty="ER", job_type="Per Diem"),
    search("per-diem cna jobs in ohio", profession=CNA, job_type="Per Diem", state="OH"),
    search("permanant rn jobs in texas", profession=RN, job_type="Perm", state="TX"),
    search("staff nurse jobs in chicago", profession=RN, state="IL", city="Chicago"),
    search("lvn jobs in san antonio", profession=LPN, state="TX", city="San Antonio"),
    search("certified nursing asst jobs", profession=CNA),
    search("nursing assistant jobs in miami", profession=CNA, state="FL", city="Miami"),
    search(
        "respiratory therapist jobs in denver",
        profession="Respiratory Therapist",
        state="CO",
        city="Denver",
    ),
    search(
        "icu rn jobs paying over 60 an hour", profession=RN, specialty="ICU", min_hourly_pay=60.0
    ),
    search(
        "looking for a nicu job in philly on nights",
        specialty="NICU",
        state="PA",
        city="Philadelphia",
        shift="Nights",
    ),
    search("any er gigs in socal?", specialty="ER", state="CA"),
    search("got any tele jobs in cali", profession=RN, specialty="Telemetry", state="CA"),
    search(
        "need icu work in atl asap",
        profession=RN,
        specialty="ICU",
        state="GA",
        city="Atlanta",
        start="asap",
    ),
    search("L and D jobs in houston", specialty="L&D", state="TX", city="Houston"),
    search("labor & delivery travel jobs", specialty="L&D", job_type="Travel"),
    search("step down jobs in ohio", profession=RN, specialty="Step-Down", state="OH"),
    search("pcu jobs in florida", profession=RN, specialty="Step-Down", state="FL"),
    search("medsurg nights", specialty="Med-Surg", shift="Nights"),
    # conversations
    conversation(
        "icu jobs in texas",
        "what about nights",
        profession=RN,
        specialty="ICU",
        state="TX",
        shift="Nights",
    ),
    conversation("er jobs in cali", "only travel", specialty="ER", state="CA", job_type="Travel"),
    conversation("nicu jobs", "in jersey", specialty="NICU", state="NJ"),
    conversation(
        "tele jobs in florida",
        "how about georgia instead",
        profession=RN,
        specialty="Telemetry",
        state="GA",
    ),
    conversation(
        "icu jobs in philly",
        "nite shift only",
        profession=RN,
        specialty="ICU",
        state="PA",
        city="Philadelphia",
        shift="Nights",
    ),
    conversation(
        "travel nurse jobs",
        "in texs",
        "icu",
        profession=RN,
        job_type="Travel",
        state="TX",
        specialty="ICU",
    ),
    conversation(
        "er jobs in houston", "actually make it dallas", specialty="ER", state="TX", city="Dallas"
    ),
    conversation("cna jobs in ohio", "per diem", profession=CNA, state="OH", job_type="Per Diem"),
    conversation(
        "med surg in socal", "days please", specialty="Med-Surg", state="CA", shift="Days"
    ),
    conversation(
        "icu travel jobs",
        "at least 3000 a week",
        profession=RN,
        specialty="ICU",
        job_type="Travel",
        min_weekly_pay=3000.0,
    ),
    # account
    phrase("show me my applications please", AS),
    phrase("what did i apply for", AS),
    phrase("my apps?", AS),
    phrase("list all the jobs I've applied to", AS),
    phrase("can I see my job applications", AS),
    phrase("what's the status of the dallas one", ST, **_ref(city="Dallas")),
    phrase("status of my houston application", ST, **_ref(city="Houston")),
    phrase("has the hospital in Denver reviewed my application?", ST, **_ref(city="Denver")),
    phrase("where is my nicu application at", ST, **_ref(specialty="NICU")),
    phrase("any news on the ICU job I applied to?", ST, **_ref(specialty="ICU")),
    phrase("what's going on with my first application", ST, **_ref(ordinal=1)),
    phrase("withdraw the second one", WD, **_ref(ordinal=2)),
    phrase("please withdraw my application to the Dallas job", WD, **_ref(city="Dallas")),
    phrase("I want to cancel my application for the tele job", WD, **_ref(specialty="Telemetry")),
    phrase("take my name off the Phoenix job", WD, **_ref(city="Phoenix")),
    phrase("i dont want the houston job anymore, withdraw", WD, **_ref(city="Houston")),
    phrase("I'm available starting May 5", UP, **_profile(available_from=date(2027, 5, 5))),
    phrase("my start date is june 1", UP, **_profile(available_from=date(2027, 6, 1))),
    phrase("I can start in two weeks", UP),
    phrase("change my shift to nights", UP, **_profile(shift="Nights")),
    phrase(
        "I prefer working in Florida and Georgia", UP, **_profile(preferred_states=["FL", "GA"])
    ),
    phrase(
        "update my preferred states to cali and oregon",
        UP,
        **_profile(preferred_states=["CA", "OR"]),
    ),
    search("i'm only looking for per diem work", job_type="Per Diem"),
    phrase("set my job type to travel", UP, **_profile(job_types=["Travel"])),
    phrase("I want days only from now on", UP, **_profile(shift="Days")),
    phrase("add my texas rn license", CRED, **_cred("license", "RN", state="TX")),
    phrase("I just got my ACLS", CRED, **_cred("certification", "ACLS")),
    phrase(
        "add a certification: PALS, expires 10/2027",
        CRED,
        **_cred("certification", "PALS", expires_on=date(2027, 10, 31)),
    ),
    phrase("I renewed my BLS", CRED, **_cred("certification", "BLS")),
    phrase("I'm now CCRN certified", CRED, **_cred("certification", "CCRN")),
    phrase("got my compact license", CRED, **_cred("license", "RN")),
    phrase("please add my florida lpn license", CRED, **_cred("license", "LPN", state="FL")),
    # FAQ
    phrase("how does the housing stipend work?", FAQ),
    phrase("do you help find housing", FAQ, faq_topic="housing"),
    phrase("when does my health insurance kick in?", FAQ, faq_topic="benefits"),
    phrase("what's your referral bonus", FAQ, faq_topic="referral_bonus"),
    phrase("is texas part of the nurse licensure compact", FAQ, faq_topic="licensure"),
    phrase("how long does it take to get credentialed", FAQ, faq_topic="credentialing"),
    phrase("what's next after I submit my application?", FAQ, faq_topic="application_process"),
    phrase("how are travel nurses paid", FAQ, faq_topic="pay_package"),
    phrase("are the stipends tax free?", FAQ, faq_topic="stipends"),
    phrase("how much do i get for referring a friend", FAQ, faq_topic="referral_bonus"),
    phrase("do i need a compact license to travel", FAQ, faq_topic="licensure"),
    # not FAQ
    search("icu jobs with housing in texas", profession=RN, specialty="ICU", state="TX"),
    search("travel jobs with stipends in cali", job_type="Travel", state="CA"),
    search("er jobs with benefits in ohio", specialty="ER", state="OH"),
    search("any icu jobs in a compact state?", profession=RN, specialty="ICU"),
    # apply / referral / handoff
    phrase("apply me to the first one", Intent.APPLY, job_reference={"ordinal": 1}),
    phrase("i want the dallas job", Intent.APPLY, job_reference={"city": "Dallas"}),
    phrase("put me in for the second one", Intent.APPLY, job_reference={"ordinal": 2}),
    phrase("submit my application for that one", Intent.APPLY),
    phrase("I wanna apply", Intent.APPLY),
    phrase("i'd like to refer a coworker", Intent.REFER_FRIEND),
    phrase("can I refer my sister, she's an LPN", Intent.REFER_FRIEND),
    phrase("did my friend sign up yet", Intent.REFERRAL_STATUS),
    phrase("let me talk to a real person", Intent.HUMAN),
    phrase("can a recruiter call me", Intent.HUMAN),
    phrase("connect me with a recruiter please", Intent.HUMAN),
    phrase("i need to speak to someone", Intent.HUMAN),
    phrase("tell me more about the 3rd one", Intent.JOB_DETAILS, job_reference={"ordinal": 3}),
    phrase(
        "how much does the houston one pay",
        Intent.JOB_DETAILS,
        detail_topic="pay",
        job_reference={"city": "Houston"},
    ),
]
"""A third batch, held out: written before looking at the rules again. Of its 136 rows as
first written, 117 were understood, 8 expected the wrong thing (corrected, or left out when
ambiguous: "jobs in LA", a bare "how about the second one?") and 11 were missed (91% held
out). The fixes are general rules: the status of "the Dallas one", "take my name off",
"change my shift / set my job type", "from now on", "how are travel nurses paid", "the one
that pays" vs "the Houston one pay", "the bay area", "asst". Two cities misspelled two slips
away ("san diago", "cincinatti") were not read and were left out ("cincinatti" now is, see
:data:`TWO_SLIPS`), as were two rows that repeated earlier ones."""

FOURTH_BATCH: list[Case] = [
    search("any openings for icu rns in tx?", profession=RN, specialty="ICU", state="TX"),
    search("whats available for er nurses in jersey", profession=RN, specialty="ER", state="NJ"),
    search("i'm a nicu nurse looking in cali", profession=RN, specialty="NICU", state="CA"),
    search(
        "need a travel contract in florida, tele",
        profession=RN,
        specialty="Telemetry",
        job_type="Travel",
        state="FL",
    ),
    search("hiring cnas in houston?", profession=CNA, state="TX", city="Houston"),
    search("show me pediatrics icu jobs in jersey", profession=RN, specialty="PICU", state="NJ"),
    search(
        "oncolgy jobs in philly",
        profession=RN,
        specialty="Oncology",
        state="PA",
        city="Philadelphia",
    ),
    search(
        "telemtry nights in ohio", profession=RN, specialty="Telemetry", shift="Nights", state="OH"
    ),
    search("emergancy nurse jobs in georgia", profession=RN, specialty="ER", state="GA"),
    search(
        "icu travel in socal paying 3k a week",
        profession=RN,
        specialty="ICU",
        job_type="Travel",
        state="CA",
        min_weekly_pay=3000.0,
    ),
    search("lpn nite shift jobs", profession=LPN, shift="Nights"),
    search("night shift l&d in texs", specialty="L&D", shift="Nights", state="TX"),
    search("rn jobs in michigan", profession=RN, state="MI"),
    search("er jobs in new mexico", specialty="ER", state="NM"),
    search("icu jobs in south carolina", profession=RN, specialty="ICU", state="SC"),
    search(
        "travel er nurse in washington state",
        profession=RN,
        specialty="ER",
        job_type="Travel",
        state="WA",
    ),
    search(
        "psych jobs nights in chi town",
        specialty="Psych",
        shift="Nights",
        state="IL",
        city="Chicago",
    ),
    search(
        "med-surg jobs in philly on days",
        specialty="Med-Surg",
        shift="Days",
        state="PA",
        city="Philadelphia",
    ),
    conversation("icu jobs", "texs", profession=RN, specialty="ICU", state="TX"),
    conversation(
        "er jobs in dallas", "nites", specialty="ER", state="TX", city="Dallas", shift="Nights"
    ),
    conversation("nicu jobs in cali", "socal only", specialty="NICU", state="CA"),
    conversation(
        "tele jobs",
        "in philly",
        "travel only",
        profession=RN,
        specialty="Telemetry",
        state="PA",
        city="Philadelphia",
        job_type="Travel",
    ),
    conversation("cna jobs in ohio", "never mind, make it kentucky", profession=CNA, state="KY"),
    phrase("show my application status", ST),
    phrase("which jobs am i waiting to hear back from", AS),
    phrase("is the second application still pending?", ST, application_ref={"ordinal": 2}),
    phrase("did i get the houston job?", ST),
    phrase(
        "please withdraw me from the icu job in dallas",
        WD,
        application_ref={"city": "Dallas", "specialty": "ICU"},
    ),
    phrase("cancel the second application", WD, application_ref={"ordinal": 2}),
    phrase(
        "I'm free to start on march 3rd", UP, profile_update={"available_from": date(2027, 3, 3)}
    ),
    phrase(
        "I'd prefer to work in oregon or washington",
        UP,
        profile_update={"preferred_states": ["OR", "WA"]},
    ),
    phrase("change my job type to per diem", UP, profile_update={"job_types": ["Per Diem"]}),
    phrase("i can only do days", UP, profile_update={"shift": "Days"}),
    phrase("i just got my NIHSS cert", CRED),
    phrase(
        "add my arizona compact license",
        CRED,
        credential={"kind": "license", "name": "RN", "state": "AZ"},
    ),
    phrase("does the stipend get taxed", FAQ, faq_topic="stipends"),
    phrase("what's the deal with housing", FAQ, faq_topic="housing"),
    phrase("what does my benefits package include", FAQ, faq_topic="benefits"),
    phrase("how long does onboarding take", FAQ, faq_topic="credentialing"),
    phrase("is new york in the compact?", FAQ, faq_topic="licensure"),
    phrase("how do referral bonuses work", FAQ, faq_topic="referral_bonus"),
    phrase(
        "i want to apply to the philly one", Intent.APPLY, job_reference={"city": "Philadelphia"}
    ),
    phrase("yes please submit it", Intent.CONFIRM, expecting="confirm_apply"),
    phrase("refer a friend", Intent.REFER_FRIEND),
    phrase("talk to a human", Intent.HUMAN),
]
"""A fourth batch, held out the same way: of 46 rows, 40 understood as written, 3 expected
the wrong thing (corrected, or left out: a bare "what about the Dallas one?" needs the
conversation) and 3 were missed (93%): a misspelling close to two spellings of one word
("telemtry": "telemetry" and the informal "telemitry"), "which jobs am I waiting to hear
back from", "did I get the Houston job?"."""

TWO_SLIPS: list[Case] = [
    search("icu in cincinatti", profession=RN, specialty="ICU", state="OH", city="Cincinnati"),
    search("er jobs in pennsilvannia", specialty="ER", state="PA"),
    search(
        "icu jobs in albequerque", profession=RN, specialty="ICU", state="NM", city="Albuquerque"
    ),
    search(
        "tele in minneapolus", profession=RN, specialty="Telemetry", state="MN", city="Minneapolis"
    ),
    search("travel jobs in louisvile kentuckey", job_type="Travel", state="KY", city="Louisville"),
    search("cardiovasculer icu jobs", profession=RN, specialty="CVICU"),
]
"""Long words (nine letters or more) two slips away from the vocabulary: the third batch's
"cincinatti" asked for them."""

FIFTH_BATCH: list[Case] = [
    search(
        "got anything for a pcu nurse in nashville?",
        profession=RN,
        specialty="Step-Down",
        state="TN",
        city="Nashville",
    ),
    search(
        "looking 4 icu travel in jersy",
        profession=RN,
        specialty="ICU",
        job_type="Travel",
        state="NJ",
    ),
    search(
        "er rn nites san antone",
        profession=RN,
        specialty="ER",
        shift="Nights",
        state="TX",
        city="San Antonio",
    ),
    search("cna work in philly area", profession=CNA, state="PA", city="Philadelphia"),
    search(
        "pediatrics icu travel contracts in socal",
        profession=RN,
        specialty="PICU",
        job_type="Travel",
        state="CA",
    ),
    search(
        "any emergancy room travel gigs in texs?", specialty="ER", job_type="Travel", state="TX"
    ),
    conversation(
        "icu jobs in cali",
        "make it nights",
        "and travel",
        profession=RN,
        specialty="ICU",
        state="CA",
        shift="Nights",
        job_type="Travel",
    ),
    conversation("nicu in texas", "houston only", specialty="NICU", state="TX", city="Houston"),
    phrase("what jobs did i apply to last week", AS),
    phrase("where's my app for the tampa job at", ST, application_ref={"city": "Tampa"}),
    phrase("scratch my application to the second job", WD, application_ref={"ordinal": 2}),
    phrase("my new start date is feb 15", UP, profile_update={"available_from": date(2027, 2, 15)}),
    phrase("only send me night shifts from now on", UP, profile_update={"shift": "Nights"}),
    phrase("i got my PALS recert", CRED, credential={"kind": "certification", "name": "PALS"}),
    phrase(
        "my texas license number is RN987654", CRED, credential={"kind": "license", "state": "TX"}
    ),
    phrase("is there a bonus for referring people", FAQ, faq_topic="referral_bonus"),
    phrase("do you reimburse for my flight", FAQ, faq_topic="travel"),
    phrase("how does the compact license work", FAQ, faq_topic="licensure"),
    phrase("whats the difference between taxable and nontaxable pay", FAQ, faq_topic="pay_package"),
    phrase("i'd like a recruiter to reach out", Intent.HUMAN),
]
"""A fifth batch, held out the same way: of 20 rows, 17 understood as written (85%); fixed:
'jersy', 'my new start date', 'only send me night shifts from now on' (a standing preference
though it says 'send me')."""

SIXTH_BATCH: list[Case] = [
    search(
        "cna jobs in columbus ohio rn?? need something asap",
        profession=CNA,
        state="OH",
        city="Columbus",
        start="asap",
    ),
    search("any rn jobs in boise", profession=RN, state="ID", city="Boise"),
    search(
        "wat do u have rn for PTs in denver",
        profession="Physical Therapist",
        state="CO",
        city="Denver",
    ),
    search(
        "travel rn 5 west tele nights, 13 wk contracts in ohio",
        profession=RN,
        specialty="Telemetry",
        job_type="Travel",
        shift="Nights",
        state="OH",
    ),
    search(
        "step down jobs in atlanta",
        profession=RN,
        specialty="Step-Down",
        state="GA",
        city="Atlanta",
    ),
    search(
        "PCU travel nurse 2.8k+ a week",
        profession=RN,
        specialty="Step-Down",
        job_type="Travel",
        min_weekly_pay=2800.0,
    ),
    search(
        "CVOR rn needed in houston? paying at least $2,800/wk",
        profession=RN,
        specialty="CVOR",
        state="TX",
        city="Houston",
        min_weekly_pay=2800.0,
    ),
    search("ct tech jobs in phoenix", profession="CT Technologist", state="AZ", city="Phoenix"),
    search(
        "rad tech per diem in tucson",
        profession="Radiologic Technologist",
        job_type="Per Diem",
        state="AZ",
        city="Tucson",
    ),
    search(
        "RRT travel contracts in colorado 40/hr or more",
        profession="Respiratory Therapist",
        job_type="Travel",
        state="CO",
        min_hourly_pay=40.0,
    ),
    search(
        "slp school based jobs in illinois",
        profession="Speech-Language Pathologist",
        specialty="School-Based",
        state="IL",
    ),
    search(
        "PTA home health in jacksonville fl",
        profession="Physical Therapist Assistant",
        specialty="Home Health",
        state="FL",
        city="Jacksonville",
    ),
    search(
        "cota openings in skilled nursing",
        profession="Certified Occupational Therapy Assistant",
        specialty="Skilled Nursing",
    ),
    search(
        "ultrasound tech / sonographer jobs in nashville",
        profession="Diagnostic Medical Sonographer",
        state="TN",
        city="Nashville",
    ),
    search("cath lab travel jobs", specialty="Cath Lab", job_type="Travel"),
    search(
        "cath lab rn in memphis", profession=RN, specialty="Cath Lab", state="TN", city="Memphis"
    ),
    search(
        "L&D nurse jobs starting mid jan in san antonio",
        profession=RN,
        specialty="L&D",
        state="TX",
        city="San Antonio",
        start_from="2027-01-11",
        start_to="2027-01-20",
    ),
    search(
        "icu travel starting after thanksgiving",
        profession=RN,
        specialty="ICU",
        job_type="Travel",
        start="2026-11-27",
    ),
    search(
        "med surg jobs in pheonix starting in january",
        specialty="Med-Surg",
        state="AZ",
        city="Phoenix",
        start_from="2027-01-01",
        start_to="2027-01-31",
    ),
    search(
        "looking for nicu nights in san fransisco",
        specialty="NICU",
        shift="Nights",
        state="CA",
        city="San Francisco",
    ),
    search(
        "hi there! so i've been a nurse for like 8 years mostly ER and im finally ready to try"
        " travel nursing, my husband got a job out in vegas so ideally something around las"
        " vegas, nights are fine. what do you have?",
        profession=RN,
        specialty="ER",
        job_type="Travel",
        shift="Nights",
        state="NV",
        city="Las Vegas",
    ),
    search(
        "ok so long story short my contract ends soon and i need my next one, icu, somewhere"
        " warm like florida, paying 3k+ weekly",
        profession=RN,
        specialty="ICU",
        state="FL",
        job_type="Travel",
        min_weekly_pay=3000.0,
    ),
    search("lvn jobs in el paso", profession=LPN, state="TX", city="El Paso"),
    search(
        "Travel OR nurse Seattle WA 36hr/wk days",
        profession=RN,
        specialty="OR",
        job_type="Travel",
        shift="Days",
        state="WA",
        city="Seattle",
    ),
    search(
        "night shift tele in charlotte nc $45/hr min",
        profession=RN,
        specialty="Telemetry",
        shift="Nights",
        state="NC",
        city="Charlotte",
        min_hourly_pay=45.0,
    ),
    search(
        "perm psych nurse positions in portland oregon",
        profession=RN,
        specialty="Psych",
        job_type="Perm",
        state="OR",
        city="Portland",
    ),
    search(
        "any local med-surg jobs in baltimore",
        specialty="Med-Surg",
        job_type="Local",
        state="MD",
        city="Baltimore",
    ),
    search("echo tech travel", profession="Echocardiographer", job_type="Travel"),
    search(
        "surg tech jobs in orlando", profession="Surgical Technologist", state="FL", city="Orlando"
    ),
    search("MRI tech nights", profession="MRI Technologist", shift="Nights"),
    search(
        "pharmacy tech jobs in detroit",
        profession="Pharmacy Technician",
        state="MI",
        city="Detroit",
    ),
    search(
        "icu jobs in nyc that pay over 4k a week",
        profession=RN,
        specialty="ICU",
        state="NY",
        city="New York",
        min_weekly_pay=4000.0,
    ),
    search("er jobs in philadelpia", specialty="ER", state="PA", city="Philadelphia"),
    search(
        "oncology rn jobs in pittsburg",
        profession=RN,
        specialty="Oncology",
        state="PA",
        city="Pittsburgh",
    ),
    search("labor and delivery in albuquerqe nm", specialty="L&D", state="NM", city="Albuquerque"),
    search(
        "rapid response rn 12s weekends",
        profession=RN,
        specialty="Rapid Response",
        shift="Weekends",
        shift_hours=12,
    ),
    search(
        "3x12 nights cvicu houston asap",
        profession=RN,
        specialty="CVICU",
        shift="Nights",
        shift_hours=12,
        state="TX",
        city="Houston",
        start="asap",
    ),
    search("hospice jobs in san jose", specialty="Hospice", state="CA", city="San Jose"),
    search("travel nurse jobs in the bay area", profession=RN, job_type="Travel", state="CA"),
    search(
        "home health PT in fort worth",
        profession="Physical Therapist",
        specialty="Home Health",
        state="TX",
        city="Fort Worth",
    ),
    search(
        "starting asap, need icu 13 week contract in new orleans",
        profession=RN,
        specialty="ICU",
        state="LA",
        city="New Orleans",
        job_type="Travel",
        start="asap",
    ),
    search("jobs in cincy for cnas", profession=CNA, state="OH", city="Cincinnati"),
    search(
        "anything in tampa paying 2,500 a week?", state="FL", city="Tampa", min_weekly_pay=2500.0
    ),
    search(
        "looking for dialysis rn work in tx, 2800/wk",
        profession=RN,
        specialty="Dialysis",
        state="TX",
        min_weekly_pay=2800.0,
    ),
    search(
        "Endo jobs in chicago", profession=RN, specialty="Endoscopy", state="IL", city="Chicago"
    ),
    search(
        "pacu travel starting early feb",
        profession=RN,
        specialty="PACU",
        job_type="Travel",
        start_from="2027-02-01",
        start_to="2027-02-10",
    ),
    search(
        "per diem er nurse in austin tx evenings",
        profession=RN,
        specialty="ER",
        job_type="Per Diem",
        shift="Evenings",
        state="TX",
        city="Austin",
    ),
    search(
        "nurse practitioner urgent care jobs in miami",
        profession="Nurse Practitioner",
        specialty="Urgent Care",
        state="FL",
        city="Miami",
    ),
    search(
        "crna jobs in wisconsin", profession="Certified Registered Nurse Anesthetist", state="WI"
    ),
    search(
        "mother baby rn in raleigh",
        profession=RN,
        specialty="Mother-Baby",
        state="NC",
        city="Raleigh",
    ),
    search(
        "Hi! Do you have any ICU positions available in Boston starting in March?",
        profession=RN,
        specialty="ICU",
        state="MA",
        city="Boston",
        start_from="2027-03-01",
        start_to="2027-03-31",
    ),
    search("looking 4 tele jobs in lousiana", profession=RN, specialty="Telemetry", state="LA"),
    search(
        "travel icu in LA over 3k",
        profession=RN,
        specialty="ICU",
        job_type="Travel",
        state="CA",
        city="Los Angeles",
        min_weekly_pay=3000.0,
    ),
    search(
        "neuro icu in san diego ca",
        profession=RN,
        specialty="Neuro ICU",
        state="CA",
        city="San Diego",
    ),
    search("tele in okc", profession=RN, specialty="Telemetry", state="OK", city="Oklahoma City"),
    search("psych tech jobs", profession="Mental Health Technician"),
    search("emt jobs in ohio", profession="Emergency Medical Technician", state="OH"),
    search(
        "respiratory therapist jobs paying 45 an hr in nevada",
        profession="Respiratory Therapist",
        state="NV",
        min_hourly_pay=45.0,
    ),
    conversation(
        "icu jobs in dallas",
        "actually make that houston",
        profession=RN,
        specialty="ICU",
        state="TX",
        city="Houston",
    ),
    conversation(
        "tele travel in arizona",
        "only nights pls",
        profession=RN,
        specialty="Telemetry",
        job_type="Travel",
        state="AZ",
        shift="Nights",
    ),
    conversation("er jobs in florida", "what about georgia", specialty="ER", state="GA"),
    conversation(
        "step down in chicago",
        "anything paying more than 2.5k?",
        profession=RN,
        specialty="Step-Down",
        state="IL",
        city="Chicago",
        min_weekly_pay=2500.0,
    ),
    conversation(
        "nicu travel",
        "starting in january",
        specialty="NICU",
        job_type="Travel",
        start_from="2027-01-01",
        start_to="2027-01-31",
    ),
    conversation(
        "rad tech jobs in texas",
        "san antonio",
        profession="Radiologic Technologist",
        state="TX",
        city="San Antonio",
    ),
    conversation(
        "med surg in ohio",
        "make it per diem instead",
        specialty="Med-Surg",
        state="OH",
        job_type="Per Diem",
    ),
    conversation(
        "icu nights in denver",
        "days instead",
        profession=RN,
        specialty="ICU",
        state="CO",
        city="Denver",
        shift="Days",
    ),
    conversation(
        "or jobs in seattle",
        "12 hr shifts only",
        profession=RN,
        specialty="OR",
        state="WA",
        city="Seattle",
        shift_hours=12,
    ),
    conversation(
        "labor and delivery in tennessee",
        "how about memphis",
        specialty="L&D",
        state="TN",
        city="Memphis",
    ),
    phrase(
        "how much does the 2nd one pay",
        Intent.JOB_DETAILS,
        job_reference={"ordinal": 2},
        detail_topic="pay",
    ),
    phrase(
        "tell me more abt the houston one", Intent.JOB_DETAILS, job_reference={"city": "Houston"}
    ),
    phrase(
        "is the first one days or nights",
        Intent.JOB_DETAILS,
        job_reference={"ordinal": 1},
        detail_topic="shift",
    ),
    phrase(
        "when does the last one start",
        Intent.JOB_DETAILS,
        job_reference={"ordinal": -1},
        detail_topic="dates",
    ),
    phrase(
        "what certs do i need for #3",
        Intent.JOB_DETAILS,
        job_reference={"ordinal": 3},
        detail_topic="certifications",
    ),
    phrase("ok i wanna apply to the third one", Intent.APPLY, job_reference={"ordinal": 3}),
    phrase("put me in for the tampa job", Intent.APPLY, job_reference={"city": "Tampa"}),
    phrase("lets apply to that one", Intent.APPLY),
    phrase("submit me for the nicu one pls", Intent.APPLY, job_reference={"text": "NICU"}),
    phrase("show me more", Intent.MORE_RESULTS),
    phrase("any other ones?", Intent.MORE_RESULTS),
    phrase("wheres my applications at", AS),
    phrase("did i hear back on the denver job", ST, application_ref={"city": "Denver"}),
    phrase("any news on my app", ST),
    phrase("pls withdraw my app for the 1st one", WD, application_ref={"ordinal": 1}),
    phrase(
        "i took a staff job so cancel my application to the austin one",
        WD,
        application_ref={"city": "Austin"},
    ),
    phrase("i'm free starting jan 5", UP, profile_update={"available_from": date(2027, 1, 5)}),
    phrase("change my preferred shift to nights", UP, profile_update={"shift": "Nights"}),
    phrase("i just renewed my ACLS", CRED, credential={"kind": "certification", "name": "ACLS"}),
    phrase(
        "i have a florida rn license",
        CRED,
        credential={"kind": "license", "name": "RN", "state": "FL"},
    ),
    phrase(
        "add BLS to my profile, expires 3/2028",
        CRED,
        credential={"kind": "certification", "name": "BLS"},
    ),
    phrase("do u guys pay weekly?", FAQ, faq_topic="payroll"),
    phrase("how long r the contracts usually", FAQ, faq_topic="contract"),
    phrase("can i extend my contract", FAQ, faq_topic="contract"),
    phrase("what do i need to apply, like a resume?", FAQ, faq_topic="application_process"),
    phrase("do you offer insurance for travelers", FAQ, faq_topic="benefits"),
    phrase("how many years experience do i need to travel", FAQ, faq_topic="requirements"),
    phrase("are the stipends tax free", FAQ, faq_topic="stipends"),
    phrase("what's the process after i apply", FAQ, faq_topic="application_process"),
    phrase("do i get pto", FAQ, faq_topic="benefits"),
    phrase("i want to refer my coworker", Intent.REFER_FRIEND),
    phrase("did my buddy ever sign up from my referral", Intent.REFERRAL_STATUS),
    phrase("can i talk to a real person", Intent.HUMAN),
    phrase("pls have my recruiter call me", Intent.HUMAN),
    phrase("yep go ahead", Intent.CONFIRM, expecting="confirm_apply"),
    phrase("nah nevermind", Intent.CANCEL, expecting="confirm_apply"),
    phrase("hey", Intent.GREETING),
    phrase("what can you do", Intent.HELP),
    phrase("i already have an account, let me sign in", Intent.LOGIN),
    phrase("jane.doe@gmail.com", Intent.PROVIDE_INFO, expecting="email"),
]
"""A sixth batch, held out the same way (written before reading the rules; texting, unit
names, allied professions, pay and dates as typed, rambling messages): of 108 rows (five more
repeated earlier rows word for word and were left out), 98 understood as written (91%), 3
expected the wrong thing (corrected: a "13 week contract" and "my contract ends ... i need
my next one" are travel; PTO is answered by the benefits article) and 7 missed: "rn" meaning
"right now" ("what do u have rn for PTs"), "after thanksgiving", "LA" read as Louisiana, a
message opening with "or jobs", "did i hear back on the denver job", "do u guys pay
weekly?", "what do i need to apply, like a resume?". Fixed by rules: texting "rn"; holidays
as dates; "LA" is Los Angeles (see places); a message's first "or" before a job noun is the
OR; "did I hear back"; texting spellings ("u", "r", "abt") written out; "what do I need to
apply"."""

PLACE_NAMES: list[Case] = [
    search("icu jobs in san diago", profession=RN, specialty="ICU", state="CA", city="San Diego"),
    search(
        "tele jobs in los angelas",
        profession=RN,
        specialty="Telemetry",
        state="CA",
        city="Los Angeles",
    ),
    search("er jobs in sna antonio", specialty="ER", state="TX", city="San Antonio"),
    search("icu in fort worht", profession=RN, specialty="ICU", state="TX", city="Fort Worth"),
    search("travel jobs in sandiego", job_type="Travel", state="CA", city="San Diego"),
    search("nicu in losangeles", specialty="NICU", state="CA", city="Los Angeles"),
    search("rn jobs in newyork", profession=RN, state="NY"),
    search("cna jobs in lasvegas", profession=CNA, state="NV", city="Las Vegas"),
    search("pacu in sanantonio", profession=RN, specialty="PACU", state="TX", city="San Antonio"),
    search("icu in saint louis", profession=RN, specialty="ICU", state="MO", city="St. Louis"),
    search("icu in st. louis", profession=RN, specialty="ICU", state="MO", city="St. Louis"),
    search("icu in st louis", profession=RN, specialty="ICU", state="MO", city="St. Louis"),
    search("jobs in LA", state="CA", city="Los Angeles"),
    search(
        "travel nurse jobs in LA",
        profession=RN,
        job_type="Travel",
        state="CA",
        city="Los Angeles",
    ),
    search("icu jobs in la", profession=RN, specialty="ICU", state="CA", city="Los Angeles"),
    search("ICU JOBS IN LA", profession=RN, specialty="ICU", state="CA", city="Los Angeles"),
    search("Baton Rouge, LA", state="LA", city="Baton Rouge"),
    search("er jobs in the state of LA", specialty="ER", state="LA"),
    search("er nurse jobs in Louisiana", profession=RN, specialty="ER", state="LA"),
    conversation(
        "travel nurse jobs in LA",
        "i meant louisiana",
        profession=RN,
        job_type="Travel",
        state="LA",
    ),
    search("need a job rn"),
    search("rn or lpn jobs in ohio", profession=RN, state="OH"),
    search("looking for travel jobs rn", job_type="Travel"),
    search("or nurse jobs in ohio", profession=RN, specialty="OR", state="OH"),
    search(
        "tele jobs starting after the holidays",
        profession=RN,
        specialty="Telemetry",
        start="2027-01-02",
    ),
    search("er jobs by christmas", specialty="ER", start_to="2026-12-25"),
    phrase("i havent heard back from the dallas job", ST, application_ref={"city": "Dallas"}),
    phrase("how r the contracts usually", FAQ, faq_topic="contract"),
]
"""Place names of several words with a slip a word-by-word correction cannot see (a short
word, letters swapped across the words) or run together, and "LA": Los Angeles unless the
message points to Louisiana (:mod:`assistant.agent.nlu.places`); the sixth batch's other
causes in more phrasings: texting "rn", a first "or", holidays, "heard back", "r"."""

TAKING_FILTERS_OFF: list[Case] = [
    conversation(
        "icu jobs in dallas nights",
        "drop the city",
        profession=RN,
        specialty="ICU",
        state="TX",
        shift="Nights",
    ),
    conversation(
        "tele travel in ohio over 2500 a week",
        "remove the pay filter",
        profession=RN,
        specialty="Telemetry",
        job_type="Travel",
        state="OH",
    ),
    conversation("er jobs in florida nights", "shift doesnt matter", specialty="ER", state="FL"),
    conversation("er jobs in florida nights", "remove the nights", specialty="ER", state="FL"),
    conversation(
        "nicu jobs in houston starting in march",
        "forget the start date",
        specialty="NICU",
        state="TX",
        city="Houston",
    ),
    conversation(
        "med surg per diem in arizona",
        "i dont care which state",
        specialty="Med-Surg",
        job_type="Per Diem",
    ),
    conversation("icu jobs in dallas", "drop dallas", profession=RN, specialty="ICU"),
    search(
        "CVICU jobs in Nashville TN paying $3,100 weekly starting mid-January",
        profession=RN,
        specialty="CVICU",
        state="TN",
        city="Nashville",
        min_weekly_pay=3100.0,
        start_from="2027-01-11",
        start_to="2027-01-20",
    ),
    search(
        "hospice rn jobs in the twin cities",
        profession=RN,
        specialty="Hospice",
        state="MN",
        city="Minneapolis",
    ),
    phrase("put in for it", Intent.APPLY),
    search("respiratory jobs in reno", profession="Respiratory Therapist", state="NV", city="Reno"),
    search(
        "sono jobs in tampa", profession="Diagnostic Medical Sonographer", state="FL", city="Tampa"
    ),
    phrase("do u offer extensions", FAQ, faq_topic="contract"),
    phrase("what happens if my contract gets canceled", FAQ, faq_topic="contract"),
    phrase("can i bring my kids", FAQ, faq_topic="housing"),
    phrase("how do taxes work for travelers", FAQ, faq_topic="stipends"),
    phrase("do you do w2 or 1099", FAQ, faq_topic="pay_package"),
    phrase("are the pay rates on your website guaranteed", FAQ, faq_topic="pay_package"),
    phrase("show me the others", Intent.MORE_RESULTS),
    phrase(
        "is the first one 8s or 12s",
        Intent.JOB_DETAILS,
        job_reference={"ordinal": 1},
        detail_topic="shift",
    ),
]
"""Written after the sixth batch's fixes, from probing the rules (not held out): filters
taken off by name or said not to matter, "mid-January", "the twin cities", "put in for it",
"8s or 12s", "respiratory"/"sono" jobs, FAQ topics (extensions, a cancelled contract, family
along, taxes, W-2, guaranteed rates), "the others"."""

SEVENTH_BATCH: list[Case] = [
    search("any peds jobs in denver?", specialty="Pediatrics", state="CO", city="Denver"),
    search(
        "travel picu rn, 13wks, nights, asap",
        profession=RN,
        specialty="PICU",
        job_type="Travel",
        shift="Nights",
        start="asap",
    ),
    search(
        "nurse jobs near sacramento paying 2800+/wk",
        profession=RN,
        state="CA",
        city="Sacramento",
        min_weekly_pay=2800.0,
    ),
    search(
        "im an lpn looking for work in knoxville tn", profession=LPN, state="TN", city="Knoxville"
    ),
    search("cna night shift in omaha", profession=CNA, shift="Nights", state="NE", city="Omaha"),
    search(
        "tele/step down travel contracts in virginia",
        profession=RN,
        specialty="Telemetry",
        job_type="Travel",
        state="VA",
    ),
    search(
        "need a psych rn job in boston asap",
        profession=RN,
        specialty="Psych",
        state="MA",
        city="Boston",
        start="asap",
    ),
    search(
        "OR travel nurse in Denver CO",
        profession=RN,
        specialty="OR",
        job_type="Travel",
        state="CO",
        city="Denver",
    ),
    search(
        "pacu per diem in charlote",
        profession=RN,
        specialty="PACU",
        job_type="Per Diem",
        state="NC",
        city="Charlotte",
    ),
    search(
        "med/surg days in milwaukee",
        specialty="Med-Surg",
        shift="Days",
        state="WI",
        city="Milwaukee",
    ),
    search(
        "icu contracts starting in feb in new mexico",
        profession=RN,
        specialty="ICU",
        job_type="Travel",
        state="NM",
        start_from="2027-02-01",
        start_to="2027-02-28",
    ),
    search(
        "er travel jobs paying at least 60/hr",
        specialty="ER",
        job_type="Travel",
        min_hourly_pay=60.0,
    ),
    search("looking for a CT tech position in Ohio", profession="CT Technologist", state="OH"),
    search(
        "PT jobs in outpatient ortho clinics in phoenix",
        profession="Physical Therapist",
        specialty="Outpatient",
        state="AZ",
        city="Phoenix",
    ),
    search(
        "L&D travel jobs starting after new years",
        specialty="L&D",
        job_type="Travel",
        start="2027-01-02",
    ),
    search(
        "icu nurse wanted in sanfrancisco",
        profession=RN,
        specialty="ICU",
        state="CA",
        city="San Francisco",
    ),
    search("hospice nurse in kansas", profession=RN, specialty="Hospice", state="KS"),
    search(
        "oncology infusion nurse jobs in seattle",
        profession=RN,
        specialty="Oncology",
        state="WA",
        city="Seattle",
    ),
    search(
        "wound care rn jobs in florida 2500/week",
        profession=RN,
        specialty="Wound Care",
        state="FL",
        min_weekly_pay=2500.0,
    ),
    search(
        "cvicu nights 3x12 in atlanta ga",
        profession=RN,
        specialty="CVICU",
        shift="Nights",
        shift_hours=12,
        state="GA",
        city="Atlanta",
    ),
    search(
        "looking for mri tech contracts in texas",
        profession="MRI Technologist",
        job_type="Travel",
        state="TX",
    ),
    search(
        "dialysis nurse needed in memphis?",
        profession=RN,
        specialty="Dialysis",
        state="TN",
        city="Memphis",
    ),
    search(
        "COTA jobs in home health",
        profession="Certified Occupational Therapy Assistant",
        specialty="Home Health",
    ),
    search(
        "anything for an RT in salt lake city",
        profession="Respiratory Therapist",
        state="UT",
        city="Salt Lake City",
    ),
    search(
        "neuro icu jobs in pittsburgh pa",
        profession=RN,
        specialty="Neuro ICU",
        state="PA",
        city="Pittsburgh",
    ),
    conversation(
        "icu jobs in arizona",
        "phoenix only",
        profession=RN,
        specialty="ICU",
        state="AZ",
        city="Phoenix",
    ),
    conversation("rn jobs in texas", "er", profession=RN, specialty="ER", state="TX"),
    conversation(
        "travel nurse jobs",
        "in oregon",
        "nights",
        profession=RN,
        job_type="Travel",
        state="OR",
        shift="Nights",
    ),
    conversation(
        "tele jobs in ohio",
        "over 2k a week",
        profession=RN,
        specialty="Telemetry",
        state="OH",
        min_weekly_pay=2000.0,
    ),
    conversation(
        "nicu jobs in florida", "actually miami", specialty="NICU", state="FL", city="Miami"
    ),
    phrase(
        "what's the pay for #1",
        Intent.JOB_DETAILS,
        job_reference={"ordinal": 1},
        detail_topic="pay",
    ),
    phrase(
        "does the phoenix job have housing", Intent.JOB_DETAILS, job_reference={"city": "Phoenix"}
    ),
    phrase("i'd like to apply to number 2", Intent.APPLY, job_reference={"ordinal": 2}),
    phrase("apply me to the denver one please", Intent.APPLY, job_reference={"city": "Denver"}),
    phrase("what jobs have i applied to so far", AS),
    phrase("any update on my denver application", ST, application_ref={"city": "Denver"}),
    phrase("withdraw my app to the phoenix job", WD, application_ref={"city": "Phoenix"}),
    phrase("i can start feb 1", UP, profile_update={"available_from": date(2027, 2, 1)}),
    phrase("i just got my TNCC", CRED, credential={"kind": "certification", "name": "TNCC"}),
    phrase("do you guys offer 401k", FAQ, faq_topic="benefits"),
    phrase("do i need a license in every state", FAQ, faq_topic="licensure"),
    phrase("how long is credentialing usually", FAQ, faq_topic="credentialing"),
    phrase("can i get someone to call me", Intent.HUMAN),
    phrase("my friend wants to work with you guys", Intent.REFER_FRIEND),
]
"""A seventh batch, written after reading the rules (so less strictly held out) but run only
once written: of 45 rows, 41 understood as written (91%), 3 expected the wrong thing
(Pediatrics and L&D belong to several professions, so they imply none; "how does the
referral program work" starts a referral in the project's intent table: left out here) and 1
missed: "my friend wants to work with you guys" (fixed: a friend who wants to work or apply
is a referral)."""

TABLE: list[Case] = [
    *SEVENTH_BATCH,
    *SIXTH_BATCH,
    *PLACE_NAMES,
    *TAKING_FILTERS_OFF,
    *FIFTH_BATCH,
    *TWO_SLIPS,
    *FOURTH_BATCH,
    *THIRD_BATCH,
    *SECOND_BATCH,
    *MY_APPLICATIONS,
    *APPLICATION_STATUS,
    *WITHDRAWALS,
    *PROFILE_UPDATES,
    *CREDENTIALS,
    *FAQS,
    *NOT_FAQS,
    *TYPOS_AND_NICKNAMES,
    *CONVERSATIONS,
    *OTHER_INTENTS,
]


@pytest.mark.parametrize("case", TABLE, ids=[c.text for c in TABLE])
def test_english_breadth(case: Case) -> None:
    assert check(case, "en") == []


def test_the_table_is_broad() -> None:
    assert len(TABLE) >= 150
    assert len({c.text for c in TABLE}) == len(TABLE)
