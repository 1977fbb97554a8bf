"""The words of a question and of a passage, as the keyword half of retrieval compares them.

A text becomes a set of *terms*: lower case, accents removed, stop words and chat filler
dropped, a light suffix stripping for English and Spanish plurals and verb endings, and a
bilingual concept table that maps words meaning the same thing in this domain to one term
(``lodging``, ``apartment``, ``vivienda`` -> ``@housing``). Concepts make a Spanish question
meet an English article (and an informal word meet the editor's word); everything else is
compared by its stem, with one typo forgiven in longer words (:func:`near`).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

__all__ = [
    "HEADS",
    "STOP",
    "compounds",
    "near",
    "near_concept",
    "normalise",
    "stem",
    "term_sequence",
    "terms",
]

_WORD: Final = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def normalise(text: str) -> str:
    """Lower case, no accents, ``401(k)`` -> ``401k``, ``H-1B`` -> ``h1b``."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"\b401\s*(?:\(\s*k\s*\)|k\b)", "401k", plain)
    plain = re.sub(r"\b([a-z])-(\d)", r"\1\2", plain)
    return plain.replace("’", "'")


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


STOP: Final = _words(
    """
    a about above after again all also am an and any are aren't as at be because been before
    being below between both but by can can't could did didn't do does doesn't doing don't
    down during each few for from further get gets getting got had has have having he her here
    hers him his how i i'd i'll i'm i've if in into is isn't it it's its just let's me might
    more most much must my no nor not now of off on once only or other our ours out over own
    same she should so some such than that that's the their them then there these they this
    those through to too under until up very was wasn't we we'd we're were what what's when
    where which while who whom why will with won't would you you'd you'll you're you've your
    yours yourself yall y'all ya u ur im ive dont doesnt cant wont whats hows theres thats id
    ll ve re ppl people person many happen happens happened find usually come comes take
    takes took without para asignacion asignaciones policy policies politica politicas
    rule rules regla reglas program programa
    hi hey hello hiya thanks thank please pls plz ok okay yes yeah yep so well just really
    actually question quick wondering wonder curious know tell explain anyone someone guys
    kind sort thing things stuff like mean also still even ever every one ones lot lots
    need want wanna gonna gotta think say said ask asking help via per whether else
    you'all company agency excel medical staffing travel traveler travelers nurse nurses
    nursing job jobs work working assignment assignments
    de la el en y a los las del se por un una con no su al lo como mas o pero sus le ya
    fue este ha si porque esta son entre cuando muy sin sobre ser tiene tambien me hasta
    hay donde han quien desde todo nos durante todos uno les ni contra otros ese eso ante
    ellos e esto mi antes algunos que unos yo otro otras otra el tanto esa estos mucho
    quienes nada muchos cual poco ella estar estas algunas algo nosotros mis tu te ti tus
    ellas nosotras vosotros vosotras os mio mia mios mias tuyo tuya suyo suya nuestro
    nuestra vuestro vuestra esos esas estoy estas esta estamos estan hola gracias favor
    pregunta saber quiero quisiera necesito puedo puede pueden podria tengo tienes tiene
    tienen hacer hago usted ustedes ud uds es soy eres somos sea va van voy cuanto cuanta
    cuantos cuantas como cual cuales que porque donde cuando cada mucho muy bien ok
    empresa agencia trabajo trabajos enfermera enfermero enfermeras enfermeros
    """
)
"""Words that say nothing about the topic: function words, chat filler, and the words
every question here shares (nurse, job, travel), in both languages."""

