"""Referral codes, friends referred, rewards."""
