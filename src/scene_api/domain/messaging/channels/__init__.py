"""One adapter per provider (Twilio and a Pakistani gateway for SMS, WhatsApp Cloud API, web push).

Adapters speak their provider's real request format and signature scheme and never touch the
database: the delivery job hands them what to send and records what they answer.
"""
