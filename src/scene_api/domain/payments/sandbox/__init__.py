"""A local PayFast, JazzCash and Easypaisa for development and tests: no network, no money.

Each sandbox plays its provider's hosted checkout page (Approve / Decline / Abandon), sends the
signed callbacks the real one sends (server to server, plus the browser's return) and answers
status inquiries and refunds in the provider's own request and response shape. Its state lives in
Redis. The API serves it under /sandbox/{provider} only when `settings.payments_sandbox` is on,
which production refuses.
"""
