"""Local PayFast, JazzCash and Easypaisa: each written from its provider's published documents and
examples (docs/payments.md, "Where each sandbox comes from"), never from Scene's adapters. Nothing in
this package imports Scene, so a sandbox can disagree with an adapter and a test can see it."""
