"""Browser tests: the running app driven in headless Chromium through Playwright."""
