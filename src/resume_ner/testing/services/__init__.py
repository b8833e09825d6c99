"""Edge-case detection and k-fold validation services (arrive with the main-job issue)."""
