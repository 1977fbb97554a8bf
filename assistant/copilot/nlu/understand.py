"""The entry point: one recruiter question (+ the conversation's state, + today) in, its
:data:`~.reading.Reading` out. Pure and deterministic; no database.

The order a question meets the rules:

1. an answer to a clarifying question the copilot asked ("2", "placements");
2. refusals (:mod:`.refusals`): changing data, SQL, "ignore your rules", secrets;
3. thanks/hello, and "how did you get that?";
4. the metric (:mod:`.topics`), then the period (:mod:`.periods`, looking ahead for expiry
   metrics), the master-data terms and unknown words (:mod:`.grounding`), the shape of the
   answer (:mod:`.shape`), a recruiter or job named, "my"/"our team";
5. a job's candidates; a new metric question; a follow-up of the last one
   (:mod:`.follow_up`); a clarifying question when the ask is vague ("how are we doing?")
   or names only filters; else an honest "I can't answer that yet".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final
from uuid import UUID

import msgspec

from assistant.agent.nlu.lexicon import Lexicon
from assistant.agent.nlu.live import current_lexicon
from assistant.agent.nlu.text import blank
from assistant.copilot.answer import CopilotState
from assistant.copilot.nlu.follow_up import (
    FOLLOW_UP_RX,
    apply_follow_up,
    period_fields,
    trend_grain,
)
from assistant.copilot.nlu.grounding import (
    Grounding,
    RecruiterName,
    find_job_reference,
    find_recruiter,
    ground,
    says_mine,
    says_team,
)
from assistant.copilot.nlu.narrowing import Pay, filter_fields, read_pay
from assistant.copilot.nlu.periods import Period, describe_period, find_period, previous_period
from assistant.copilot.nlu.reading import (
    EXAMPLE_QUESTIONS,
    Ask,
    Chitchat,
    Clarify,
    Explain,
    ForJob,
    Lookup,
    Reading,
    Refuse,
)
from assistant.copilot.nlu.recipes import Recipe, RecipeInput, find_recipe
from assistant.copilot.nlu.refusals import find_refusal
from assistant.copilot.nlu.shape import Shape, read_shape
from assistant.copilot.nlu.sources import find_source
from assistant.copilot.nlu.text import Question, norm_words, prepare_question
from assistant.copilot.nlu.topics import (
    CAND,
    FUTURE_METRICS,
    NON_LISTABLE_METRICS,
    Topic,
    find_topic,
    mentioned_metric,
)
from data_layer.recruiting.metrics.query import MetricFilters, MetricQuery
from data_layer.recruiting.semantic import METRICS

__all__ = ["Asker", "read_question"]


@dataclass(frozen=True, slots=True)
class Asker:
    """Who asks, as far as understanding the words needs ("my" means whose desk)."""

    is_admin: bool
    recruiter_id: UUID | None


_CHITCHAT_RX: Final = re.compile(
    r"^(?:thanks?(?: you)?(?: so much| a lot)?|thx|ty|cheers|great|cool|ok|okay|k|nice|awesome|"
    r"got it|perfect|sounds good|good|hi|hello|hey|yo|good (?:morning|afternoon|evening)|"
    r"bye|goodbye|see you|help|what can you do|what do you know|who are you)$"
)
_EXPLAIN_RX: Final = re.compile(
    r"\bhow (?:did|do) you (?:get|calculate|compute|figure|come up with|count|work out|arrive)|"
    r"\bwhere (?:does|did) (?:that|this|the) (?:number|figure|answer|count) come from|"
    r"\bexplain (?:that|this|the number|the answer|it|how)|\bshow (?:me )?(?:the )?(?:sql|query)|"
    r"\bwhat (?:sql|query)|\bhow (?:was|is) (?:that|this|it) (?:calculated|counted|computed)|"
    r"\bhow i got this\b|\bwhy (?:is|was) (?:that|it|this) \w+\b"
)
_VAGUE_RX: Final = re.compile(
    r"\bhow (?:are|r|is|am|did|have|were) (?:we|things|you|i|it|my|our|the team|the desk|"
    r"business)\b|\bhows? (?:it|everything|business|things|my|our)\b|\bstatus update\b|"
    r"\bupdate me\b|\bgive me (?:an? |the )?(?:update|overview|summary|report|rundown|recap|"
    r"snapshot|numbers)\b|\b(?:the )?numbers\b|\bstats\b|\bstatistics\b|\bmetrics\b|\bkpis?\b|"
    r"\bdashboard\b|\bperformance\b|\bwhats (?:new|up|happening|going on)\b|\bsummary\b|"
    r"\boverview\b|\breport\b|\banything (?:new|interesting|i should know)\b|\brecap\b|"
    r"\bsnapshot\b|\bhow (?:are|is) (?:we|the team|my desk) (?:tracking|trending|looking)\b|"
    r"\bam i on track\b|\bhow.{0,20}\b(?:going|looking|tracking)\b"
)
_JOB_CANDIDATES_RX: Final = re.compile(
    r"\b(?:fit|fits|match|matches|matching|matched|qualif\w*|suit\w*|good for|right for|"
    r"best|top|would be|could|should|recommend\w*|submit|eligible|available for|"
    r"candidates for|nurses for|people for|who (?:can|could|should|would|fits|matches))\b"
)
_THIS_JOB_RX: Final = re.compile(r"\b(?:this|that|the same) job\b")
_ORDINAL_RX: Final = re.compile(
    r"^(?:option |choice |number |no |#)?(?P<n>[1-9])(?:st|nd|rd|th)?$|^(?:the )?(?P<w>first|"
    r"second|third|fourth|fifth|last)(?: one)?$"
)
_EXPIRED_RX: Final = re.compile(
    r"\b(?:already expired|expired|lapsed|out of date|overdue|past due|no longer valid)\b"
)
_THOSE_RX: Final = re.compile(
    r"\b(?:those|these|them|they|the same|that list|who are they|which ones|who is it)\b"
)
_COMPARE_RX: Final = re.compile(r"\b(?:vs|versus|compared? (?:to|with)|against)\b")
_PREVIOUS_ALONE_RX: Final = re.compile(
    r"^\W*(?:the\s+)?(?:last|previous|prior|preceding|the one before|before)(?:\s+one)?\W*$"
)
"""After "vs": "this month vs last" - the unit before, said without its name."""
_BEFORE_THAT_RX: Final = re.compile(
    r"\b(?:the\s+)?(?:(?P<unit>day|week|month|quarter|year)|one|period)\s+(?:before|prior)"
    r"(?:\s+that)?\b(?!\s+(?:last|this))|\bbefore that\b|\bthe previous one\b"
)
"""A follow-up's "and the month before?": the period before the last answer's."""
_BARE_DAYS_RX: Final = re.compile(
    r"^(?:and |or |what about |how about |make it |try |same for |now )?(?:the next |next |in )?"
    r"(?P<n>\d{1,3})(?: days?)?$"
)
"""An expiry follow-up's "what about 60?": the next 60 days."""
_COMPARE_FOLLOW_RX: Final = re.compile(
    r"^(?:and |but )?(?:vs|versus|compared? (?:to|with)|against)\b"
)
_UNSUPPORTED_RX: Final = re.compile(
    r"\b(?:time to (?:fill|hire|start|place)|days to (?:fill|hire)|fill rate|revenue|margins?|"
    r"gross profit|profit|spread|bill rates?|billing|invoices?|timesheets?|payroll|commissions?|"
    r"retention rate|turnover|attrition|nps|csat|satisfaction|extension rate|extensions|"
    r"cancellations?|no shows?|quota|referral (?:rewards?|bonus(?:es)?|payouts?)|rewards? paid|"
    r"bonus(?:es)? paid|payouts?)\b"
)
_JOBS_AS_FILTER_RX: Final = re.compile(
    r"\b(?:for|on|to|in|at|with|from)\s+(?:the\s+|my\s+|our\s+)?(?:[\w&]+\s+){0,3}"
    r"(?:jobs?|positions?|roles?|openings?|reqs?)\b"
)
_DESK_ONLY_RX: Final = re.compile(
    r"^(?!.*\b(?:candidates?|nurses?|people|clinicians?|travell?ers?|talent|leads)\b).*"
    r"\b(?:desk|book|book of business)\b"
)
"""The desk named as the whole business, no candidates said ("how's my desk looking")."""
_PERCENT_RX: Final = re.compile(
    r"\b(?:percent|percentage|proportion|fraction|what share|share of|ratio|how often)\b"
)
_DURATION_RX: Final = re.compile(
    r"\bhow long\b|\b(?:average|avg|mean|median|typical)\s+(?:time|days|hours|weeks|duration|"
    r"length)\b|\b(?:time|days|weeks) (?:spent |sitting |stuck )?in (?:the )?(?:applied|review|"
    r"reviewing|interview\w*|offer\w*|stage|status)\b|\bstuck\b"
)
_DURATION_METRICS: Final = frozenset(
    {"time_to_first_application", "handoff_response_time", *FUTURE_METRICS}
)
_ORDINALS: Final = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_APPS_FROM_REFERRALS_RX: Final = re.compile(
    r"\b(?:applications?|apps?|applicants?|applied)\b.*\b(?:from|via|through|thru|by|off)\s+"
    r"(?:an? |the |our |my )?(?:employee |candidate )?referrals?\b"
)
_APPLICATION_METRICS: Final = frozenset(
    {"applications", "placements", "interviews", "candidates_applied", "share_applications",
     "share_placements"}
)  # fmt: skip
_NARROWING_RECIPES: Final = frozenset({"jobs_paying", "certification_holders"})


