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


def test_production_refuses_the_payment_sandbox():
    secrets = dict.fromkeys(("JWT_SECRET", "PII_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"), "a-real-secret")
    environ = {f"SCENE_{key}": value for key, value in secrets.items()} | {
        "SCENE_ENV": "production",
        "SCENE_S3_SECRET_KEY": "s3-real",
        "SCENE_QR_SIGNING_KEY": "qr-real",
        "SCENE_STORAGE_SECRET": "storage-real",
        "SCENE_DATABASE_URL": "postgresql+asyncpg://db/scene",
        "SCENE_REDIS_URL": "redis://cache",
        "SCENE_S3_ENDPOINT": "s3:9000",
    }
    with pytest.raises(SettingsError, match="sandbox"):
        Settings.from_env(environ).check_production_ready()
    Settings.from_env(environ | {"SCENE_PAYMENTS_SANDBOX": "false"}).check_production_ready()
