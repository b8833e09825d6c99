"""Dataset, config and artifact validators (arrive with the main-job issue)."""
