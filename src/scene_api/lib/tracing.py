"""OpenTelemetry tracing across API, services, database and jobs; off unless SCENE_OTEL_EXPORTER is set.

`console` prints spans (for a quick look), `otlp` sends them over HTTP to
SCENE_OTEL_ENDPOINT (an OpenTelemetry collector).
"""

from __future__ import annotations

import logging

from opentelemetry import trace
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from sqlalchemy.ext.asyncio import AsyncEngine

from scene_api.config import Settings

log = logging.getLogger(__name__)
tracer = trace.get_tracer("scene")


def configure_tracing(settings: Settings, service_name: str, engine: AsyncEngine | None = None) -> bool:
    """Install a tracer provider when an exporter is configured; returns whether tracing is on."""
    if not settings.otel_exporter:
        return False
    exporter: SpanExporter
    if settings.otel_exporter == "console":
        exporter = ConsoleSpanExporter()
    elif settings.otel_exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=settings.otel_endpoint)
    else:
        raise ValueError(f"SCENE_OTEL_EXPORTER must be console or otlp, not {settings.otel_exporter!r}")
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    if engine is not None:
        SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine)
    log.info("tracing on: %s exporter", settings.otel_exporter)
    return True