def _metric_narrows(p: _Parts, metric: str, recipe: Recipe) -> bool:
    """A pay or certification recipe, when the metric itself can carry every filter said
    (the metric then also keeps the shift, the source, a period ...)."""
    if recipe.name not in _NARROWING_RECIPES or metric not in METRICS:
        return False
    if "certification" in p.shape.dims:
        return False
    fields, dropped = filter_fields(metric, p.grounding, p.pay, p.norm_rest)
    return not dropped and bool(fields)


def _refuse_unknown() -> Refuse:
    examples = "; ".join(f"“{e}”" for e in EXAMPLE_QUESTIONS[:4])
    return Refuse(
        "unknown",
        "I can't answer that yet. I answer questions about your pipeline: applications, "
        "placements, interviews, candidates, open and hot jobs, expiring licenses and "
        f"certifications, referrals, share links and handoffs. For example: {examples}.",
    )


def _pick_choice(norm: str, choices: Sequence[str]) -> str | None:
    m = _ORDINAL_RX.match(norm)
    if m:
        if m.group("w") == "last":
            return choices[-1] if choices else None
        index = int(m.group("n")) if m.group("n") else _ORDINALS[m.group("w")]
        return choices[index - 1] if 0 < index <= len(choices) else None
    words = [w for w in norm.split() if len(w) > 2 and w not in ("the", "one", "and", "how")]
    if not words or len(words) > 4:
        return None
    hits = [c for c in choices if all(w in norm_words(c) for w in words)]
    return hits[0] if len(hits) == 1 else None


def _period_text(q: Question, spans: Sequence[tuple[int, int]]) -> str:
    return " ".join(q.fixed[s:e].strip() for s, e in spans)


def _clarify_general(q: Question, spans: Sequence[tuple[int, int]]) -> Clarify:
    when = _period_text(q, spans) or "this month"
    choices = (
        f"How many applications did my candidates make {when}?",
        f"How many placements {when}?",
        f"My pipeline by status {when}",
        "Which hot jobs have no applicants?",
        "Which of my candidates have a license expiring in the next 30 days?",
    )
    return Clarify("Which would you like to see?", choices)


def _clarify_filters(q: Question, g: Grounding, spans: Sequence[tuple[int, int]]) -> Clarify:
    label = " ".join(x for x in (g.specialty, g.profession) if x)
    place = f" in {g.state_name}" if g.state_name else ""
    kind = f" {g.job_type.lower()}" if g.job_type else ""
    hot = " hot" if g.hot else ""
    when = _period_text(q, spans)
    when_words = f" {when}" if when else ""
    subject = " ".join(x for x in (hot.strip(), label, kind.strip()) if x)
    choices = (
        f"How many open {subject} jobs{place}?",
        f"How many applications to {subject} jobs{place}{when_words}?",
        f"How many placements in {subject} jobs{place}{when_words}?",
        f"How many of my candidates are {subject}{place}?",
    )
    return Clarify(
        "What should I count for that: open jobs, applications, placements or candidates?",
        tuple(" ".join(c.split()) for c in choices),
    )