# Words meaning the same thing here, in English and Spanish, mapped to one concept.
_CONCEPTS: Final[dict[str, tuple[str, ...]]] = {
    "@housing": (
        "housing house houses lodging apartment apartments apt accommodation accommodations "
        "furnished stay staying room rent landlord airbnb "
        "vivienda viviendas alojamiento apartamento apartamentos departamento casa amueblado "
        "quedar quedo hospedaje renta alquiler"
    ),
    "@stipend": (
        "stipend stipends per-diem allowance allowances m&ie mie tax-free taxfree viatico viaticos"
    ),
    "@pay": (
        "pay pays paid paying payment payments salary wage wages money earn earning earnings "
        "rate rates compensation paycheck paychecks payday "
        "pago pagos pagan paga pagar sueldo salario dinero tarifa ganar cheque"
    ),
    "@package": "package packages paquete paquetes breakdown",
    "@tax": "tax taxes taxable taxed irs impuesto impuestos",
    "@insurance": ("insurance insured coverage covered plan plans seguro seguros cobertura medico"),
    "@dental": "dental dentist dentista",
    "@vision": "vision eye eyes glasses vista",
    "@retirement": "401k retirement retire jubilacion retiro",
    "@benefit": "benefit benefits perks beneficio beneficios",
    "@sick": "sick ill illness enfermedad enfermo enferma",
    "@vacation": (
        "pto vacation vacations holiday-pay leave timeoff vacaciones libre libres descanso"
    ),
    "@refer": (
        "refer refers referred referring referral referrals referal refferal invite "
        "recommend recomendar recomiendo recomiende referir referido referidos referida "
        "referencia"
    ),
    "@bonus": "bonus bonuses bono bonos",
    "@friend": "friend friends coworker coworkers colleague colleagues amiga amigo amigas amigos",
    "@license": ("license licenses licence licences licensed licensure licencia licencias"),
    "@compact": "compact nlc multistate multi-state compacta compacto multiestatal",
    "@state": "state states",
    "@credentialing": (
        "credentialing credentials credential onboarding compliance clearance cleared "
        "credenciales credencial"
    ),
    "@document": "document documents documentation paperwork docs documento documentos papeles",
    "@drug": "drug drugs urine tox toxicology droga drogas",
    "@test": "test tests testing screen screening prueba pruebas examen",
    "@background": "background criminal antecedentes",
    "@physical": "physical fisico",
    "@vaccine": "vaccine vaccines vaccination shot shots immunization immunizations vacuna vacunas",
    "@apply": (
        "apply applied applying application applications aplicar aplique aplico postular "
        "postule solicitud solicitudes aplicacion postulacion"
    ),
    "@recruiter": "recruiter recruiters reclutador reclutadora reclutadores",
    "@interview": "interview interviews interviewing entrevista entrevistas",
    "@offer": "offer offers oferta ofertas",
    "@submit": "submit submitted submission presentar presentan presenten",
    "@timesheet": "timesheet timesheets hoja",
    "@stub": "stub stubs paystub paystubs talon talones w2",
    "@deposit": "deposit direct-deposit deposito",
    "@weekly": "weekly week weeks biweekly semanal semana semanas",
    "@first": "first primer primera primero",
    "@reimburse": (
        "reimburse reimbursed reimbursement reimbursements refund cover covers reembolso "
        "reembolsan reembolsar reembolsa devuelven"
    ),
    "@flight": (
        "flight flights airfare plane gas mileage drive driving vuelo avion gasolina millaje"
    ),
    "@certification": (
        "certification certifications certificate certified cert certs bls acls pals nrp "
        "certificacion certificaciones"
    ),
    "@contract": "contract contracts contrato contratos",
    "@extend": "extend extension extensions extending extender extension",
    "@cancel": "cancel cancelled canceled cancellation cancels cancelar cancelan cancelado",
    "@census": "census low-census",
    "@experience": "experience experienced years year experiencia anos ano",
    "@newgrad": "new-grad newgrad graduate graduates grad grads graduada graduadas graduado",
    "@cna": "cna cnas aide aides auxiliar",
    "@lpn": "lpn lpns lvn lvns",
    "@allied": (
        "allied therapist therapists tech techs technologist technologists respiratory "
        "radiology aliados"
    ),
    "@pet": "pet pets dog dogs cat cats mascota mascotas perro perros gato gatos",
    "@family": "family husband wife kids children spouse partner familia esposo esposa hijos",
    "@overtime": "overtime ot extra extras",
    "@time": "long how-long soon tarda tardan demora tiempo",
    "@change": "change switch different cambiar diferente",
    "@limit": "limit limits cap maximum max limite",
    "@start": "start starts starting begin begins kick-in empieza empiezan empezar comienza inicio",
    "@next": "next-step",
    "@facility": "facility facilities hospital hospitals clinic clinics centro",
    "@fast": "fast faster quick quicker quickly speed expedite rapido rapida acelerar",
}

_CONCEPT_OF: Final[dict[str, str]] = {
    normalise(word): concept for concept, words in _CONCEPTS.items() for word in words.split()
}

_PHRASES: Final = (
    # "do you offer / provide / have X?": the question is about X, not about a job offer.
    (
        re.compile(
            r"\b(?:do|does|did|will|would|can|could)\s+(?:you|y'?all|u|ya|excel|they)"
            r"(?:\s+guys|\s+all)?\s+(?:offer|provide|give|have|got)\b"
        ),
        " ",
    ),
    (re.compile(r"\b(?:ofrecen|ofrece|dan|tienen)\b"), " "),
    (re.compile(r"\bkicks?\s+in\b"), " kick-in "),
    (
        re.compile(
            r"\bwhat(?:'?s|\s+is|\s+are)?\s+(?:the\s+)?next(?:\s+steps?)?\b|\bnext\s+steps?\b"
            r"|\bwhat\s+happens\s+(?:now|next|after)\b|\bque\s+sigue\b"
            r"|\bque\s+pasa\s+(?:ahora|despues)\b|\by\s+ahora\s+que\b"
        ),
        " next-step ",
    ),
    (re.compile(r"\b(?:first|pay|my|next)\s+check\b"), " paycheck "),
    (re.compile(r"\bper\s+diem\s+(?:stipend|rate|allowance)s?\b"), " stipend "),
    (re.compile(r"\bhow\s+long\b"), " how-long "),
    (re.compile(r"\bnew\s+grads?\b|\brecien\s+graduad[ao]s?\b"), " new-grad "),
    (re.compile(r"\blow\s+census\b"), " low-census "),
    (re.compile(r"\bdirect\s+deposit\b|\bdeposito\s+directo\b"), " direct-deposit "),
    (re.compile(r"\btime\s+off\b|\bdays?\s+off\b|\bdias\s+libres\b"), " timeoff "),
    (re.compile(r"\btax\s+free\b|\blibres?\s+de\s+impuestos\b"), " tax-free "),
    (re.compile(r"\bpay\s*stubs?\b"), " paystub "),
    (re.compile(r"\bw-?2\b"), " w2 "),
    (re.compile(r"\bmulti\s*-?\s*state\b"), " multistate "),
    (re.compile(r"\bm\s*&\s*ie\b"), " mie "),
)


