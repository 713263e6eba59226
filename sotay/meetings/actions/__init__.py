"""Writes to meetings: keyword-only arguments, one transaction, one audit row each (ADR 0006)."""
