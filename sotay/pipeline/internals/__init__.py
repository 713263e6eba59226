"""Implementation of the checker and the reconciler. Import from `sotay.pipeline`, not from here."""
