"""Prometheus metrics. Request metrics come from Litestar's middleware; these are Scene's own.

Counters live in the process that does the work (the API, or the worker, which serves its own
/metrics port). Anything another process does (a message the worker delivered) is read from the
database when /metrics is scraped, as are state counts (bookings, payments, orders by status), so
every replica reports the same truth.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

JOB_DURATION = Histogram("scene_job_duration_seconds", "How long SAQ jobs ran", ["function"])
JOB_FAILURES = Counter("scene_job_failures_total", "SAQ jobs that ended in an error", ["function"])
HOLDS_EXPIRED = Counter("scene_holds_expired_total", "Booking holds that expired unpaid")
ROWS_BY_STATUS = Gauge(
    "scene_rows_by_status", "Bookings, payments, orders and join requests by status", ["kind", "status"]
)
MESSAGES = Gauge(
    "scene_messages_last_hour",
    "Messages (codes, notifications) queued in the last hour, by channel, provider and where they stand",
    ["channel", "provider", "status"],
)
MESSAGE_FAILURES = Gauge(
    "scene_message_failures_last_hour",
    "Messages queued in the last hour that failed, by channel, provider and the provider's error code",
    ["channel", "provider", "error_code"],
)
REJECTED_WEBHOOKS = Gauge(
    "scene_rejected_webhooks_last_hour",
    "Provider callbacks refused for a bad signature in the last hour, by provider",
    ["provider"],
)