_NO_PAY: Final = Pay()


@dataclass(frozen=True, slots=True)
class _Parts:
    """Everything read from one question, before deciding what it asks."""

    q: Question
    norm: str
    """Normalized words of the whole question."""
    norm_rest: str
    """Normalized words with the period's words cut out."""
    topic: Topic
    period: Period | None
    spans: list[tuple[int, int]]
    grounding: Grounding
    shape: Shape
    recruiter: RecruiterName | None
    job_reference: str | None
    mine: bool
    team: bool
    candidate_name: tuple[str, str] | None = None
    name_words: frozenset[str] = frozenset()
    compare_period: Period | None = None
    """ "this month vs last month": the period after the comparing word (``period`` is the
    one before it)."""
    pay: Pay = _NO_PAY
    """ "paying over $2,500 a week": read before periods ($2000 is no year)."""
    today: dt.date | None = None
    compared_recruiters: tuple[str, ...] = ()
    """Two recruiters named side by side ("Sarah vs Marcus"): a breakdown by recruiter."""


_NAME_STOP: Final = frozenset(
    {"how", "many", "what", "which", "who", "show", "list", "jobs", "job", "has", "have", "did"}
)


def _candidate_name(q: Question, g: Grounding) -> tuple[str, str] | None:
    """Two unknown words in a row, written as a name ("Brandi Bennett", "brandi bennett's"):
    a candidate to look up (only among the candidates the asker may see)."""
    unknown = set(g.unknown)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", q.raw)
    for first, last in itertools.pairwise(words):
        a, b = first.lower(), re.sub(r"'s$", "", last.lower())
        if a in _NAME_STOP or b in _NAME_STOP:
            continue
        written_as_name = (first[0].isupper() and last[0].isupper()) or last.lower().endswith("'s")
        if not written_as_name or q.raw.isupper():
            continue
        if a in unknown and (b in unknown or b + "s" in unknown or last.lower() in unknown):
            return a, b
    return None


def _relative_to_last(norm: str, last: MetricQuery, *, future: bool) -> Period | None:
    """A follow-up's period said against the last answer's: "and the month before?",
    "what about 60?" after licenses expiring in the next 30 days."""
    if future and (m := _BARE_DAYS_RX.match(norm)) and int(m.group("n")) > 0:
        return Period(within_days=int(m.group("n")))
    m = _BEFORE_THAT_RX.search(norm)
    if m is None:
        return None
    f = last.filters
    return previous_period(Period(f.period_start, f.period_end), m.group("unit"))


def _read_parts(
    q: Question,
    *,
    state: CopilotState | None,
    today: dt.date,
    lexicon: Lexicon,
    recruiters: Sequence[RecruiterName],
) -> _Parts:
    norm = norm_words(q.fixed)
    topic = find_topic(norm)
    if topic.metric == "referrals" and _APPS_FROM_REFERRALS_RX.search(norm):
        # "applications from referrals": applications whose source is a referral
        topic = dataclasses.replace(topic, metric="applications", statuses=())
    last_metric = state.last_query.metric if state and state.last_query else None
    future = (topic.metric or last_metric) in FUTURE_METRICS
    pay = read_pay(q.low)
    low = q.low
    for start, end in pay.spans:
        low = low[:start] + " " * (end - start) + low[end:]
    period, spans = find_period(low, today, future=future)
    compare_period = None
    if len(spans) > 1 and (cmp := _COMPARE_RX.search(low)) is not None:
        before, _ = find_period(low[: cmp.start()], today, future=future)
        after, _ = find_period(low[cmp.end() :], today, future=future)
        if before is not None and after is None and _PREVIOUS_ALONE_RX.match(low[cmp.end() :]):
            after = previous_period(before)
        if before is not None and after is not None and before != after:
            period, compare_period = before, after
    elif (
        len(spans) == 1
        and (cmp := _COMPARE_RX.search(low)) is not None
        and cmp.start() > spans[0][0]
        and _PREVIOUS_ALONE_RX.match(low[cmp.end() :])
    ):
        compare_period = previous_period(period)
    if (
        period is not None
        and topic.statuses == ("applied",)
        and re.search(r"\bnew\b", norm)
        and not re.search(r"\bapplied\b|\bstatus|\bstage|\bstill\b", norm)
    ):
        # "new apps this week": the applications made then, not those still at 'applied'
        topic = dataclasses.replace(topic, statuses=())
    if (
        compare_period is None
        and period is not None
        and len(spans) == 1
        and _WENT_UP_RX.search(norm_words(low))
    ):
        compare_period = previous_period(period)
    last_query = state.last_query if state else None
    if period is None and last_query is not None:
        period = _relative_to_last(norm_words(low), last_query, future=future)
    cut = [*spans, *pay.spans]
    rest = blank(q.fixed, cut) if cut else q.fixed
    recruiter, name_words = find_recruiter(q.raw, recruiters)
    compared: tuple[str, ...] = ()
    if recruiter is not None:
        others = [r for r in recruiters if r.recruiter_id != recruiter.recruiter_id]
        second, second_words = find_recruiter(q.raw, others)
        if second is not None:
            # "Sarah vs Marcus": every recruiter, side by side, rather than one of the two
            compared = (recruiter.name, second.name)
            recruiter, name_words = None, name_words | second_words
    job_reference = find_job_reference(q.raw)
    if job_reference is not None:
        rest = rest.replace(job_reference, " ")
    grounding = ground(rest, today, lexicon, ignore=name_words)
    if pay.given:
        # The pay was cut out of the words grounded: the recipes read it from here.
        grounding = dataclasses.replace(
            grounding, min_weekly_pay=pay.min_weekly_pay, min_hourly_pay=pay.min_hourly_pay
        )
    norm_rest = norm_words(rest.replace("¤", " "))
    name = _candidate_name(q, grounding)
    if topic.metric in FUTURE_METRICS and period is None and _EXPIRED_RX.search(norm):
        period = Period(None, today - dt.timedelta(days=1))
    return _Parts(
        q=q,
        norm=norm,
        norm_rest=norm_rest,
        topic=topic,
        period=period,
        spans=spans,
        grounding=grounding,
        shape=_with_recruiters(read_shape(norm_rest), compared),
        recruiter=recruiter,
        job_reference=job_reference,
        mine=says_mine(norm),
        team=says_team(norm),
        candidate_name=name,
        name_words=frozenset(name) | {w + "s" for w in name} if name else frozenset(),
        compare_period=compare_period,
        pay=pay,
        today=today,
        compared_recruiters=compared,
    )


