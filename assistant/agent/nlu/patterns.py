"""The phrasings of each intent, as patterns over the normalized words of a message.

Patterns run on :attr:`Message.norm`: lowercase words separated by single spaces, apostrophes
removed ("don't" is "dont", "what's" is "whats"), emails, phones, dates and amounts replaced
by ``¤``. Which pattern wins when several match is decided by the rule table of
:mod:`.intents`, not here.
"""

from __future__ import annotations

import re
from typing import Final

from assistant.agent.nlu.text import words
from assistant.agent.nlu.understanding import DetailTopic

WHO_RX: Final = re.compile(
    r"\b(?:who|what) (?:are|r) (?:you|u)\b|\bare (?:you|u) (?:a |an )?(?:real|human|person|bot|"
    r"robot|ai|machine|chatbot|computer|live|actual)\b|\byour name\b|\bwho am i (?:talking|"
    r"speaking|chatting) (?:to|with)\b|\bis this (?:a )?(?:bot|robot|human|real person|ai)\b"
)
HUMAN_RX: Final = re.compile(
    r"\b(?:talk|speak|chat|connect|transfer|put me through|reach|contact)\b(?:\s+\w+){0,5}?\s+"
    r"(?:a |an |the |my |to |with |real |live |actual )*(?:recruiter|recruiters|person|human|"
    r"humans|agent|representative|rep|someone|somebody|staff member|team member|manager|"
    r"operator|people)\b"
    r"|\bcall me\b|\b(?:give|can) (?:me|you) (?:a )?call\b|\bphone call\b|\bcall me back\b"
    r"|\bhave (?:a |my |the )?(?:recruiter|someone|somebody) (?:call|contact|email|text|reach)\b"
    r"|^(?:a |an |the |my )?(?:real |live |actual )?(?:recruiter|human|agent|representative|"
    r"operator|person)(?: please| pls| now)?$"
    r"|\b(?:i want|i need|i would like|id like|can i get|can i have|get me|let me talk to|"
    r"give me|i wanna talk to) (?:a |an |to |my )?(?:talk to |speak to |speak with |talk with )?"
    r"(?:a |an |my )?(?:real |live |actual )?(?:recruiter|human|person|agent|representative|rep)\b"
    r"|\bwho is my recruiter\b|\bcontact me\b|\breach out to me\b|\bcall back\b"
    r"|\bwhats your (?:phone |phone number|number|email|contact)\b|\bhow (?:do|can) i (?:contact|"
    r"reach|call|email) (?:you|a recruiter|someone|a person|excel)\b"
)
REFERRAL_LINK_RX: Final = re.compile(
    r"\breferral (?:link|code|url|program)\b|\bhow (?:do|can) i refer\b"
)
REFERRAL_STATUS_RX: Final = re.compile(
    r"\b(?:did|has|have|is) (?:my )?(?:friend|friends|buddy|colleague|coworker|referral|"
    r"referrals|referee|the person i referred)\b.*\b(?:sign|signed|register|registered|apply|"
    r"applied|join|joined|start|started|hired|placed|use|used)\b"
    r"|\bmy (?:friend|friends|buddy|colleague|coworker|referral)\b(?: \w+){0,2}? (?:has |have )?"
    r"(?:signed up|registered|joined|applied|started|got hired|been hired)\b"
    r"|\breferrals? (?:status|bonus|bonuses|reward|rewards|payment|payments|payout|money|check)\b"
    r"|\bmy referrals?\b|\b(?:check|see|view|show|list) (?:on )?(?:my )?referrals?\b"
    r"|\b(?:bonus|reward|payout)s?\b.*\b(?:referral|referred|friend|refer)\b"
    r"|\b(?:referral|referred|friend|refer)\b.*\b(?:bonus|reward|payout|paid)\b"
    r"|\bdid (?!i |you )\w+(?: \w+)? (?:sign up|signed up|register|registered|join|joined|"
    r"apply|applied|get hired|get placed)\b"
    r"|\b(?:has|have|did|already) (?:signed up|registered|joined|applied|started|been hired) "
    r"(?:\w+ )?(?:my |our )?(?:friend|friends|colleague|coworker|referral|referrals)\b"
    r"|\bpeople i (?:referred|invited)\b|\b(?:who|how many) (?:people )?(?:have )?i "
    r"(?:referred|invited)\b|\bi referred\b"
)
REFER_RX: Final = re.compile(
    r"\b(?:refer|referring|invite|inviting|recommend|recommending)\b"
    r"|\b(?:i have|i know|ive got|my) (?:a )?(?:friend|colleague|coworker|buddy|sister|brother|"
    r"cousin|wife|husband) (?:who|that) (?:is|s|might|may|would|wants|needs)\b"
    r"|\bmy (?:friend|colleague|coworker|buddy|sister|brother|cousin|wife|husband) (?:also )?"
    r"(?:wants|would like|is looking|is interested|needs|wanted) (?:to )?"
    r"(?:work|join|apply|sign up|a job|a travel|in)\b"
)
FRIEND_RX: Final = re.compile(r"\b(?:friend|colleague|coworker|buddy)\b")
LOGIN_RX: Final = re.compile(
    r"\b(?:log ?in|login|logging in|sign ?in|signin|signing in)\b|\b(?:i )?(?:already )?(?:have|"
    r"got) an account\b|\balready (?:registered|signed up|a member|have an account)\b"
    r"|\bmy account\b|\bexisting (?:account|user|candidate)\b"
)
NEGATED_APPLY_RX: Final = re.compile(
    r"\b(?:dont|do not|not|never|no need to|stop) (?:want to |wanna |going to |gonna )?"
    r"(?:apply|submit)\b"
)
APPLY_RX: Final = re.compile(
    r"\b(?:apply|applying|submit (?:an |my )?application|put me in for|submit me|"
    r"sign me up|lets apply|put (?:in|my name in) for (?:it|this|that|the)|throw my name in"
    r"|submit my (?:profile|name|info))\b"
    r"|\b(?:i want|id like|i would like|ill take|i will take|i wanna|i want to take) "
    r"(?:this|that|it|the) ?(?:one|job|position)?\b"
    r"|^(?:im |i am )?(?:very |really )?interested(?: in (?:it|this|that|this one|that one|"
    r"this job|that job))?$"
)
WHAT_ABOUT_RX: Final = re.compile(r"\b(?:what|how) about\b")
"""Asks about another search ("what about Arizona?"), not for details."""
INTERESTED_RX: Final = re.compile(r"\b(?:im |i am )?interested in\b")
DETAILS_RX: Final = re.compile(
    r"\btell me (?:more )?(?:about|abt)\b|\bmore (?:info|information|details|detail)\b|"
    r"\b(?:details|detail|info|information|specifics)\b(?: (?:on|about|for|of))?\b|"
    r"\bmore about\b|^(?:tell me more|more info|details)$|\bwhat about\b|\bhow about\b"
    r"|\b(?:show|see|open|view) (?:me )?(?:the )?(?:details|job)\b"
)
TOPIC_RX: Final[tuple[tuple[DetailTopic, re.Pattern[str]], ...]] = (
    (
        "pay",
        re.compile(
            r"\b(?:pay|pays|paying|paid|rate|rates|salary|money|compensation|stipend|stipends|"
            r"how much|weekly|hourly|bonus|package|gross)\b"
        ),
    ),
    (
        "certifications",
        re.compile(
            r"\b(?:certs?|certifications?|certified|license|licenses|licensure|requirements?|"
            r"required|requires?|qualifications?|need to have|credentials?|bls|acls|pals|"
            r"experience)\b"
        ),
    ),
    (
        "shift",
        re.compile(
            r"\b(?:shift|shifts|schedule|hours|what time|days|nights|weekends?|(?:8|10|12)s)\b"
        ),
    ),
    (
        "dates",
        re.compile(
            r"\b(?:start|starts|start date|when|duration|how long|length|end|ends|end date|"
            r"weeks|contract length)\b"
        ),
    ),
    (
        "location",
        re.compile(r"\b(?:where|location|located|address|city|facility|hospital|client|unit)\b"),
    ),
)
QUESTION_RX: Final = re.compile(
    r"^(?:what|whats|how|when|where|which|does|do|is|are|can|will|tell)\b|\b(?:what|how much|"
    r"how long|when|where|which)\b"
)
MORE_RX: Final = re.compile(
    r"^(?:show |see |give me |load |get |any |what )?(?:me )?(?:some |the |are the )?"
    r"(?:more|others|other ones|"
    r"other jobs|another|another one|the rest|next|else)(?: please| pls| jobs| results| options|"
    r"| ones| listings| of them| page| one)*$"
    r"|\b(?:show|see|load|give|get) (?:me )?(?:some )?more\b(?! (?:about|info|details|on))"
    r"|\bnext (?:page|results|ones|batch|set|few|\d+|five|ten|jobs)\b"
    r"|\bmore (?:results|jobs|options|listings|positions|openings)\b|\bwhat else\b"
    r"|\bany (?:other|others|more)\b|\bkeep going\b|\bsee the rest\b"
)
SEARCH_CUE_RX: Final = re.compile(
    r"\b(?:jobs?|positions?|openings?|assignments?|contracts?|gigs?|roles?|opportunit(?:y|ies)|"
    r"listings?|postings?|vacanc(?:y|ies)|work|hiring|search|find|looking for|look for|"
    r"searching|anything)\b"
)
RESET_RX: Final = re.compile(
    r"\b(?:new search|start over|start again|reset|different search|clear (?:the )?"
    r"(?:filters|search)|forget (?:that|those|it|the previous|the last)|something else)\b"
)
REFINE_CUE_RX: Final = re.compile(
    r"\b(?:only|instead|what about|how about|what if|also|too|rather|switch to|change (?:it )?to|"
    r"make it|same but|of those|among those|any of those|narrow|filter)\b"
)
HELP_RX: Final = re.compile(
    r"^(?:help|help me|menu|options|commands|what can you do|what do you do|how does this work|"
    r"how does it work|how do (?:i|you) use (?:this|it|you)|what can i (?:ask|say|do)|"
    r"what are my options|instructions|how to use|what can you help (?:me )?with|"
    r"can you help(?: me)?|i need help|get started|what do you know|\?+)(?: please)?$"
    r"|\bwhat (?:else )?can (?:you|u) (?:do|help)\b|\bhow (?:do|can) i use\b"
)
CANCEL_RX: Final = re.compile(
    r"^(?:no|nope|nah|no thanks|no thank you|cancel|cancel it|cancel that|stop|never ?mind|nvm|"
    r"forget it|forget about it|not now|maybe later|not interested|dont|do not|no way|quit|"
    r"exit|abort|changed my mind|i changed my mind|hold on|wait|not yet|never)\b"
    r"|\b(?:cancel|never ?mind|changed my mind|dont submit|do not submit|dont do it)\b"
)
CONFIRM_RX: Final = re.compile(
    r"^(?:yes|yeah|yea|yep|yup|ya|yas|y|sure|sure thing|confirm|confirmed|i confirm|submit|"
    r"submit it|please submit|do it|go ahead|go for it|sounds good|sounds great|please do|"
    r"absolutely|definitely|of course|correct|thats right|thats correct|right|affirmative|"
    r"lets do it|lets go|send it|yes please|apply|apply now|ok do it|ok go ahead|"
    r"si|certainly|please)\b"
)
ACK_CONFIRM_RX: Final = re.compile(r"^(?:ok|okay|k|kk|alright|all right|fine|cool|great|perfect)\b")
BYE_RX: Final = re.compile(
    r"\b(?:bye|goodbye|good bye|see you|see ya|cya|good night|goodnight|talk (?:to you )?later|"
    r"ttyl|have a (?:good|nice|great) (?:day|night|one|evening|weekend)|take care)\b"
)
HOW_ARE_RX: Final = re.compile(
    r"\bhow (?:are|r) (?:you|u|ya)\b|\bhows it going\b|\bhow is it going\b|\bhow are things\b|"
    r"\bwhats up\b|^sup$|\bhow do you do\b|\bhows your day\b"
)
THANKS_RX: Final = re.compile(
    r"\b(?:thanks|thank you|thank u|thx|ty|tysm|appreciate it|appreciated|much appreciated|"
    r"cheers)\b"
)
ACK_RX: Final = re.compile(
    r"^(?:ok|okay|k|kk|cool|great|nice|awesome|perfect|got it|gotcha|alright|all right|lol|"
    r"haha|wow|neat|understood|fine|good|sounds good|ok cool|good to know|interesting)$"
)
GREETING_RX: Final = re.compile(
    r"^(?:hi|hello|hey|hiya|howdy|yo|greetings|hola|good (?:morning|afternoon|evening|day)|"
    r"hey there|hi there|hello there|heya|sup)\b"
)
GREETING_FILLER: Final = words(
    """hi hello hey hiya howdy yo greetings hola good morning afternoon evening day there
    everyone all folks team assistant bot excel friend again"""
)


def detail_topic(norm: str) -> DetailTopic | None:
    """What a question about a job is about ("what does it pay?" -> ``pay``), if anything."""
    for topic, rx in TOPIC_RX:
        if rx.search(norm):
            return topic
    return None
