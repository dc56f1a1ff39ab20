"""The code that does I/O: files, the environment, the clock, git, HTTP, IMAP, mailboxes."""