def _with_recruiters(shape: Shape, compared: tuple[str, ...]) -> Shape:
    if not compared or "recruiter" in shape.dims:
        return shape
    return dataclasses.replace(shape, dims=("recruiter", *shape.dims)[:2])


def _notes(
    p: _Parts, asker: Asker, metric: str | None, known: frozenset[str]
) -> tuple[list[str], bool]:
    """Caveats to say with the answer, and whether they make it uncertain."""
    notes: list[str] = []
    uncertain = False
    if p.compared_recruiters:
        notes.append(
            f"Here is every recruiter: compare {' and '.join(p.compared_recruiters)} in their rows."
        )
    g = p.grounding
    unknown = [w for w in g.unknown if w not in known and w not in p.name_words]
    negated = [w for w in unknown if re.search(rf"\b{_NEGATION} {re.escape(w)}\b", p.norm)]
    if negated:
        # "open jobs in texas, not ICU": leaving a term out is no filter the data has
        notes.append(
            "I can't leave out “" + " ".join(negated) + "”: this counts it too, with the rest."
        )
        uncertain = True
        unknown = [w for w in unknown if w not in negated]
    if unknown:
        notes.append("I did not understand “" + " ".join(unknown) + "” and left it out.")
        uncertain = True
    if g.extra_terms:
        kept = g.specialty or g.profession or "the first one"
        notes.append(
            f"I can count one specialty or profession at a time: this is {kept} only "
            f"(not {', '.join(g.extra_terms)})."
        )
        uncertain = True
    if g.city and g.state_code:
        notes.append(f"I counted all of {g.state_name}, not only {g.city}.")
        uncertain = True
    elif g.city:
        notes.append(f"I can't narrow to a city; this is not limited to {g.city}.")
        uncertain = True
    if metric in METRICS:
        _, dropped = filter_fields(metric, g, p.pay, p.norm_rest)
        if dropped:
            words = metric.replace("_", " ")
            notes.append(f"I can't narrow {words} by {' or '.join(dropped)}, so that was left out.")
            uncertain = True
    else:
        if g.certifications and metric != "certifications_expiring":
            notes.append(f"I can't narrow this to {', '.join(g.certifications)}.")
            uncertain = True
        if g.shift:
            notes.append(f"I can't narrow by shift, so this is not limited to {g.shift.lower()}.")
            uncertain = True
        if (g.min_weekly_pay or g.min_hourly_pay or p.pay.given) and metric is not None:
            notes.append("I can't narrow this by pay, so every pay level is counted.")
            uncertain = True
    if _COMPARE_RX.search(p.norm) and len(p.spans) > 1 and p.compare_period is None:
        notes.append("I can answer one period at a time: this is the first; ask for the other.")
        uncertain = True
    if not asker.is_admin and metric in _APPLICATION_METRICS:
        said, _ = filter_fields(metric, g, p.pay, p.norm_rest)
        if "certification" in said or "referral_source" in said:
            # Candidate details of another desk stay hidden, even on an application
            # assigned to this recruiter: such an application cannot match.
            notes.append(
                "Only your own candidates' certifications and sources are visible to you, "
                "so applications by other desks' candidates are not counted."
            )
    if p.team and not asker.is_admin and p.recruiter is None:
        notes.append("You can see only your own candidates and pipeline, so this counts yours.")
    return notes, uncertain


def _recruiter_filter(p: _Parts, asker: Asker) -> UUID | None:
    if p.recruiter is not None:
        return p.recruiter.recruiter_id
    # An admin's "my" means their own desk when they have one; a recruiter's scope is
    # theirs already (the database narrows it).
    if asker.is_admin and asker.recruiter_id is not None and p.mine and not p.team:
        return asker.recruiter_id
    return None


def _fresh_query(p: _Parts, asker: Asker, metric: str) -> MetricQuery:
    g, shape, topic = p.grounding, p.shape, p.topic
    fields: dict[str, Any] = period_fields(p.period)
    filters = MetricFilters(
        **fields,
        statuses=list(topic.statuses),
        specialty=g.specialty,
        profession=g.profession,
        state_code=g.state_code,
        job_type=g.job_type,
        hot=True if (g.hot or topic.hot) else None,
        featured=topic.featured,
        recruiter_id=_recruiter_filter(p, asker),
        job_id=UUID(p.job_reference) if p.job_reference and "-" in p.job_reference else None,
        **filter_fields(metric, g, p.pay, p.norm_rest)[0],
    )
    dims = list(shape.dims) or list(topic.group_hint)
    if shape.trend:
        dims.append(trend_grain(filters))
    limit = shape.limit
    list_rows = shape.wants_list and metric not in NON_LISTABLE_METRICS
    # Listing candidates "by candidate" is the list itself; jobs "by job" likewise.
    itself = (dims == ["candidate"] and metric == "candidates") or (
        dims == ["job"] and metric in ("open_jobs", "hot_jobs_without_applicants")
    )
    if itself and not shape.order:
        list_rows = metric not in NON_LISTABLE_METRICS
    if not dims and shape.order and re.search(r"\bwho\b", p.norm):
        # "who placed the most": a ranking of recruiters; "who applied the most": candidates
        doer = re.search(r"\bwho (?:placed|made|hired|closed|shared|booked|filled|sent)\b", p.norm)
        dims = ["recruiter" if doer else "candidate"]
        list_rows = False
        limit = shape.limit or 1
    if list_rows:
        dims = []
    return MetricQuery(
        metric=metric,
        group_by=dims[:2],
        filters=filters,
        order=shape.order or "desc",
        limit=limit,
        list_rows=list_rows,
    )


def _wants_job_candidates(p: _Parts) -> bool:
    if p.topic.metric not in (None, "candidates", "open_jobs"):
        return False
    return bool(_JOB_CANDIDATES_RX.search(p.norm) or CAND.search(p.norm))


