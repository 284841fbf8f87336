"""Prometheus metrics. Request metrics come from Litestar's middleware; these are Scene's own.

Counters live in the process that does the work (the API, or the worker, which serves its own
/metrics port); state counts (bookings, payments, orders by status) are read from the database
when /metrics is scraped, so every replica reports the same truth.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

SMS_SENT = Counter("scene_sms_sent_total", "SMS messages (sign-in codes, approvals) handed to the SMS sender")
JOB_DURATION = Histogram("scene_job_duration_seconds", "How long SAQ jobs ran", ["function"])
JOB_FAILURES = Counter("scene_job_failures_total", "SAQ jobs that ended in an error", ["function"])
HOLDS_EXPIRED = Counter("scene_holds_expired_total", "Booking holds that expired unpaid")
ROWS_BY_STATUS = Gauge(
    "scene_rows_by_status", "Bookings, payments, orders and join requests by status", ["kind", "status"]
)
