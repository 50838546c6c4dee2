"""Requests and fallbacks: leave, sickness, duty, manual attendance sheets and corrections,
their evidence files, approvals and the filing window (``docs/requests.md``)."""
