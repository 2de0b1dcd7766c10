"""Browser tests of the web workspace (Playwright on the system's Chromium)."""