def read_question(
    text: str,
    *,
    state: CopilotState | None = None,
    today: dt.date,
    asker: Asker,
    recruiters: Sequence[RecruiterName] = (),
    lexicon: Lexicon | None = None,
) -> Reading:
    """What ``text`` asks, given the conversation's ``state`` (see the module doc)."""
    lex = lexicon or current_lexicon()
    q = prepare_question(text)
    norm = norm_words(q.fixed)
    if not norm:
        return Refuse("empty", "Ask me about your pipeline, for example: " + EXAMPLE_QUESTIONS[0])
    if state is not None and state.pending is not None:
        choice = _pick_choice(norm, state.pending.choices)
        if choice is not None:
            return read_question(
                choice, state=None, today=today, asker=asker, recruiters=recruiters, lexicon=lex
            )
    refusal = find_refusal(q.raw)
    if refusal is not None:
        return refusal
    if _CHITCHAT_RX.match(norm):
        if norm in ("help", "what can you do", "what do you know", "who are you"):
            return _refuse_unknown_as_help()
        return Chitchat("Glad to help. Ask me another question about your pipeline any time.")
    last = state.last_query if state is not None else None
    if _EXPLAIN_RX.search(norm) and last is not None:
        return Explain()

    unsupported = _UNSUPPORTED_RX.search(norm)
    if unsupported:
        return Refuse(
            "unsupported",
            f"I can't measure {unsupported.group(0)} yet: it is not in the data I can read. "
            "I can count applications, placements, interviews, candidates, open and hot jobs, "
            "expiring licenses and certifications, referrals, share links and handoffs, and "
            "tell the median time to a job's first application.",
        )
    p = _read_parts(q, state=state, today=today, lexicon=lex, recruiters=recruiters)
    if (
        p.topic.metric == "candidates"
        and _VAGUE_RX.search(p.norm)
        and _DESK_ONLY_RX.search(p.norm)
        and not p.grounding.names_something
    ):
        # "how's my desk looking": the whole desk, not a count of its candidates
        p = dataclasses.replace(p, topic=Topic())
    if (
        last is not None
        and p.topic.metric == "open_jobs"
        and last.metric not in ("open_jobs", "hot_jobs_without_applicants")
        and "job_type" in METRICS[last.metric].filters
        and FOLLOW_UP_RX.match(p.norm)
        and _JOBS_AS_FILTER_RX.search(p.norm)
        and not re.search(r"\bopen\b", p.norm)
    ):
        # "only for travel jobs" after placements: the jobs narrow the placements
        p = dataclasses.replace(p, topic=Topic(hot=p.topic.hot, featured=p.topic.featured))
    if last is not None and _names_no_metric(p) and (source := _bare_source(p, last)) is not None:
        # "and linkedin?" after applications from Indeed: another source, said bare
        p = source
    negated = _negated_filter(p)
    if negated is not None:
        # "non ICU placements", "nurses not on assignment": the term would be read as the
        # filter itself, the opposite of what was asked
        return Refuse(
            "unsupported",
            f"I can't leave “{negated}” out of a count: I can only narrow to what is named "
            "(a specialty, profession, state, status or certification). Ask for it broken "
            "down, by specialty, state or status, to compare.",
        )
    if _asks_about_applications(p, last) and _WITHOUT_STAGE_RX.search(p.norm):
        # "apps without interviews": a stage never reached is history, not a status to count
        return Refuse(
            "unsupported",
            "I can't count applications by a stage they never reached yet. I can count them "
            "by their status now (e.g. applications still in review) or those that reached "
            "interviewing, an offer or a placement.",
        )
    excluded = _EXCLUDE_RX.search(p.norm)
    metric_now = p.topic.metric or (last.metric if last is not None else None)
    if excluded and metric_now in ("applications", "candidates_applied", "share_applications"):
        # "excluding rejected": every status but the ones named (the status word itself
        # was read as the one to count)
        out = set(_statuses_named(excluded.group("what") or excluded.group("state")))
        rest = p.norm[: excluded.start()] + " " + p.norm[excluded.end() :]
        named = [s for s in find_topic(rest).statuses if s not in out]
        kept = tuple(named) or tuple(s for s in _ALL_APPLICATION_STATUSES if s not in out)
        p = dataclasses.replace(p, topic=dataclasses.replace(p.topic, statuses=kept))
    topic = p.topic

    job_reference = p.job_reference
    if job_reference is None and _THIS_JOB_RX.search(p.norm) and state and state.job_id:
        job_reference = state.job_id
    if job_reference is not None and _wants_job_candidates(p):
        return ForJob(job_reference, limit=p.shape.limit or 20)

    follow_cue = (
        bool(FOLLOW_UP_RX.match(p.norm))
        or len(p.norm.split()) <= 3
        or (last is not None and not mentioned_metric(p.norm))
    )
    if last is not None and _COMPARE_FOLLOW_RX.match(p.norm) and topic.metric is None:
        # "vs last week?": the last question again, for a second period beside the first
        rest = _COMPARE_FOLLOW_RX.sub("", p.norm, count=1)
        f = last.filters
        second = p.period
        if second is None and _PREVIOUS_ALONE_RX.match(rest):
            second = previous_period(Period(f.period_start, f.period_end))
        if second is not None:
            return _ask(dataclasses.replace(p, compare_period=second), asker, last, follow_up=True)
    if state is not None and state.job_id and last is None and _THOSE_RX.search(p.norm):
        return ForJob(state.job_id)  # "show me those candidates" after a job's candidates
    if last is not None and p.shape.wants_list and _THOSE_RX.search(p.norm):
        # "show me those candidates": the last answer's rows, whatever they counted
        query = apply_follow_up(
            last,
            topic=Topic(),
            period=p.period,
            grounding=p.grounding,
            shape=p.shape,
            recruiter_id=_recruiter_filter(p, asker),
            pay=p.pay,
            norm=p.norm_rest,
        )
        return _ask(p, asker, query, follow_up=True)
    if topic.metric is not None and not (last is not None and follow_cue):
        recipe = find_recipe(
            RecipeInput(
                norm=p.norm_rest,
                low=q.low,
                metric=topic.metric,
                grounding=p.grounding,
                shape=p.shape,
                period=p.period,
                today=today,
                recruiter_id=_recruiter_filter(p, asker),
                hot=True if (p.grounding.hot or topic.hot) else None,
                desk=None if asker.is_admin else asker.recruiter_id,
            )
        )
        if recipe is not None and not _metric_narrows(p, topic.metric, recipe):
            return _lookup(p, asker, recipe, today)
    if topic.metric is not None:
        if last is not None and follow_cue:
            query = apply_follow_up(
                last,
                topic=topic,
                period=p.period,
                grounding=p.grounding,
                shape=p.shape,
                recruiter_id=_recruiter_filter(p, asker),
            )
            return _ask(p, asker, query, follow_up=True)
        if topic.share_measure_missing and not p.shape.dims:
            return Clarify(
                "What about your share links: views, applications, placements or conversion?",
                (
                    "How many views did my share links get?",
                    "How many applications came through my share links?",
                    "How many placements came through my share links?",
                    "What is my share-link conversion rate?",
                ),
            )
        if _DURATION_RX.search(p.norm) and topic.metric not in _DURATION_METRICS:
            # a count is no answer to "how long": say what can be timed instead
            return Refuse(
                "unsupported",
                "I can't measure how long that takes yet: I count events, and time only a "
                "job's wait for its first application, the days from application to "
                "placement and handoff response times.",
            )
        query = _fresh_query(p, asker, topic.metric)
        if _PERCENT_RX.search(p.norm) and query.metric not in NON_LISTABLE_METRICS:
            return _percentage_asked(p, query)
        return _ask(p, asker, query)

    says_something = (
        p.period is not None
        or p.grounding.names_something
        or bool(p.grounding.clears)
        or bool(p.shape.dims)
        or p.shape.trend
        or p.shape.wants_list
        or p.shape.total_only
        or p.shape.order is not None
        or p.recruiter is not None
        or job_reference is not None
    )
    if last is not None and (says_something or follow_cue) and not _VAGUE_RX.search(p.norm):
        if not says_something and p.grounding.unknown:
            return _unknown_term(p) if _in_term_slot(p) else _refuse_unknown()
        query = apply_follow_up(
            last,
            topic=topic,
            period=p.period,
            grounding=p.grounding,
            shape=p.shape,
            recruiter_id=_recruiter_filter(p, asker),
            pay=p.pay,
            norm=p.norm_rest,
        )
        return _ask(p, asker, query, follow_up=True)
    recipe = find_recipe(
        RecipeInput(
            norm=p.norm_rest,
            low=q.low,
            metric=None,
            grounding=p.grounding,
            shape=p.shape,
            period=p.period,
            today=today,
            recruiter_id=_recruiter_filter(p, asker),
            hot=True if p.grounding.hot else None,
            desk=None if asker.is_admin else asker.recruiter_id,
        )
    )
    if recipe is not None:
        return _lookup(p, asker, recipe, today)
    if _VAGUE_RX.search(p.norm) or p.norm in ("pipeline", "my pipeline"):
        return _clarify_general(q, p.spans)
    if p.grounding.names_something and not p.grounding.unknown:
        return _clarify_filters(q, p.grounding, p.spans)
    if p.grounding.unknown and _in_term_slot(p) and (p.period or p.shape.wants_count):
        return _unknown_term(p)
    if p.period is not None and not p.grounding.unknown:
        return _clarify_general(q, p.spans)
    return _refuse_unknown()


