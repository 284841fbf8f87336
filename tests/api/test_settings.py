from dataclasses import fields

import pytest

from scene_api.config import Settings, SettingsError


def test_reads_scene_variables_with_types():
    settings = Settings.from_env({"SCENE_HOLD_MINUTES": "15", "SCENE_PAYMENTS_SANDBOX": "false"})
    assert settings.hold_minutes == 15
    assert settings.payments_sandbox is False


def test_rejects_a_malformed_number():
    with pytest.raises(SettingsError, match="SCENE_HOLD_MINUTES"):
        Settings.from_env({"SCENE_HOLD_MINUTES": "ten"})


def test_development_defaults_are_accepted_outside_production():
    Settings.from_env({}).check_production_ready()


def test_production_refuses_development_secrets():
    settings = Settings.from_env(
        {
            "SCENE_ENV": "production",
            "SCENE_DATABASE_URL": "postgresql+asyncpg://db/scene",
            "SCENE_REDIS_URL": "redis://cache",
            "SCENE_S3_ENDPOINT": "s3:9000",
            "SCENE_PAYMENTS_SANDBOX": "false",
        }
    )
    with pytest.raises(SettingsError, match="SCENE_JWT_SECRET"):
        settings.check_production_ready()


PAYMENT_PROVIDERS = {
    f"SCENE_{name}": "live-value"
    for name in (
        "PAYFAST_MERCHANT_ID",
        "PAYFAST_SECURED_KEY",
        "JAZZCASH_MERCHANT_ID",
        "JAZZCASH_PASSWORD",
        "JAZZCASH_INTEGRITY_SALT",
        "JAZZCASH_MPIN",
        "EASYPAISA_STORE_ID",
        "EASYPAISA_HASH_KEY",
        "EASYPAISA_ACCOUNT_NUM",
        "EASYPAISA_USERNAME",
        "EASYPAISA_PASSWORD",
    )
} | {
    "SCENE_PAYFAST_BASE_URL": "https://ipg1.apps.net.pk",
    "SCENE_PAYFAST_API_BASE_URL": "https://apipxy.apps.net.pk:8443/api",
    "SCENE_JAZZCASH_BASE_URL": "https://payments.jazzcash.com.pk",
    "SCENE_EASYPAISA_BASE_URL": "https://easypay.easypaisa.com.pk",
}


MESSAGING_PROVIDERS = {
    f"SCENE_{f.name.upper()}": "https://provider.example" if f.name.endswith("_base_url") else "live-value"
    for f in fields(Settings)
    if f.name.startswith(("twilio_", "whatsapp_", "veevo_")) and "dev-only-" in str(f.default)
} | {
    "SCENE_SMS_BACKEND": "twilio,veevo",
    "SCENE_WHATSAPP_BACKEND": "cloud",
    "SCENE_VAPID_PRIVATE_KEY": "a-real-vapid-key",
}


def test_production_refuses_the_payment_sandbox():
    environ = ready_for_production() | {"SCENE_PAYMENTS_SANDBOX": "true"}
    with pytest.raises(SettingsError, match="sandbox"):
        Settings.from_env(environ).check_production_ready()
    Settings.from_env(environ | {"SCENE_PAYMENTS_SANDBOX": "false"}).check_production_ready()


def test_production_refuses_development_payment_credentials_and_the_local_sandbox_as_provider():
    environ = {
        "SCENE_ENV": "production",
        "SCENE_DATABASE_URL": "postgresql+asyncpg://db/scene",
        "SCENE_REDIS_URL": "redis://cache",
        "SCENE_S3_ENDPOINT": "s3:9000",
        "SCENE_PAYMENTS_SANDBOX": "false",
    }
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(environ).check_production_ready()
    for name in ("SCENE_JAZZCASH_INTEGRITY_SALT", "SCENE_PAYFAST_SECURED_KEY", "SCENE_EASYPAISA_BASE_URL"):
        assert name in str(refused.value)


def ready_for_production() -> dict[str, str]:
    secrets = dict.fromkeys(("JWT_SECRET", "PII_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"), "a-real-secret")
    return (
        {f"SCENE_{key}": value for key, value in secrets.items()}
        | PAYMENT_PROVIDERS
        | MESSAGING_PROVIDERS
        | {
            "SCENE_ENV": "production",
            "SCENE_S3_SECRET_KEY": "s3-real",
            "SCENE_QR_SIGNING_KEY": "qr-real",
            "SCENE_STORAGE_SECRET": "storage-real",
            "SCENE_DATABASE_URL": "postgresql+asyncpg://db/scene",
            "SCENE_REDIS_URL": "redis://cache",
            "SCENE_S3_ENDPOINT": "s3:9000",
            "SCENE_PAYMENTS_SANDBOX": "false",
        }
    )


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"SCENE_SMS_BACKEND": "console"}, "console SMS outbox"),
        ({"SCENE_SMS_BACKEND": "twilio,console"}, "console SMS outbox"),
        ({"SCENE_SMS_BACKEND": ""}, "console SMS outbox"),
        ({"SCENE_WHATSAPP_BACKEND": ""}, "without WhatsApp"),
        ({"SCENE_MESSAGING_SANDBOX": "true"}, "messaging sandbox"),
        ({"SCENE_VAPID_PRIVATE_KEY": ""}, "web push key"),
        ({"SCENE_TWILIO_BASE_URL": "dev-only-sandbox"}, "SCENE_TWILIO_BASE_URL"),
        ({"SCENE_WHATSAPP_APP_SECRET": "dev-only-whatsapp-app-secret"}, "SCENE_WHATSAPP_APP_SECRET"),
    ],
)
def test_production_refuses_to_start_without_real_messaging(change: dict[str, str], refusal: str):
    Settings.from_env(ready_for_production()).check_production_ready()
    with pytest.raises(SettingsError, match=refusal):
        Settings.from_env(ready_for_production() | change).check_production_ready()
