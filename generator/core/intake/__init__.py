"""Getting opportunities in: a job page's JobPosting, a CSV export, an issue on GitHub.

Pure modules (``jobposting``, ``issue``; the import in ``generator.core.intake``) compute; ``fetch`` is the
one that talks to the network. The commands (`new --url`, `import`, `intake-issue`)
are thin shells that write files through ``generator.adapters.edit``.
"""
