"""Links from the dashboard back to the repository (pure): edit a file, open a "New opportunity" issue.

They follow MkDocs' and Material's `repo_url` / `edit_uri` conventions: `edit_uri`
(`edit/main/docs/`; MkDocs' default on github.com is `edit/master/docs/`) names the
action and the branch; a pipeline file's link swaps the docs folder for the file's
path from the repository root (the folder of mkdocs.yml).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

ISSUE_FORM = "new-opportunity.yml"  # .github/ISSUE_TEMPLATE/new-opportunity.yml


@dataclass(frozen=True)
class RepoLinks:
    repo_url: str  # without a trailing slash
    action: str | None  # edit | blob | src …, from edit_uri
    branch: str | None
    pipeline_dir: str  # from the repository root, like "pipeline"
    github: bool  # issue links only where the host is GitHub's

    def file(self, opp_id: str, suffix: str = ".yml") -> str | None:
        """The page that edits an opportunity's file; None without a usable edit_uri."""
        if not self.action or not self.branch:
            return None
        path = PurePosixPath(self.pipeline_dir) / f"{opp_id}{suffix}"
        return f"{self.repo_url}/{quote(self.action)}/{quote(self.branch, safe='')}/{quote(path.as_posix())}"

    @property
    def edit_label(self) -> str:
        return "Edit on GitHub" if self.github else "Edit the file"

    @property
    def new_opportunity(self) -> str | None:
        """The new-issue page with the "New opportunity" form."""
        return f"{self.repo_url}/issues/new?template={ISSUE_FORM}" if self.github else None


def repo_links(repo_url: str | None, edit_uri: str | None, pipeline_dir: str = "pipeline") -> RepoLinks | None:
    """RepoLinks for mkdocs.yml's repo_url and edit_uri; None when repo_url is not an http(s) URL."""
    if not repo_url or not isinstance(repo_url, str):
        return None
    parts = urlsplit(repo_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.casefold()
    if edit_uri is None and host in ("github.com", "gitlab.com"):
        edit_uri = "edit/master/docs/"  # what MkDocs itself assumes
    action = branch = None
    segments = [s for s in (edit_uri or "").split("?")[0].split("#")[0].split("/") if s]
    if len(segments) >= 2 and not urlsplit(edit_uri or "").scheme:
        if segments[0] == "-" and len(segments) >= 3:  # GitLab: -/edit/main/docs/
            segments = [f"-/{segments[1]}", *segments[2:]]
        action, branch = segments[0], segments[1]
    folder = PurePosixPath(*[p for p in PurePosixPath(pipeline_dir).parts if p not in (".", "/")] or ["pipeline"])
    return RepoLinks(
        repo_url=repo_url.strip().rstrip("/"),
        action=action,
        branch=branch,
        pipeline_dir=folder.as_posix(),
        github="github" in host,
    )
