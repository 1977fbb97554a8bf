"""Questions candidates ask the chat, with the FAQ article that answers each (or none).

Written as candidates type them: informal, lower case, typos, half sentences, English and
Spanish. ``article`` is the demo knowledge base's article key that answers the question
(:mod:`devstack.faq_demo`); ``None`` means the knowledge base has no answer and the only
right reply is "I don't know, a recruiter can tell you" (answering anyway is *invented*).
``also``: other articles whose answer is right too (a license fee is in two articles).

``TUNING`` is what retrieval's weights and floor were calibrated on; ``CHECK`` was written
afterwards and never tuned on, so the grade of ``CHECK`` is the honest estimate of how
the chat does on questions nobody has seen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FaqQuestion:
    text: str
    article: str | None
    language: str = "en"
    also: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return self.article is not None

    def accepts(self, article_key: str | None) -> bool:
        """Whether answering from ``article_key`` (None: "I don't know") is right."""
        if self.article is None:
            return article_key is None
        return article_key == self.article or article_key in self.also


def _q(text: str, article: str | None, *also: str, lang: str = "en") -> FaqQuestion:
    return FaqQuestion(text, article, lang, also)


def _es(text: str, article: str | None, *also: str) -> FaqQuestion:
    return FaqQuestion(text, article, "es", also)


TUNING: tuple[FaqQuestion, ...] = (
    # pay packages
    _q("how do travel nurse pay packages work?", "pay-packages"),
    _q(
        "why is the hourly rate so low on this offer? recruiter said the rest is stipends",
        "pay-packages",
        "tax-home",
    ),
    _q("whats a blended rate", "pay-packages"),
    _q("is the weekly pay on the job post what i'll actually get?", "pay-packages"),
    _q("do you pay overtime for travelers", "pay-packages"),
    _q("can i get paid all taxable instead of the stipend thing", "pay-packages", "tax-home"),
    _q("what does M&IE mean on my pay breakdown", "pay-packages"),
    _q("how much do you pay if i work a holiday", "pay-packages"),
    # tax home
    _q("do i qualify for tax free stipends if i live with my parents rent free", "tax-home"),
    _q("what counts as a tax home", "tax-home"),
    _q("my assignment is 30 miles from my house do i still get the stipends?", "tax-home"),
    _q("can you help me do my taxes", "tax-home"),
    # housing
    _q("do yall provide housing?", "housing"),
    _q("how much is the housing stipend", "housing"),
    _q("can i bring my dog on assignment", "housing"),
    _q("can my husband and kids come with me", "housing"),
    _q("when do i find out where im staying", "housing"),
    _q("is the apartment furnished?", "housing"),
    # benefits
    _q("when does insurance kick in", "benefits"),
    _q("do you have dental and vision", "benefits"),
    _q("is there a 401k match", "benefits"),
    _q(
        "what happens to my health insurance if i take a month off between contracts",
        "benefits",
    ),
    _q("do travel nurses get pto", "benefits", "contracts"),
    _q("do i get paid sick days", "benefits"),
    # referral bonus
    _q("how much do i get for referring a friend", "referral-bonus"),
    _q("when does the referral bonus get paid out", "referral-bonus"),
    _q("can i refer someone if i dont work for you", "referral-bonus"),
    _q("is there a limit to how many ppl i can refer", "referral-bonus"),
    _q(
        "my friend applied on her own last month, can i still get a bonus for her", "referral-bonus"
    ),
    _q("how do i refer my coworker", "referral-bonus"),
    # licensure
    _q("is texas a compact state", "nurse-licensure-compact"),
    _q("which states are in the nlc", "nurse-licensure-compact"),
    _q("does california accept a compact license", "nurse-licensure-compact"),
    _q("what is a multistate license", "nurse-licensure-compact"),
    _q("i live in florida can i work in georgia on my license", "nurse-licensure-compact"),
    _q("how do i get licensed in new york", "nurse-licensure-compact"),
    _q("do you reimburse license fees", "nurse-licensure-compact", "reimbursements"),
    _q("is there a compact license for CNAs", "nurse-licensure-compact"),
    # credentialing
    _q("how long does credentialing take", "credentialing"),
    _q("what documents do i need for onboarding", "credentialing"),
    _q("do i have to do a drug test", "credentialing"),
    _q("who pays for the physical", "credentialing"),
    _q("how can i speed up compliance", "credentialing"),
    # after applying
    _q("i just applied, what happens now?", "after-applying"),
    _q("how soon will a recruiter call me", "after-applying"),
    _q("will you submit me to a hospital without asking me first", "after-applying"),
    _q("what's the interview like", "after-applying"),
    _q("how long until i get an offer after the interview", "after-applying"),
    # getting paid
    _q("when is payday", "getting-paid"),
    _q("do you pay weekly or biweekly", "getting-paid"),
    _q("when will i get my first check", "getting-paid"),
    _q("when are timesheets due", "getting-paid"),
    _q("where do i find my pay stubs", "getting-paid"),
    # reimbursements
    _q("do you pay for my flight to the assignment", "reimbursements"),
    _q("will you reimburse my ACLS renewal", "reimbursements"),
    _q("is there travel reimbursement", "reimbursements"),
    # contracts
    _q("how long are contracts usually", "contracts"),
    _q("can i extend my contract", "contracts"),
    _q("what if the hospital cancels my shift for low census", "contracts"),
    _q("what happens if my contract gets cancelled early", "contracts"),
    _q("can i take a week off in the middle of my contract", "contracts", "benefits"),
    # requirements
    _q("how many years of experience do i need to travel", "requirements"),
    _q("do you hire new grads", "requirements"),
    _q("do you have jobs for CNAs?", "requirements"),
    _q("what certifications do i need", "requirements", "credentialing"),
    _q("do you place respiratory therapists", "requirements"),
    # recruiter
    _q("can i get a different recruiter", "working-with-your-recruiter"),
    _q("will i have the same recruiter for every assignment", "working-with-your-recruiter"),
    # Spanish, answered by a Spanish article
    _es("¿cómo funcionan los paquetes de pago?", "pay-packages"),
    _es("¿cuándo empieza el seguro médico?", "benefits"),
    _es("¿ustedes dan vivienda?", "housing"),
    _es("puedo llevar a mi perro", "housing"),
    _es("cuanto es el bono por referir a una amiga", "referral-bonus"),
    _es("¿qué estados aceptan la licencia compacta?", "nurse-licensure-compact"),
    _es("cuanto tarda el proceso de credenciales", "credentialing"),
    _es("ya apliqué, ¿qué sigue?", "after-applying"),
    _es("¿cada cuánto pagan?", "getting-paid"),
    _es("¿tienen trabajos para CNA?", "requirements"),
    _es("cuanta experiencia necesito para viajar", "requirements"),
    _es("¿ofrecen 401k?", "benefits"),
    # Spanish, answered by an English-only article
    _es("¿puedo extender mi contrato?", "contracts"),
    _es("¿me reembolsan el vuelo para llegar a la asignación?", "reimbursements"),
    # the knowledge base has no answer
    _q("do you sponsor H1B visas?", None),
    _q("what's the dental deductible?", None),
    _q("do you offer student loan repayment", None),
    _q("do you hire nurses from the philippines", None),
    _q("do you offer pet insurance", None),
    _q("is there a uniform allowance for scrubs", None),
    _q("do you do tuition reimbursement for my BSN", None),
    _q("can i use my own malpractice insurance", None),
    _q("what is your maternity leave policy", None),
    _q("do you offer short term disability", None),
    _q("do you accept religious exemptions for the flu shot", None),
    _q("do you staff strike jobs", None),
    _q("do you have remote jobs for recruiters", None),
    _q("what's workers comp like if i get hurt on the job", None),
    _q("whats your rating on glassdoor", None),
    _es("¿patrocinan visas de trabajo?", None),
    _es("¿cuánto es el deducible del seguro dental?", None),
    _es("¿pagan el uniforme?", None),
)

CHECK: tuple[FaqQuestion, ...] = (
    _q("hi! how does the pay work for travel contracts? is it all hourly?", "pay-packages"),
    _q("what are stipends exactly", "pay-packages", "tax-home"),
    _q("Is overtime time and a half?", "pay-packages"),
    _q("r the pay rates on ur website guaranteed", "pay-packages"),
    _q("do I need to keep my apartment back home to get the tax free money", "tax-home"),
    _q("Can you give me advice on filing taxes as a traveler?", "tax-home"),
    _q("if i take a local contract do i still get stipends", "tax-home"),
    _q("do you guys find housing for us or do we have to find our own", "housing"),
    _q("is wifi included in company housing", "housing"),
    _q("I have 2 cats, is that a problem for housing?", "housing"),
    _q("how is the housing stipend calculated", "housing"),
    _q("is health insurance offered from the first day?", "benefits"),
    _q("do benefits continue if i have a gap between jobs", "benefits"),
    _q("whats the 401k match", "benefits"),
    _q("is vision insurance included", "benefits"),
    _q("how much is the bonus if i refer a nurse friend of mine", "referral-bonus"),
    _q("do referral bonuses have a cap", "referral-bonus"),
    _q("can i refer an RT or only nurses", "referral-bonus"),
    _q("I'm moving to Tulsa, does Oklahoma take my compact license?", "nurse-licensure-compact"),
    _q("is new york part of the compact", "nurse-licensure-compact"),
    _q("does PA accept multistate licenses yet", "nurse-licensure-compact"),
    _q("i have a california license only, can i work in texas", "nurse-licensure-compact"),
    _q("what do i need for credentialling", "credentialing"),
    _q("how long from offer to start date usually", "credentialing"),
    _q("do i have to pay for my background check", "credentialing"),
    _q("what vaccines do i need to start", "credentialing"),
    _q("how long does it take to hear back after applying", "after-applying"),
    _q("do i have to do an interview with the hospital", "after-applying"),
    _q("how fast do offers usually come", "after-applying"),
    _q("are paychecks direct deposit", "getting-paid"),
    _q("what day do we get paid", "getting-paid"),
    _q("how do i turn in my hours", "getting-paid"),
    _q("do you cover gas money to drive to my assignment", "reimbursements"),
    _q("is my BLS renewal reimbursed", "reimbursements"),
    _q("what happens if they call me off for low census", "contracts"),
    _q("are contracts 13 weeks", "contracts"),
    _q("can i ask for christmas off during my contract", "contracts"),
    _q("i graduated nursing school in may, can i travel?", "requirements"),
    _q("do I need ACLS for ICU jobs", "requirements"),
    _q("how many yrs experience for labor and delivery travel", "requirements"),
    _q("I don't like my recruiter, can I switch", "working-with-your-recruiter"),
    _es("¿el seguro dental empieza el primer día?", "benefits"),
    _es("cuanto pagan por recomendar a alguien", "referral-bonus"),
    _es("¿pagan cada semana?", "getting-paid"),
    _es("necesito licencia compacta para trabajar en texas?", "nurse-licensure-compact"),
    _es("¿cuánto tardan en llamarme después de aplicar?", "after-applying"),
    _es("¿pagan las horas extra?", "pay-packages"),
    _es("¿puedo cancelar mi contrato antes de tiempo?", None),
    _q("do you offer relocation assistance for permanent jobs", None),
    _q("do you pay for my CEUs", None),
    _q("can i bring my RV and park it at the hospital", None),
    _q("what is the dress code", None),
    _q("do you do background checks for misdemeanors from 10 years ago", None),
    _q("is there an employee discount program", None),
    _q("what's the vision copay", None),
    _q("do you offer hazard pay for covid units", None),
    _q("do you have an office in chicago i can visit", None),
    _q("will you pay for my nclex", None),
    _es("¿ofrecen seguro para mascotas?", None),
    _es("¿tienen oficina en Miami?", None),
)
"""Written after calibration (see the module doc): never tuned on."""

QUESTIONS: tuple[FaqQuestion, ...] = (*TUNING, *CHECK)


@dataclass(frozen=True, slots=True)
class Graded:
    question: FaqQuestion
    answered: str | None
    """The article answered from (None: "I don't know, a recruiter can tell you")."""
    score: float | None
    half: str
    """``TUNING`` or ``CHECK``."""

    @property
    def right(self) -> bool:
        return self.question.accepts(self.answered)

    @property
    def invented(self) -> bool:
        """An answer given where the knowledge base has none."""
        return self.question.article is None and self.answered is not None


def figures(graded: list[Graded]) -> dict[str, object]:
    """``faq_answer_accuracy``, ``faq_invented`` and the same per half and per language."""

    def of(rows: list[Graded]) -> dict[str, object]:
        return {
            "questions": len(rows),
            "accuracy": round(sum(g.right for g in rows) / len(rows), 3) if rows else None,
            "invented": sum(g.invented for g in rows),
            "unanswered": sum(g.question.article is not None and g.answered is None for g in rows),
        }

    return {
        "faq_questions": len(graded),
        "faq_answer_accuracy": round(sum(g.right for g in graded) / len(graded), 3),
        "faq_invented": sum(g.invented for g in graded),
        "by_half": {h: of([g for g in graded if g.half == h]) for h in ("TUNING", "CHECK")},
        "by_language": {
            lang: of([g for g in graded if g.question.language == lang]) for lang in ("en", "es")
        },
    }


def halves() -> list[tuple[str, FaqQuestion]]:
    return [("TUNING", q) for q in TUNING] + [("CHECK", q) for q in CHECK]
