"""Throttling rules from settings (the rules themselves: data_layer.accounts.login_attempts).

The website's auth endpoints and the chat's sign-up tool use the same rules.
"""

from __future__ import annotations

import datetime as dt

from config.settings import Settings
from data_layer.accounts.login_attempts import LoginThrottle, RegistrationThrottle


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
