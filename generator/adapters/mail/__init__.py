"""Getting mail in: mailbox files (mbox, Maildir, .eml), IMAP (read-only), the state file (mail.json)."""
