"""The messaging providers' sandboxes: Twilio, a Pakistani SMS gateway, WhatsApp Cloud API, a push service."""
