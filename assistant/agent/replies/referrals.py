"""Replies about referrals: each friend's status, the bonuses and when they are paid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Final

from assistant.agent.replies.wording import day, masked, money
from tools.referrals import Referral, Reward

_REFERRAL_STATUS: Final[Mapping[str, tuple[str, str]]] = {
    "sent": ("invited on {date}, hasn't signed up yet", "invited, hasn't signed up yet"),
    "registered": ("signed up (referred on {date})", "signed up"),
    "applied": ("signed up and applied to a job (referred on {date})", "applied to a job"),
    "placed": ("was placed and started working (referred on {date})", "was placed"),
}


def _paid_by(reward: Reward, today: dt.date) -> bool:
    """Paid, or approved with a payment date that has come."""
    if reward.status == "paid":
        return True
    return (
        reward.status == "approved"
        and reward.payment_date is not None
        and reward.payment_date <= today
    )


def _reward_text(reward: Reward, today: dt.date) -> str:
    amount = money(reward.amount)
    when = day(reward.payment_date)
    if reward.status == "paid":
        return f"{amount} bonus paid on {when}" if when else f"{amount} bonus paid"
    if reward.status == "approved":
        if _paid_by(reward, today):
            return f"{amount} bonus approved, paid on {when}"
        if when:
            return f"{amount} bonus approved, to be paid on {when}"
        return f"{amount} bonus approved, payment date to be scheduled"
    if reward.status == "rejected":
        return f"{amount} bonus not approved"
    return f"{amount} bonus pending"


def referrals_summary(referrals: Sequence[Referral], *, today: dt.date | None = None) -> str:
    """Each referral (masked email) with its status, rewards and payment dates."""
    day_now = today or dt.date.today()
    if not referrals:
        return (
            "You haven't referred anyone yet. Know a great nurse or allied professional? Say "
            '"refer a friend" and I\'ll send them an invite with your referral code.'
        )
    lines: list[str] = []
    paid = approved = 0.0
    for ref in referrals:
        dated, undated = _REFERRAL_STATUS.get(
            ref.status, (f"status {ref.status} (referred on {{date}})", f"status {ref.status}")
        )
        status = dated.format(date=day(ref.created_at)) if ref.created_at else undated
        line = f"- {masked(ref.referred_email)}: {status}"
        rewards = [_reward_text(r, day_now) for r in ref.rewards]
        if rewards:
            line += "; " + "; ".join(rewards)
        lines.append(line)
        for reward in ref.rewards:
            if _paid_by(reward, day_now):
                paid += reward.amount
            elif reward.status == "approved":
                approved += reward.amount
    count = len(referrals)
    opening = "Here's your referral:" if count == 1 else f"Here are your {count} referrals:"
    text = opening + "\n" + "\n".join(lines)
    totals = []
    if paid:
        totals.append(f"{money(paid)} paid")
    if approved:
        totals.append(f"{money(approved)} approved and on its way")
    if totals:
        text += "\n\nSo far: " + ", ".join(totals) + "."
    return text + '\n\nWant to refer someone else? Just say "refer a friend".'


def referral_created(email: str | None, code: str | None, url: str | None = None) -> str:
    """The invite went out (no bold here: a masked ``j***@x.com`` next to ``**`` confuses
    simple Markdown renderers)."""
    text = f"Done! I've sent an invite to {masked(email)} with your referral code {code}."
    if url:
        text += f" They can also sign up with your personal link:\n{url}\n"
    else:
        text += " "
    return text + 'I\'ll keep track for you; just ask "did my friend sign up?" anytime.'
