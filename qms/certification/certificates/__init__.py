"""Technical review, certification decision and certificates with their status history."""
