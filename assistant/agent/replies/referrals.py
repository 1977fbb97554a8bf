"""Replies about referrals: each friend's status, the bonuses and when they are paid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from assistant.agent.replies.catalog import register, say
from assistant.agent.replies.wording import day, masked, money
from tools.referrals import Referral, Reward

REFERRAL_STATUSES = ("sent", "registered", "applied", "placed")

register(
    {
        "referral.status.sent": {
            "en": "invited on {date}, hasn't signed up yet",
            "es": "recibió la invitación el {date} y aún no se registra",
        },
        "referral.status.sent.undated": {
            "en": "invited, hasn't signed up yet",
            "es": "recibió la invitación y aún no se registra",
        },
        "referral.status.registered": {
            "en": "signed up (referred on {date})",
            "es": "se registró (invitación del {date})",
        },
        "referral.status.registered.undated": {"en": "signed up", "es": "se registró"},
        "referral.status.applied": {
            "en": "signed up and applied to a job (referred on {date})",
            "es": "se registró y se postuló a un trabajo (invitación del {date})",
        },
        "referral.status.applied.undated": {
            "en": "applied to a job",
            "es": "se postuló a un trabajo",
        },
        "referral.status.placed": {
            "en": "was placed and started working (referred on {date})",
            "es": "consiguió un puesto y ya empezó a trabajar (invitación del {date})",
        },
        "referral.status.placed.undated": {"en": "was placed", "es": "consiguió un puesto"},
        "referral.status.other": {
            "en": "status {status} (referred on {date})",
            "es": "estado {status} (invitación del {date})",
        },
        "referral.status.other.undated": {"en": "status {status}", "es": "estado {status}"},
        "referral.reward.paid": {
            "en": "{amount} bonus paid on {date}",
            "es": "bono de {amount} pagado el {date}",
        },
        "referral.reward.paid.undated": {
            "en": "{amount} bonus paid",
            "es": "bono de {amount} pagado",
        },
        "referral.reward.approved_paid": {
            "en": "{amount} bonus approved, paid on {date}",
            "es": "bono de {amount} aprobado, pagado el {date}",
        },
        "referral.reward.approved": {
            "en": "{amount} bonus approved, to be paid on {date}",
            "es": "bono de {amount} aprobado, se pagará el {date}",
        },
        "referral.reward.approved.undated": {
            "en": "{amount} bonus approved, payment date to be scheduled",
            "es": "bono de {amount} aprobado, con fecha de pago por programar",
        },
        "referral.reward.rejected": {
            "en": "{amount} bonus not approved",
            "es": "bono de {amount} no aprobado",
        },
        "referral.reward.pending": {
            "en": "{amount} bonus pending",
            "es": "bono de {amount} pendiente",
        },
        "referral.none": {
            "en": "You haven't referred anyone yet. Know a great nurse or allied professional? "
            'Say "refer a friend" and I\'ll send them an invite with your referral code.',
            "es": "Todavía no has referido a nadie. ¿Conoces a una gran enfermera o a otro "
            'profesional de la salud? Di "referir a un amigo" y le enviaré una '
            "invitación con tu código de referido.",
        },
        "referral.one": {"en": "Here's your referral:", "es": "Este es tu referido:"},
        "referral.many": {
            "en": "Here are your {count} referrals:",
            "es": "Estos son tus {count} referidos:",
        },
        "referral.total_paid": {"en": "{amount} paid", "es": "{amount} pagados"},
        "referral.total_approved": {
            "en": "{amount} approved and on its way",
            "es": "{amount} aprobados y en camino",
        },
        "referral.so_far": {"en": "So far: {totals}.", "es": "Hasta ahora: {totals}."},
        "referral.more": {
            "en": 'Want to refer someone else? Just say "refer a friend".',
            "es": '¿Quieres referir a alguien más? Solo di "referir a un amigo".',
        },
        "referral.created": {
            "en": "Done! I've sent an invite to {email} with your referral code {code}.",
            "es": "¡Listo! Envié una invitación a {email} con tu código de referido {code}.",
        },
        "referral.created.link": {
            "en": " They can also sign up with your personal link:\n{url}\n",
            "es": " También puede registrarse con tu enlace personal:\n{url}\n",
        },
        "referral.created.track": {
            "en": 'I\'ll keep track for you; just ask "did my friend sign up?" anytime.',
            "es": 'Yo le doy seguimiento; pregúntame "¿ya se registró mi amigo?" cuando quieras.',
        },
    }
)


def _paid_by(reward: Reward, today: dt.date) -> bool:
    """Paid, or approved with a payment date that has come."""
    if reward.status == "paid":
        return True
    return (
        reward.status == "approved"
        and reward.payment_date is not None
        and reward.payment_date <= today
    )


def _reward_text(reward: Reward, today: dt.date, lang: str = "en") -> str:
    amount = money(reward.amount, lang=lang)
    when = day(reward.payment_date, lang=lang)
    if reward.status == "paid":
        key = "referral.reward.paid" if when else "referral.reward.paid.undated"
    elif reward.status == "approved":
        if _paid_by(reward, today):
            key = "referral.reward.approved_paid"
        else:
            key = "referral.reward.approved" if when else "referral.reward.approved.undated"
    elif reward.status == "rejected":
        key = "referral.reward.rejected"
    else:
        key = "referral.reward.pending"
    return say(key, lang, amount=amount, date=when)


def _status_text(ref: Referral, lang: str) -> str:
    kind = ref.status if ref.status in REFERRAL_STATUSES else "other"
    key = f"referral.status.{kind}"
    if ref.created_at:
        return say(key, lang, date=day(ref.created_at, lang=lang), status=ref.status)
    return say(f"{key}.undated", lang, status=ref.status)


def referrals_summary(
    referrals: Sequence[Referral], *, today: dt.date | None = None, lang: str = "en"
) -> str:
    """Each referral (masked email) with its status, rewards and payment dates."""
    day_now = today or dt.date.today()
    if not referrals:
        return say("referral.none", lang)
    lines: list[str] = []
    paid = approved = 0.0
    for ref in referrals:
        line = f"- {masked(ref.referred_email, lang)}: {_status_text(ref, lang)}"
        rewards = [_reward_text(r, day_now, lang) for r in ref.rewards]
        if rewards:
            line += "; " + "; ".join(rewards)
        lines.append(line)
        for reward in ref.rewards:
            if _paid_by(reward, day_now):
                paid += reward.amount
            elif reward.status == "approved":
                approved += reward.amount
    count = len(referrals)
    opening = say("referral.one", lang) if count == 1 else say("referral.many", lang, count=count)
    text = opening + "\n" + "\n".join(lines)
    totals = []
    if paid:
        totals.append(say("referral.total_paid", lang, amount=money(paid, lang=lang)))
    if approved:
        totals.append(say("referral.total_approved", lang, amount=money(approved, lang=lang)))
    if totals:
        text += "\n\n" + say("referral.so_far", lang, totals=", ".join(totals))
    return text + "\n\n" + say("referral.more", lang)


def referral_created(
    email: str | None, code: str | None, url: str | None = None, lang: str = "en"
) -> str:
    """The invite went out (no bold here: a masked ``j***@x.com`` next to ``**`` confuses
    simple Markdown renderers)."""
    text = say("referral.created", lang, email=masked(email, lang), code=code)
    if url:
        text += say("referral.created.link", lang, url=url)
    else:
        text += " "
    return text + say("referral.created.track", lang)
