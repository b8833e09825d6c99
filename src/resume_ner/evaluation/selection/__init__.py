"""Best trial across studies and the accuracy-speed trade-off (arrive with the HPO issue)."""
