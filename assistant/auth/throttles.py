"""Account rules from settings: throttles (the rules themselves live in
data_layer.accounts.login_attempts), token and session lifetimes, where links point.

The website's auth endpoints and the chat (turns, sign-up tool) use the same rules.
"""

from __future__ import annotations

import datetime as dt

from config.settings import Settings
from data_layer.accounts.login_attempts import LoginThrottle, RegistrationThrottle
from data_layer.accounts.signups import LinkRules
from data_layer.chat.sessions import TokenLimits


def login_rule(settings: Settings) -> LoginThrottle:
    return LoginThrottle(
        window=dt.timedelta(seconds=settings.login_throttle_window_s),
        free_failures=settings.login_free_failures_per_pair,
        max_delay=dt.timedelta(seconds=settings.login_max_delay_s),
        max_per_ip=settings.login_max_failures_per_ip,
    )


def registration_rule(settings: Settings) -> RegistrationThrottle:
    return RegistrationThrottle(
        window=dt.timedelta(seconds=settings.register_throttle_window_s),
        max_per_ip=settings.register_max_per_ip,
    )


def chat_token_limits(settings: Settings) -> TokenLimits:
    return TokenLimits(
        idle=dt.timedelta(hours=settings.chat_token_idle_hours),
        absolute=dt.timedelta(days=settings.chat_token_max_days),
    )


def link_rules(settings: Settings) -> LinkRules:
    return LinkRules(
        base_url=settings.public_base_url,
        verify_lifetime=dt.timedelta(hours=settings.verify_link_hours),
        reset_lifetime=dt.timedelta(minutes=settings.reset_link_minutes),
        mail_per_address_per_hour=settings.account_mail_max_per_email,
    )


def session_lifetime(settings: Settings, *, staff: bool) -> dt.timedelta:
    """Staff see far more personal data than candidates: their logins end sooner."""
    if staff:
        return dt.timedelta(hours=settings.staff_session_lifetime_hours)
    return dt.timedelta(days=settings.session_lifetime_days)
