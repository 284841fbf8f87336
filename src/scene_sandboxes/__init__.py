"""Stand-ins for outside providers, written from their public documents, never from Scene's adapters.

Nothing here may import `scene_api.domain` (tests/messaging/test_sandbox_independence.py checks): a
sandbox that shared the adapter's code could never catch the adapter's mistakes.
"""