def _percentage_asked(p: _Parts, query: MetricQuery) -> Reading:
    """A percentage asked where only a count was read: never the count in its place."""
    statuses = query.filters.statuses
    stage = (
        "got placed"
        if query.metric == "placements" or statuses == ["placed"]
        else "reached interviewing"
        if query.metric == "interviews" or statuses == ["interviewing"]
        else "got an offer"
        if statuses == ["offered"]
        else "were rejected"
        if statuses == ["rejected"]
        else None
    )
    if stage is None:
        return Refuse(
            "unsupported",
            "I can't work out that percentage from the data I read. I can give the share of "
            "applications that reached interviewing, an offer or a placement, and the "
            "share-link conversion rate.",
        )
    when = _period_text(p.q, p.spans)
    when_words = f" {when}" if when else ""
    noun = query.metric.replace("_", " ")
    return Clarify(
        "I can give that as a share of applications, or as a count. Which one?",
        (
            f"What percentage of applications {stage}{when_words}?",
            f"How many {noun}{when_words}?",
        ),
    )


_ALL_APPLICATION_STATUSES: Final = (
    "applied", "reviewing", "interviewing", "offered", "placed", "rejected",
)  # fmt: skip
_EXCLUDE_RX: Final = re.compile(
    r"\b(?:(?:excluding|exclude|except(?: for)?|not counting|not including|ignoring|minus|"
    r"other than|besides|leave out|leaving out|but not)\s+(?:the\s+|any\s+)?(?P<what>rejected|"
    r"rejections|declined|placed|placements|offers?|offered|interviewing|interviews|reviewing|"
    r"in review|applied)|(?:not|no longer)\s+(?P<state>rejected|declined|placed|offered|"
    r"interviewing|reviewing|in review))\b"
)
"""A status left out. "Without interviews" is history (never interviewed), not a status:
only the words that exclude name a status as a noun."""


def _statuses_named(word: str) -> tuple[str, ...]:
    for prefix, status in (
        ("reject", "rejected"), ("decline", "rejected"), ("place", "placed"),
        ("offer", "offered"), ("interview", "interviewing"), ("review", "reviewing"),
        ("in review", "reviewing"), ("applied", "applied"),
    ):  # fmt: skip
        if word.startswith(prefix):
            return (status,)
    return ()


_NEGATION: Final = (
    r"(?:not|except|excluding|exclude|other than|besides|non|minus|but not|no|without)"
)
_WITHOUT_STAGE_RX: Final = re.compile(
    r"\b(?:without|with no|no|never (?:got|had|reached|gotten)|(?:didnt|did not|havent|have not|"
    r"hasnt|has not) (?:got|gotten|had|get|have|reached))\s+(?:an?\s+|any\s+|a single\s+)?"
    r"(?:interviews?|offers?|placements?)\b"
)


