"""Settings: one object built from SCENE_* environment variables, read once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, get_type_hints

DEV_SECRET_PREFIX = "dev-only-"
"""Every development default secret starts with this, so production mode can refuse them."""


class SettingsError(RuntimeError):
    """The environment asks for something the app must not run with."""


OTP_MAX_TTL_SECONDS = 600
OTP_MAX_ATTEMPTS = 5
"""Bounds no environment may raise: a code lives at most 10 minutes and allows at most 5 tries."""


@dataclass(frozen=True)
class Settings:
    """All configuration of Scene. Each field is read from `SCENE_<FIELD NAME IN CAPITALS>`."""

    env: str = "development"
    """`development`, `test` or `production`. Production refuses development secrets."""
    host: str = "127.0.0.1"
    api_port: int = 8000
    ui_port: int = 8080
    public_url: str = ""
    """Where members open the app; share links and payment return URLs start with it.
    Empty: the UI's own address, http://host:ui_port."""
    state_dir: Path = Path(".scene")
    """Where embedded PostgreSQL, Redis and S3 keep their data in development."""

    database_url: str = ""
    """Empty means: start embedded PostgreSQL under state_dir."""
    database_pool_size: int = 10
    database_echo: bool = False
    redis_url: str = ""
    """Empty means: start an embedded redis-server under state_dir."""
    s3_endpoint: str = ""
    """host:port of an S3 API. Empty means: start embedded SeaweedFS under state_dir."""
    s3_access_key: str = "scene"
    s3_secret_key: str = "dev-only-s3-secret"
    s3_bucket: str = "scene-media"
    s3_secure: bool = False
    s3_region: str = "us-east-1"

    jwt_secret: str = "dev-only-jwt-secret-change-me-0123456789abcdef"
    jwt_algorithm: str = "HS256"
    jwt_audience: str = "scene"
    access_token_minutes: int = 15
    refresh_token_days: int = 30

    pii_encryption_keys: str = "dev-only-pii-key-0"
    """Comma separated; the first key encrypts, all keys decrypt (rotation)."""
    blind_index_key: str = "dev-only-blind-index-key"

    otp_ttl_seconds: int = 300
    """How long a sign-in code works; at most OTP_MAX_TTL_SECONDS (10 minutes)."""
    otp_max_attempts: int = 5
    """Tries per code; at most OTP_MAX_ATTEMPTS (5)."""
    otp_resend_cooldown_seconds: int = 60
    otp_max_per_phone_per_hour: int = 5
    otp_max_per_device_per_hour: int = 10
    """Codes one browser (its signed `scene_device` cookie, or NiceGUI's browser id) may ask for."""
    otp_max_per_ip_per_hour: int = 300
    """High on purpose: Pakistani carriers put thousands of phones behind one IP (carrier-grade NAT).
    docs/messaging.md, "Sign-in limits on carrier-grade NAT", says why this number."""
    otp_burst_window_seconds: int = 600
    """The window of the anomaly brakes below; a tripped brake holds until the window ends."""
    otp_max_per_number_range_per_burst: int = 20
    """Codes to one block of 10,000 numbers (the E.164 number without its last 4 digits)."""
    otp_max_to_pakistan_per_burst: int = 1000
    otp_max_per_other_country_per_burst: int = 20
    """Codes to one foreign country code: Scene is for Pakistan, so a burst abroad is SMS pumping."""
    sms_backend: str = "console"
    """SMS gateways in the order they are tried, comma separated: `twilio`, `veevo`; `console` writes
    messages to the log and the sms_outbox table (development and tests only)."""
    whatsapp_backend: str = ""
    """`cloud` sends through the WhatsApp Business Cloud API; empty: no WhatsApp."""
    messaging_sandbox: bool = False
    """Serve the local SMS, WhatsApp and push sandboxes under /sandbox/messaging. Refused in production."""
    messaging_sandbox_url: str = ""
    """Where providers set to `dev-only-sandbox` are reached; empty: {api_url}/sandbox/messaging."""

    twilio_base_url: str = "dev-only-sandbox"
    """Twilio's REST root (https://api.twilio.com); `dev-only-sandbox` is the local sandbox."""
    twilio_account_sid: str = "ACdev-only-twilio-account"
    twilio_auth_token: str = "dev-only-twilio-auth-token"
    twilio_from: str = "+15005550006"
    """The sending number (or a Messaging Service SID starting MG)."""

    veevo_base_url: str = "dev-only-sandbox"
    """Veevo Tech's API root (https://api.veevotech.com); `dev-only-sandbox` is the local sandbox."""
    veevo_api_key: str = "dev-only-veevo-api-hash"
    """The account's API hash, sent as `hash` with every message."""
    veevo_sender: str = "Default"
    """`sendernum`: the registered sender mask (or Veevo's shared `Default`)."""
    veevo_callback_secret: str = "dev-only-veevo-callback-secret"
    """Scene's own check on Veevo delivery reports: the token in the DLR URL set in Veevo's portal."""

    whatsapp_base_url: str = "dev-only-sandbox"
    """The Graph API root with its version (https://graph.facebook.com/v21.0)."""
    whatsapp_phone_number_id: str = "dev-only-phone-number-id"
    whatsapp_access_token: str = "dev-only-whatsapp-access-token"
    whatsapp_app_secret: str = "dev-only-whatsapp-app-secret"
    """Signs webhooks (X-Hub-Signature-256)."""
    whatsapp_verify_token: str = "dev-only-whatsapp-verify-token"
    """The token Meta echoes in the webhook subscription handshake."""

    vapid_private_key: str = ""
    """Web push: the VAPID private key (PEM or base64url). Empty in development: one is made and kept
    under state_dir; production refuses empty."""
    vapid_subject: str = "mailto:ops@scene.pk"

    code_fallback_seconds: int = 45
    """A sign-in code sent by WhatsApp and not delivered within this many seconds goes again by SMS."""
    messages_daily_cap: int = 12
    """Non-essential messages (not codes or lapsing holds) one member gets per day outside the app."""

    invite_quota: int = 5
    vouch_daily_limit: int = 10
    join_requests_per_hour: int = 30
    holds_per_hour: int = 20
    max_live_holds: int = 3
    """Court holds one member may have waiting for payment at once."""
    max_open_orders: int = 3
    """Ticket reservations (across events) one member may have waiting for online payment at once."""
    hold_minutes: int = 10
    cancellation_free_hours: int = 24
    reminder_hours_before: int = 2
    share_refund_hours: int = 24
    """A participant who paid their share of an activity online and leaves more than this many hours
    before the start is refunded; later, the share is kept. A cancelled activity refunds everyone."""
    qr_signing_key: str = "dev-only-qr-signing-key"

    payments_sandbox: bool = True
    """Serve the local PayFast/JazzCash/Easypaisa sandboxes. Refused in production."""
    api_public_url: str = ""
    """Where providers and browsers reach the API (payment callbacks, returns); empty: http://host:api_port."""
    payment_reconcile_after_minutes: int = 3
    """Pending payments older than this are settled through their provider's status inquiry."""
    payfast_base_url: str = "dev-only-sandbox"
    """A provider's API root (e.g. https://ipg1.apps.net.pk); `dev-only-sandbox` is the local sandbox."""
    payfast_merchant_id: str = "dev-only-payfast-merchant"
    payfast_secured_key: str = "dev-only-payfast-secured-key"
    payfast_merchant_name: str = "Scene"
    payfast_api_base_url: str = "dev-only-sandbox"
    """PayFast's merchant API (status inquiry, refund), a host of its own (e.g.
    https://apipxy.apps.net.pk:8443/api); `dev-only-sandbox` is the local sandbox."""
    jazzcash_base_url: str = "dev-only-sandbox"
    jazzcash_merchant_id: str = "dev-only-jazzcash-merchant"
    jazzcash_password: str = "dev-only-jazzcash-password"
    jazzcash_integrity_salt: str = "dev-only-jazzcash-integrity-salt"
    jazzcash_mpin: str = "dev-only-jazzcash-mpin"
    """The merchant MPIN JazzCash asks for on mobile-wallet refunds."""
    easypaisa_base_url: str = "dev-only-sandbox"
    easypaisa_store_id: str = "dev-only-easypaisa-store"
    easypaisa_hash_key: str = "dev-only-easypaisa-hash-key-0001"
    """The AES key of merchantHashedReq: 16, 24 or 32 characters."""
    easypaisa_account_num: str = "dev-only-easypaisa-account"
    easypaisa_username: str = "dev-only-easypaisa-user"
    easypaisa_password: str = "dev-only-easypaisa-password"
    storage_secret: str = "dev-only-nicegui-storage-secret"
    """Signs NiceGUI's browser storage cookie."""

    otel_exporter: str = ""
    """Empty (tracing off), `console` or `otlp`."""
    otel_endpoint: str = "http://127.0.0.1:4318/v1/traces"
    worker_metrics_port: int = 0
    """Port where the worker serves its Prometheus metrics; 0 means off."""
    max_request_bytes: int = 8 * 1024 * 1024
    forwarded_allow_ips: str = "127.0.0.1"
    """The reverse proxies whose X-Forwarded-For names the client (comma separated, or `*` where only the
    proxy can reach the app): sign-in limits count per client IP, and behind a proxy every phone would
    otherwise share the proxy's address."""

    seed_on_start: bool = True
    log_level: str = "INFO"
    log_json: bool = False

    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0 < self.otp_ttl_seconds <= OTP_MAX_TTL_SECONDS:
            raise SettingsError(f"SCENE_OTP_TTL_SECONDS must be 1 to {OTP_MAX_TTL_SECONDS}")
        if not 0 < self.otp_max_attempts <= OTP_MAX_ATTEMPTS:
            raise SettingsError(f"SCENE_OTP_MAX_ATTEMPTS must be 1 to {OTP_MAX_ATTEMPTS}")
        if not self.public_url:  # frozen: set once here, so every reader sees the UI's real port
            object.__setattr__(self, "public_url", f"http://{self.host}:{self.ui_port}")

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def pii_keys(self) -> list[str]:
        return _listed(self.pii_encryption_keys)

    @property
    def sms_gateway_names(self) -> list[str]:
        """The SMS gateways named in `sms_backend`, in the order they are tried."""
        return _listed(self.sms_backend)

    def check_production_ready(self) -> None:
        """Refuse to start in production with a development secret or the payment sandbox."""
        if not self.is_production:
            return
        weak = [
            f"SCENE_{f.name.upper()}"
            for f in fields(self)
            if isinstance(getattr(self, f.name), str) and DEV_SECRET_PREFIX in getattr(self, f.name)
        ]
        if weak:
            raise SettingsError(f"production mode with development secrets left in: {', '.join(weak)}")
        if self.payments_sandbox:
            raise SettingsError(
                "production mode with the payment sandbox enabled: set SCENE_PAYMENTS_SANDBOX=false"
            )
        self._check_messaging_ready()
        if not (self.database_url and self.redis_url and self.s3_endpoint):
            raise SettingsError(
                "production mode needs SCENE_DATABASE_URL, SCENE_REDIS_URL and SCENE_S3_ENDPOINT"
            )

    def _check_messaging_ready(self) -> None:
        """Production must reach real phones: a real SMS gateway, WhatsApp, a VAPID key, no sandbox."""
        gateways = self.sms_gateway_names
        if not gateways or "console" in gateways:
            raise SettingsError(
                "production mode with the console SMS outbox (no message would leave the machine): "
                "set SCENE_SMS_BACKEND to twilio, veevo or both"
            )
        if self.whatsapp_backend != "cloud":
            raise SettingsError("production mode without WhatsApp: set SCENE_WHATSAPP_BACKEND=cloud")
        if self.messaging_sandbox:
            raise SettingsError(
                "production mode with the messaging sandbox enabled: set SCENE_MESSAGING_SANDBOX=false"
            )
        if not self.vapid_private_key.strip():
            raise SettingsError("production mode without a web push key: set SCENE_VAPID_PRIVATE_KEY")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        environ = dict(os.environ if environ is None else environ)
        hints = get_type_hints(cls)
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "extra":
                continue
            raw = environ.get(f"SCENE_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _parse(f.name, raw, hints[f.name])
        values.update(overrides)
        return cls(**values)


def _listed(text: str) -> list[str]:
    """A comma-separated setting as its items, spaces and empty items dropped."""
    return [item.strip() for item in text.split(",") if item.strip()]


def _parse(name: str, raw: str, kind: Any) -> Any:
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise SettingsError(f"SCENE_{name.upper()} must be true or false, not {raw!r}")
    if kind is int:
        try:
            return int(raw)
        except ValueError as exc:
            raise SettingsError(f"SCENE_{name.upper()} must be a whole number, not {raw!r}") from exc
    if kind is Path:
        return Path(raw)
    return raw


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
