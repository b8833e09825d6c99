"""Run a named suite of checks and print one pass/fail report (arrive with the main-job issue)."""