def stem(word: str) -> str:
    """A light English/Spanish suffix stripper: plurals and the commonest verb endings."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, keep, shortest in (
        ("ies", "y", 3),
        ("ing", "", 4),
        ("ed", "", 4),
        ("es", "", 4),
        ("s", "", 3),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)] + keep
    return word


def term_sequence(text: str) -> list[str | None]:
    """The terms of ``text`` in order; ``None`` where a stop word stood between two."""
    plain = normalise(text)
    for pattern, replacement in _PHRASES:
        plain = pattern.sub(replacement, plain)
    found: list[str | None] = []
    for token in re.findall(r"[a-z0-9&]+(?:-[a-z0-9]+)*", plain):
        # A hyphenated word is a concept as a whole ("tax-free") or its parts ("one-bedroom").
        parts = [token] if token in _CONCEPT_OF else token.split("-")
        for raw in parts:
            concept = _CONCEPT_OF.get(raw)
            if concept is not None:
                found.append(concept)
            elif raw in STOP or len(raw) < 2:
                found.append(None)
            else:
                stemmed = stem(raw)
                found.append(_CONCEPT_OF.get(stemmed) or stemmed)
    return found


def terms(text: str) -> frozenset[str]:
    """The terms of ``text`` (concepts ``@housing`` and stems ``deductible``)."""
    return frozenset(t for t in term_sequence(text) if t is not None)


HEADS: Final = frozenset(
    {"@insurance", "@bonus", "@stipend", "@reimburse", "@license", "@vacation", "@sick", "@test"}
)
"""Concepts that a word in front narrows to a kind ("pet insurance", "sign-on bonus")."""


def compounds(text: str) -> frozenset[tuple[str, str]]:
    """(modifier, head) pairs written next to each other: ``pet insurance`` ->
    ``("@pet", "@insurance")``. A passage answers such a question only if its article
    has both: a pet paragraph and an insurance paragraph do not make pet insurance."""
    sequence = term_sequence(text)
    pairs: set[tuple[str, str]] = set()
    for first, second in itertools.pairwise(sequence):
        if first is None or second is None or first == second:
            continue
        if second in HEADS and first not in HEADS:
            pairs.add((first, second))  # "pet insurance"
        elif first in HEADS and second not in HEADS:
            pairs.add((second, first))  # "seguro dental", "license fee"
    # Spanish names the kind after the head: "seguro de mascotas", "bono por referidos".
    for head, modifier in _ES_COMPOUND.findall(normalise(text)):
        head_terms, modifier_terms = terms(head), terms(modifier)
        for h in head_terms & HEADS:
            pairs.update((m, h) for m in modifier_terms if m != h and m not in HEADS)
    return frozenset(pairs)


_ES_COMPOUND: Final = re.compile(
    r"\b(seguros?|bonos?|licencias?|viaticos?|reembolsos?|prueba|pruebas)\s+(?:de|del|por|para)\s+"
    r"(?:(?:la|el|los|las|mi|mis|un|una)\s+)?([a-z]+)"
)


@lru_cache(maxsize=4096)
def _close(a: str, b: str) -> bool:
    """One edit apart (insert, delete, replace or swap of two neighbours)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def near_concept(term: str) -> str | None:
    """The concept of a word ``term`` is a typo of ("credentialling" -> ``@credentialing``)."""
    if term.startswith("@") or len(term) < 5 or term.isdigit():
        return None
    for word, concept in _CONCEPT_OF.items():
        if len(word) >= 5 and abs(len(word) - len(term)) <= 1 and _close(term, word):
            return concept
    return None


def near(term: str, vocabulary: Iterable[str]) -> str | None:
    """The vocabulary's term ``term`` is a typo of (one edit, words of 5+ letters), if any."""
    if term.startswith("@") or len(term) < 5 or term.isdigit():
        return None
    for known in vocabulary:
        if not known.startswith("@") and abs(len(known) - len(term)) <= 1 and _close(term, known):
            return known
    return None