_NEGATED_RX: Final = re.compile(
    r"\b(?:not|non|except|excluding|exclude|other than|besides|minus|but not|no|without)"
    r"(?:\s+|-)(?:(?:in|on|at|from|for|the|a|an|any|with|being|currently|yet|a valid)\s+)*"
    r"(?P<w>[\w&]+)(?:\s+(?P<w2>[\w&]+))?"
)
_NEGATABLE_WORDS: Final = frozenset(
    {"license", "licenses", "licensed", "certified", "certification", "certifications", "hot",
     "featured", "assignment", "contract", "active", "available", "inactive", "screening",
     "email", "emails", "phone", "phones", "resume", "resumes", "experience", "views",
     "clicks", "visits"}
)  # fmt: skip


def _negated_filter(p: _Parts) -> str | None:
    """A term the question leaves out ("not in Texas", "non ICU", "without BLS", "not on
    assignment") that the rules would otherwise read as the filter itself."""
    for m in _NEGATED_RX.finditer(p.norm):
        word = m.group("w")
        g = p.grounding
        state_words = {(g.state_code or "").lower(), *(g.state_name or "").lower().split()}
        if word in g.matched_words or word in _NEGATABLE_WORDS or word in state_words:
            return " ".join(x for x in (word, m.group("w2")) if x) if word == "on" else word
    return None


def _asks_about_applications(p: _Parts, last: MetricQuery | None) -> bool:
    metric = p.topic.metric or (last.metric if last is not None else None)
    return metric in ("applications", "candidates_applied", "interviews", "share_applications")


def _names_no_metric(p: _Parts) -> bool:
    """The question names no metric of its own (a follow-up's few words)."""
    return p.topic.metric is None


def _bare_source(p: _Parts, last: MetricQuery) -> _Parts | None:
    if last.filters.source is None and last.filters.referral_source is None:
        return None
    words = FOLLOW_UP_RX.sub("", p.norm_rest, count=1).strip()
    if not words or find_source(p.norm_rest, last.metric) is not None:
        return None
    found = find_source(f"from {words}", last.metric)
    if found is None or set(words.split()) - set(found[2]):
        return None
    unknown = tuple(w for w in p.grounding.unknown if w not in found[2])
    return dataclasses.replace(
        p,
        norm_rest=f"from {words}",
        grounding=dataclasses.replace(p.grounding, unknown=unknown),
    )


def _refuse_unknown_as_help() -> Refuse:
    refusal = _refuse_unknown()
    return Refuse("unknown", refusal.message.replace("I can't answer that yet. ", "", 1))


def _unknown_term(p: _Parts) -> Refuse:
    phrase = " ".join(p.grounding.unknown)
    return Refuse(
        "unknown_term",
        f"I don't know “{phrase}”: it is not a specialty, profession, state or metric I know, "
        "so I won't guess. Try a specialty such as ICU, ER, L&D or Med-Surg, a profession such "
        "as RN or LPN, or a state.",
    )


def _ask(p: _Parts, asker: Asker, query: MetricQuery, *, follow_up: bool = False) -> Reading:
    g = p.grounding
    # An unknown word where a specialty or place goes ("in underwater basket weaving",
    # "xyz nurses") is said so: counting without it would answer another question.
    pick = find_source(p.norm_rest, query.metric)
    if pick is None and g.certifications and query.metric == "certifications_expiring":
        pick = ("certification", g.certifications, frozenset())
    known = (pick[2] if pick is not None else frozenset()) | p.name_words
    f = query.filters
    if pick is not None and getattr(f, pick[0], None) is not None:
        pick = None  # a filter now (the metric allows it): no row to pick
    if any(w not in known for w in g.unknown) and _in_term_slot(p, known):
        return _unknown_term(p)
    unsupported = p.shape.unsupported_dims
    known |= frozenset(w for phrase in unsupported for w in phrase.split())
    notes, uncertain = _notes(p, asker, query.metric, known)
    if unsupported:
        what = query.metric.replace("_", " ")
        shown = f"by {' and '.join(query.group_by)}" if query.group_by else "the total"
        notes.insert(
            0, f"I can't break {what} down by {' or '.join(unsupported)}; this is {shown}."
        )
        uncertain = True
    if query.metric == "time_to_first_application" and re.search(r"\bsubmi", p.norm):
        # A staffing desk's "time to submit" may also run from the candidate's side: say
        # what this number is rather than let it pass for another measure.
        notes.append(
            "I read time to submit as the median days from a job's posting to its first "
            "application (a submission is an application here)."
        )
        uncertain = True
    extra, more_uncertain = _shape_notes(p, query)
    notes.extend(extra)
    uncertain = uncertain or more_uncertain
    if pick is not None and query.list_rows:
        dim, labels, _ = pick
        return Ask(
            query,
            job_reference=p.job_reference
            if p.job_reference and "-" not in p.job_reference
            else None,
            pick=(dim, labels),
            notes=tuple(notes),
            uncertain=uncertain,
            follow_up=follow_up,
            people=_asks_for_people(p, query),
            candidate_name=p.candidate_name,
        )
    if pick is not None:
        dim, labels, _ = pick
        group_by = [dim, *(d for d in query.group_by if d != dim)][:2]
        query = MetricQuery(
            metric=query.metric,
            group_by=group_by,
            filters=query.filters,
            order=query.order,
            limit=None,
            list_rows=False,
        )
        return Ask(
            query,
            job_reference=p.job_reference
            if p.job_reference and "-" not in p.job_reference
            else None,
            pick=(dim, labels),
            notes=tuple(notes),
            uncertain=uncertain,
            follow_up=follow_up,
            people=_asks_for_people(p, query),
            candidate_name=p.candidate_name,
        )
    compare = None
    if p.compare_period is not None:
        if query.group_by or query.list_rows:
            notes.append("I can compare two periods only as two numbers: this is the first.")
            uncertain = True
        else:
            compare = msgspec.structs.replace(
                query,
                filters=msgspec.structs.replace(query.filters, **period_fields(p.compare_period)),
            )
    return Ask(
        query,
        job_reference=p.job_reference if p.job_reference and "-" not in p.job_reference else None,
        notes=tuple(notes),
        uncertain=uncertain,
        follow_up=follow_up,
        people=_asks_for_people(p, query),
        candidate_name=p.candidate_name,
        with_rows=_bare(p, query) and compare is None,
        compare=compare,
    )


