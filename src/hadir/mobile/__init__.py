"""Attendance from the phone: selfie and location, queued offline, synced later."""
