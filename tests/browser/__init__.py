"""Browser tests: the built playbook in Debian's chromium (marked ``browser``)."""