_NUMBER_RX: Final = re.compile(r"\b\d+\b")
_AGE_ORDER_RX: Final = re.compile(
    r"\b(?:oldest|newest|earliest|latest|most recent|longest (?:waiting|open)|stalest)\b"
)
_FORECAST_RX: Final = re.compile(
    r"\b(?:will (?:we|i|they|he|she|it)|(?:are|am|is) (?:we|i|they) going to|forecast\w*|"
    r"predict\w*|projected|projection|on pace|on track to|expected to)\b"
)
_WENT_UP_RX: Final = re.compile(
    r"\b(?:go|went|gone|going|trend\w*) (?:up|down)\b|\b(?:increase[ds]?|decrease[ds]?|grow|grew|"
    r"growing|drop(?:ped)?|up or down|better or worse|more or fewer|more or less) (?:than|from|"
    r"this|last|since|vs|in|over)\b|\b(?:did|have|has) \w+ (?:increase|decrease|grow|drop)\b"
)
"""'did placements go up this month': the period and the one before it, side by side."""


def _shape_notes(p: _Parts, query: MetricQuery) -> tuple[list[str], bool]:
    """What the question asked that the query cannot carry, said rather than dropped: a
    ranking with nothing to rank, a period that has not begun for a count of past events,
    a number nothing read ("the last 5 placements")."""
    notes: list[str] = []
    words = query.metric.replace("_", " ")
    if (
        p.shape.order
        and not query.group_by
        and not query.list_rows
        and query.metric not in NON_LISTABLE_METRICS
    ):
        notes.append(f"I couldn't tell what to rank, so this is the total of {words}.")
    start = query.filters.period_start
    if (
        p.today is not None
        and start is not None
        and start > p.today
        and query.metric not in FUTURE_METRICS
    ):
        notes.append(
            f"I count {words} when they happen, so a period that has not begun has none yet "
            "(dates planned ahead, such as interviews or start dates, are not in my data)."
        )
    if _AGE_ORDER_RX.search(p.norm) and query.metric not in NON_LISTABLE_METRICS:
        notes.append(f"I can't sort {words} by how old they are; this is not sorted by age.")
    if _FORECAST_RX.search(p.norm):
        notes.append("I count what has happened; I don't forecast, so this is no prediction.")
    known = {str(query.limit)} if query.limit else set()
    if p.job_reference:
        known.add(p.job_reference)
    g = p.grounding
    paid = g.min_weekly_pay is not None or g.min_hourly_pay is not None or p.pay.given
    unread = [] if paid else [n for n in _NUMBER_RX.findall(p.norm_rest) if n not in known]
    if unread:
        notes.append(f"I did not understand “{' '.join(unread)}” and left it out.")
    return notes, bool(notes)


def _bare(p: _Parts, query: MetricQuery) -> bool:
    """Neither "how many" nor "which/list", no breakdown: show the count and its rows."""
    s = p.shape
    return not (
        query.list_rows
        or query.group_by
        or s.wants_count
        or s.wants_list
        or s.order
        or query.metric in NON_LISTABLE_METRICS
        or re.search(r"\b(?:any|anything|number|total|count)\b", p.norm)
    )


def _lookup(p: _Parts, asker: Asker, recipe: Recipe, today: dt.date) -> Reading:
    g = p.grounding
    if g.unknown and _in_term_slot(p):
        return _unknown_term(p)
    metric = "certifications_expiring" if recipe.name.startswith("certification") else None
    notes, uncertain = _notes(p, asker, metric, frozenset())
    dims = [
        d
        for d in p.shape.dims
        if f"per {d}" not in recipe.noun  # "applications per job on average" is the recipe
        and (recipe.unit != "usd" or d not in ("day", "week", "month"))  # "weekly pay"
    ]
    if dims and not recipe.rows:
        # one overall figure must not pass for the breakdown asked ("weekly pay" is no
        # breakdown by week)
        notes.append(
            f"I can't break the {recipe.noun} down by {' or '.join(dims)}; this is the "
            "overall figure."
        )
        uncertain = True
    if p.period is not None and not p.period.all_time and "DATE '" not in recipe.sql:
        # the recipe has no date to narrow by: all time, said so
        notes.append(f"I can't narrow the {recipe.noun} to a period; this is all time.")
        uncertain = True
    parts = []
    label = " ".join(x for x in (g.specialty, g.profession, g.job_type) if x)
    if label and label.lower() not in recipe.noun.lower():
        parts.append(f"for {label}")
    if g.state_name and g.state_name not in recipe.noun and recipe.name != "license_holders":
        parts.append(f"in {g.state_name}")
    if p.recruiter is not None:
        parts.append(f"for {p.recruiter.name}")
    if p.period is not None and recipe.name in (
        "share_links", "handoffs_unanswered", "handoffs_by_outcome", "handoffs_received",
        "jobs_posted", "jobs_closed",
    ):  # fmt: skip
        parts.append(describe_period(p.period.start, p.period.end, p.period.within_days, today))
    words = "".join(" " + x for x in parts if x)
    return Lookup(recipe, words=words, notes=tuple(notes), uncertain=uncertain)


_PEOPLE_RX: Final = re.compile(
    r"^who\b|\bwho(?:s| is| are| has| have| had| got| was| were| did)?\b|\b(?:which|what|those|"
    r"these|the|my|list|show)(?: of)?(?: my| our| the)? (?:candidates|nurses|people|clinicians|"
    r"travelers|ones on my desk)\b|\bthem\b|\bnames\b"
)


def _asks_for_people(p: _Parts, query: MetricQuery) -> bool:
    return query.list_rows and bool(_PEOPLE_RX.search(p.norm))


_SLOT_AFTER: Final = re.compile(
    r"^(?:nurses?|rns?|jobs?|specialty|specialties|unit|units|candidates?|techs?|positions?|"
    r"department|placements?|applications?|openings?|travelers?|license|licenses)$"
)


def _in_term_slot(p: _Parts, known: frozenset[str] = frozenset()) -> bool:
    words = p.norm_rest.split()
    unknown = set(p.grounding.unknown) - known
    for i, word in enumerate(words):
        if word not in unknown:
            continue
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if before in ("in", "for", "with", "of") or _SLOT_AFTER.match(after):
            return True
    return False
